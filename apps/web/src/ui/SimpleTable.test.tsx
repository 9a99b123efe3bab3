// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../test/render.tsx';
import { type SimpleColumn, SimpleTable } from './SimpleTable.tsx';

type Row = { id: string; name: string; amount: number };
const COLUMNS: SimpleColumn<Row>[] = [
  { key: 'name', header: 'Nom', render: (r) => r.name },
  { key: 'amount', header: 'Montant', align: 'right', nowrap: true, render: (r) => `${r.amount} €` },
  { key: 'open', header: 'Ouvrir', hidden: true, render: () => <button type="button">Ouvrir</button> },
];

describe('SimpleTable', () => {
  it('a header per column (hidden ones for screen readers only) and a row per record', () => {
    renderWithApp(
      <SimpleTable
        minWidth={480}
        columns={COLUMNS}
        rows={[
          { id: 'a', name: 'Fonds Équinoxe', amount: 12 },
          { id: 'b', name: 'Fonds Garonne', amount: 7 },
        ]}
        rowTestId="row"
      />,
    );
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Nom', 'Montant', 'Ouvrir']);
    expect(screen.getAllByTestId('row')).toHaveLength(2);
    expect(screen.getByText('12 €').style.whiteSpace).toBe('nowrap');
    expect(screen.getByRole('region')).toBeTruthy(); // the focusable sideways scroller
  });

  it('skeleton rows while loading, then the empty state', () => {
    const { rerender } = renderWithApp(
      <SimpleTable minWidth={480} columns={COLUMNS} rows={undefined} pending empty={<p>Aucun fonds</p>} />,
    );
    expect(screen.queryByText('Aucun fonds')).toBeNull();
    expect(screen.getAllByRole('row')).toHaveLength(4); // header + 3 placeholders
    rerender(<SimpleTable minWidth={480} columns={COLUMNS} rows={[]} empty={<p>Aucun fonds</p>} />);
    expect(screen.getByText('Aucun fonds')).toBeTruthy();
  });
});
