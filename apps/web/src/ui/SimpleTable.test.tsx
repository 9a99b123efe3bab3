// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
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

describe('SimpleTable, paged and expandable', () => {
  type Entry = { seq: number; action: string };
  const ENTRY_COLUMNS: SimpleColumn<Entry>[] = [{ key: 'action', header: 'Action', render: (r) => r.action }];
  const entries = [
    { seq: 1, action: 'Création' },
    { seq: 2, action: 'Modification' },
  ];

  it('"Charger plus" while there is more, then the end; a count on the left', () => {
    const onMore = vi.fn();
    const { rerender } = renderWithApp(
      <SimpleTable
        minWidth={480}
        columns={ENTRY_COLUMNS}
        rows={entries}
        rowKey={(r) => r.seq}
        pager={{ hasMore: true, loading: false, onMore, label: 'Charger plus', status: <p>2 entrées</p> }}
      />,
    );
    screen.getByRole('button', { name: 'Charger plus' }).click();
    expect(onMore).toHaveBeenCalledOnce();
    expect(screen.getByText('2 entrées')).toBeTruthy();
    rerender(
      <SimpleTable
        minWidth={480}
        columns={ENTRY_COLUMNS}
        rows={entries}
        rowKey={(r) => r.seq}
        pager={{ hasMore: false, loading: false, onMore, label: 'Charger plus', end: <p>Fin du journal</p> }}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Charger plus' })).toBeNull();
    expect(screen.getByText('Fin du journal')).toBeTruthy();
  });

  it('an open row shows its detail in a full-width row under it', () => {
    renderWithApp(
      <SimpleTable
        minWidth={480}
        columns={ENTRY_COLUMNS}
        rows={entries}
        rowKey={(r) => r.seq}
        rowTestId="entry"
        detail={(r) => (r.seq === 2 ? { id: `entry-${r.seq}`, content: <p>Avant → après</p> } : null)}
      />,
    );
    expect(screen.getAllByTestId('entry')).toHaveLength(2);
    const detail = screen.getByText('Avant → après').closest('tr');
    expect(detail?.id).toBe('entry-2');
    expect(detail?.previousElementSibling?.textContent).toBe('Modification');
  });
});
