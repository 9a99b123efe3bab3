import { useCallback, useMemo, useState } from 'react';
import { useUrlParams } from '../../app/search-params';
import { type Column, type Filter, isRange } from './types.ts';

export const PAGE_SIZES = ['25', '50', '100'] as const;
/** Query-string keys of the list that are not filters. */
const RESERVED = new Set(['sort', 'limit', 'view', 'q', 'columns', 'cursor', 'open']);

export function filterKeys(filters: Filter[]): string[] {
  return filters.flatMap((f) => (isRange(f) ? [f.from, f.to] : [f.key]));
}

/**
 * The state of a list lives in the URL (filters, search, sort, page size, view), so a list can be shared,
 * bookmarked and restored with the back button; only the cursor stack and the selection are local.
 */
export function useListState<T>(entity: string, filters: Filter[], columns: Column<T>[], defaultSort?: string) {
  const [params, setParams] = useUrlParams();
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const keys = useMemo(() => filterKeys(filters), [filters]);

  const values = useMemo(() => {
    const v: Record<string, string> = {};
    for (const k of [...keys, 'q']) {
      const value = params.get(k);
      if (value) v[k] = value;
    }
    return v;
  }, [params, keys]);
  const sort = params.get('sort') ?? defaultSort ?? '';
  const limit = PAGE_SIZES.includes(params.get('limit') as '25') ? (params.get('limit') as string) : '25';
  const view = params.get('view') ?? '';

  const storageKey = `crm.columns.${entity}`;
  const defaultColumns = columns.filter((c) => !c.hidden).map((c) => c.key);
  const columnsParam = params.get('columns');
  const visible = (columnsParam ?? localStorage.getItem(storageKey) ?? defaultColumns.join(','))
    .split(',')
    .filter((k) => columns.some((c) => c.key === k));

  const update = useCallback(
    (patch: Record<string, string | null>, keepView = false) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === '') next.delete(k);
            else next.set(k, v);
          }
          if (!keepView) next.delete('view');
          return next;
        },
        { replace: true },
      );
      setCursors([]);
      setSelected(new Set());
    },
    [setParams],
  );

  return {
    values,
    sort,
    limit,
    view,
    visibleColumns: visible.length ? visible : defaultColumns,
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    selected,
    setSelected,
    setFilter: (key: string, value: string | null) => update({ [key]: value }),
    setFilters: (patch: Record<string, string | null>) => update(patch),
    clearFilters: () => update(Object.fromEntries([...keys, 'q'].map((k) => [k, null]))),
    setSort: (s: string) => update({ sort: s }, true),
    setLimit: (l: string) => update({ limit: l }, true),
    setColumns: (cols: string[]) => {
      localStorage.setItem(storageKey, cols.join(','));
      update({ columns: null }, true);
    },
    /** Applies a saved view: its filters, sort and columns replace the current ones. */
    applyView: (id: string, saved: Record<string, string>) => {
      const patch: Record<string, string | null> = Object.fromEntries([...keys, 'q', 'sort'].map((k) => [k, null]));
      for (const [k, v] of Object.entries(saved)) if (!RESERVED.has(k) || k === 'q' || k === 'sort') patch[k] = v;
      if (saved.columns) localStorage.setItem(storageKey, saved.columns);
      patch.view = id || null;
      update(patch, true);
    },
    nextPage: (cursor: string) => {
      setCursors((c) => [...c, cursor]);
      setSelected(new Set());
    },
    previousPage: () => {
      setCursors((c) => c.slice(0, -1));
      setSelected(new Set());
    },
  };
}
export type ListState = ReturnType<typeof useListState>;
