// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/render.tsx';
import { FilterChips } from './FilterChips.tsx';
import type { Filter } from './types.ts';

const FILTERS: Filter[] = [
  { kind: 'text', key: 'city', label: 'Ville' },
  {
    kind: 'select',
    key: 'tier',
    label: 'Tier',
    multiple: true,
    options: [
      { value: 'tier1', label: 'Tier 1' },
      { value: 'tier2', label: 'Tier 2' },
    ],
  },
  { kind: 'user', key: 'ownerId', label: 'Responsable' },
  { kind: 'boolean', key: 'hasEmail', label: 'Avec e-mail' },
  { kind: 'dateRange', key: 'created', label: 'Créée', from: 'createdFrom', to: 'createdTo' },
];
const DIRECTORY: [readonly unknown[], unknown] = [['directory', 'users'], [{ id: 'u1', name: 'Claire Fontaine' }]];

describe('FilterChips: why rows are missing, in words', () => {
  it('one chip per active filter, values by their labels, ranges with an open end', () => {
    renderWithApp(
      <FilterChips
        filters={FILTERS}
        values={{ city: 'Genève', tier: 'tier1,tier2', ownerId: 'u1', hasEmail: 'false', createdFrom: '2026-01-15' }}
        onRemove={() => {}}
      />,
      { queries: [DIRECTORY] },
    );
    expect(screen.getByText('Ville : Genève')).toBeTruthy();
    expect(screen.getByText('Tier : Tier 1, Tier 2')).toBeTruthy();
    expect(screen.getByText('Responsable : Claire Fontaine')).toBeTruthy();
    expect(screen.getByText('Avec e-mail : Non')).toBeTruthy();
    expect(screen.getByText(/^Créée : 15 janv\. 2026 → …$/)).toBeTruthy();
  });

  it('removing a range removes both of its ends', () => {
    const onRemove = vi.fn();
    renderWithApp(
      <FilterChips
        filters={FILTERS}
        values={{ createdFrom: '2026-01-15', createdTo: '2026-02-01' }}
        onRemove={onRemove}
      />,
      { queries: [DIRECTORY] },
    );
    fireEvent.click(screen.getByRole('button', { name: /Créée/ }));
    expect(onRemove).toHaveBeenCalledWith(['createdFrom', 'createdTo']);
  });

  it('nothing when no filter is active', () => {
    renderWithApp(<FilterChips filters={FILTERS} values={{}} onRemove={() => {}} />, { queries: [DIRECTORY] });
    expect(screen.queryByTestId('filter-chips')).toBeNull();
  });
});
