// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/render.tsx';
import { RowCards } from './RowCards.tsx';
import type { Column } from './types.ts';

type Row = { id: string; name: string; city: string };
const COLUMNS: Column<Row>[] = [
  { key: 'name', label: 'Nom', render: (r) => r.name },
  { key: 'city', label: 'Ville', render: (r) => r.city },
];
const ROWS: Row[] = [
  { id: 'a', name: 'Cabinet Müller', city: 'Genève' },
  { id: 'b', name: 'Fourvière Finance', city: 'Lyon' },
];

describe('RowCards: a list on a phone', () => {
  it('one card a row: the first column is the link to the record, the others labelled values', () => {
    renderWithApp(
      <RowCards
        items={ROWS}
        columns={COLUMNS}
        rowHref={(r) => `/organisations/${r.id}`}
        selected={new Set()}
        onSelect={() => {}}
        onToggleAll={() => {}}
        pending={false}
      />,
    );
    const cards = screen.getAllByTestId('list-row');
    expect(cards).toHaveLength(2);
    const first = within(cards[0] as HTMLElement);
    expect(first.getByRole('link', { name: 'Cabinet Müller' }).getAttribute('href')).toBe('/organisations/a');
    expect(first.getByText('Ville').tagName).toBe('DT');
    expect(first.getByText('Genève').tagName).toBe('DD');
    expect(first.queryByText('Nom')).toBeNull(); // the title needs no label
  });

  it('a cell with nothing to show (no action the user may take) has no label', () => {
    renderWithApp(
      <RowCards
        items={ROWS}
        columns={[...COLUMNS, { key: 'actions', label: 'Actions', render: () => false }]}
        rowHref={() => '/'}
        selected={new Set()}
        onSelect={() => {}}
        onToggleAll={() => {}}
        pending={false}
      />,
    );
    expect(screen.queryByText('Actions')).toBeNull();
    expect(screen.getAllByText('Ville')).toHaveLength(2);
  });

  it('the box selects its row', () => {
    const onSelect = vi.fn();
    const onToggleAll = vi.fn();
    renderWithApp(
      <RowCards
        items={ROWS}
        columns={COLUMNS}
        rowHref={() => '/'}
        selected={new Set(['b'])}
        onSelect={onSelect}
        onToggleAll={onToggleAll}
        pending={false}
      />,
    );
    const boxes = screen.getAllByRole('checkbox', { name: 'Sélectionner la ligne' });
    expect((boxes[1] as HTMLInputElement).checked).toBe(true);
    fireEvent.click(boxes[0] as HTMLElement);
    expect(onSelect).toHaveBeenCalledWith('a', true);
    const all = screen.getByRole('checkbox', { name: 'Tout sélectionner sur la page' }) as HTMLInputElement;
    expect(all.checked).toBe(false); // one of two selected: neither all nor none
    expect(all.indeterminate).toBe(true);
    fireEvent.click(all);
    expect(onToggleAll).toHaveBeenCalledTimes(1);
  });

  it('placeholders while the first page loads', () => {
    renderWithApp(
      <RowCards
        items={[]}
        columns={COLUMNS}
        rowHref={() => '/'}
        selected={new Set()}
        onSelect={() => {}}
        onToggleAll={() => {}}
        pending
      />,
    );
    expect(screen.queryAllByTestId('list-row')).toHaveLength(0);
    expect(screen.getByTestId('list-cards').children.length).toBeGreaterThan(0);
  });
});
