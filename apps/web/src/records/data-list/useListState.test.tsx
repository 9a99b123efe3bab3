// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderHookWithApp } from '../../test/render.tsx';
import type { Column, Filter } from './types.ts';
import { useListState } from './useListState.ts';

const FILTERS: Filter[] = [
  { kind: 'text', key: 'city', label: 'Ville' },
  { kind: 'numberRange', key: 'aum', label: 'Encours', from: 'aumMin', to: 'aumMax' },
];
const COLUMNS: Column<{ id: string }>[] = [
  { key: 'name', label: 'Nom', render: () => null },
  { key: 'city', label: 'Ville', render: () => null },
  { key: 'createdAt', label: 'Créée le', render: () => null, hidden: true },
];

/** The hook and the URL it writes to. */
const setup = (url: string) =>
  renderHookWithApp(
    () => ({ list: useListState('organisations', FILTERS, COLUMNS, '-updatedAt'), location: useLocation() }),
    { url },
  );

describe('useListState: the state of a list lives in the URL', () => {
  it('reads filters, search and sort from the URL, ignoring what is not a filter of the list', () => {
    const { result } = setup('/organisations?city=Gen%C3%A8ve&aumMin=1000000&q=cabinet&other=x&sort=name');
    expect(result.current.list.values).toEqual({ city: 'Genève', aumMin: '1000000', q: 'cabinet' });
    expect(result.current.list.sort).toBe('name');
    expect(result.current.list.limit).toBe('25');
  });

  it('falls back to the default sort and the columns not hidden', () => {
    const { result } = setup('/organisations');
    expect(result.current.list.sort).toBe('-updatedAt');
    expect(result.current.list.visibleColumns).toEqual(['name', 'city']);
  });

  it('a filter change writes the URL, leaves the saved view and clears the selection and the pages', () => {
    const { result } = setup('/organisations?view=v1&city=Lyon');
    act(() => result.current.list.setSelected(new Set(['a', 'b'])));
    act(() => result.current.list.nextPage('cursor-2'));
    expect(result.current.list.page).toBe(2);
    act(() => result.current.list.setFilter('city', 'Paris'));
    const params = new URLSearchParams(result.current.location.search);
    expect(params.get('city')).toBe('Paris');
    expect(params.has('view')).toBe(false);
    expect(result.current.list.selected.size).toBe(0);
    expect(result.current.list.page).toBe(1);
  });

  it('sorting keeps the saved view; clearing removes every filter and the search, not the sort', () => {
    const { result } = setup('/organisations?view=v1&city=Lyon&q=x&sort=name');
    act(() => result.current.list.setSort('-name'));
    expect(new URLSearchParams(result.current.location.search).get('view')).toBe('v1');
    act(() => result.current.list.clearFilters());
    const params = new URLSearchParams(result.current.location.search);
    expect([...params.keys()].sort()).toEqual(['sort']);
  });

  it('an unknown page size falls back to 25', () => {
    const { result } = setup('/organisations?limit=5000');
    expect(result.current.list.limit).toBe('25');
  });
});
