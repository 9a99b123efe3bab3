import { useDebouncedCallback } from '@mantine/hooks';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useUrlParams } from '../../../app/search-params';
import type { AuditParams } from '../queries.ts';

const PAGE = 50;
const TEXT_FILTERS = ['entityType', 'entityId', 'action'] as const;

/** The audit log's filters, kept in the address (the typed entity id debounced), and the list query they make. */
export function useAuditFilters() {
  const [params, setParams] = useUrlParams();
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(TEXT_FILTERS.map((k) => [k, params.get(k) ?? ''])),
  );
  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const commitText = useDebouncedCallback((key: string, value: string) => setParam(key, value.trim() || null), 350);
  const setText = (key: string, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    commitText(key, value);
  };
  const clear = () => {
    setDraft(Object.fromEntries(TEXT_FILTERS.map((k) => [k, ''])));
    setParams(new URLSearchParams(), { replace: true });
  };

  const from = params.get('from');
  const to = params.get('to');
  const query: AuditParams = {
    limit: PAGE,
    ...Object.fromEntries(TEXT_FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k) as string]] : []))),
    ...(params.get('actor') ? { actorUserId: params.get('actor') as string } : {}),
    ...(from ? { from: dayjs(from).startOf('day').toISOString() } : {}),
    ...(to ? { to: dayjs(to).endOf('day').toISOString() } : {}),
  };
  const filterCount = Object.keys(query).length - 1 - (query.to && query.from ? 1 : 0);

  return {
    get: (key: string) => params.get(key),
    from,
    to,
    draft,
    setParam,
    setText,
    clear,
    query,
    filterCount,
    filtered: filterCount > 0,
  };
}
export type AuditFilterState = ReturnType<typeof useAuditFilters>;
