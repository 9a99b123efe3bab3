/** The tasks feature's queries, on the shared keys (app/query-keys.ts): a task change refreshes `taskKeys.all`. */
import { queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { RECORD_KEYS, taskKeys } from '../../app/query-keys.ts';
import { RECORDS } from '../../app/records.ts';
import { type Tab, tabQuery } from '../../records/tasks/task-api.ts';

/** One task (the drawer). */
export const taskQuery = (id: string | null) =>
  queryOptions({
    queryKey: taskKeys.record(id ?? ''),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/tasks/{id}', { params: { path: { id: id as string } }, signal })),
    enabled: Boolean(id),
  });

/** Number of tasks in a tab (the badges on the tabs): a task list query. */
export const taskCountQuery = (tab: Tab, mine: boolean) =>
  queryOptions({
    queryKey: taskKeys.list({ count: tab, mine }),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/tasks', {
          params: { query: { ...tabQuery(tab), ...(mine ? { mine: 'true' } : {}), limit: 1 } as never },
          signal,
        }),
      ).total,
  });

/** One column of the board: the tasks of the API query `q` (its status, sort and limit included). */
export const taskBoardColumnQuery = (q: Record<string, string>) =>
  queryOptions({
    queryKey: taskKeys.list({ board: q }),
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/tasks', { params: { query: q as never }, signal })),
  });
