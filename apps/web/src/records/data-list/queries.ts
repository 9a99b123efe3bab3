import { keepPreviousData, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { homeKeys, metaKeys, RECORD_KEYS } from '../../app/query-keys.ts';
import type { ListEntity, Page } from './types.ts';

/** The saved views (the API's segments) of a kind of list. */
export const savedViewKeys = {
  all: ['segments'] as const,
  of: (entity: ListEntity) => ['segments', entity] as const,
};

/** One page of a list (filters, search, sort, size and cursor in `query`), under the kind's list keys. */
export const listPageQuery = <T>(
  entity: ListEntity,
  query: Record<string, string>,
  fetchPage: (query: Record<string, string>, signal: AbortSignal) => Promise<Page<T>>,
) =>
  queryOptions({
    queryKey: RECORD_KEYS[entity].list(query),
    queryFn: ({ signal }) => fetchPage(query, signal),
    placeholderData: keepPreviousData,
  });

/** The saved views the user may apply: theirs and the shared ones. */
export const savedViewsQuery = (entity: ListEntity) =>
  queryOptions({
    queryKey: savedViewKeys.of(entity),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/segments', { params: { query: { entity } }, signal })).items,
  });

/** What the server says of a kind's fields (type, values, whether the caller may write it): the bulk edit's fields. */
export const metaFieldsQuery = (entity: ListEntity) =>
  queryOptions({
    queryKey: metaKeys.fields(entity),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/meta/entities/{entity}/fields', { params: { path: { entity } }, signal })),
    staleTime: 5 * 60_000,
  });

/** After a bulk change: every query of that kind (lists, counts, records), and the home page's cards for tasks. */
export function refreshList(queryClient: QueryClient, entity: ListEntity) {
  void queryClient.invalidateQueries({ queryKey: RECORD_KEYS[entity].all });
  if (entity === 'tasks') void queryClient.invalidateQueries({ queryKey: homeKeys.all });
}
