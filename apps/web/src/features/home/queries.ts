import { queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { homeKeys, interactionKeys, taskKeys } from '../../app/query-keys.ts';

/** Tasks a card of the home page lists per view (the rest behind "N more"). */
export const TASKS_SHOWN = 8;

/** The figures, the tasks' counts and the open pipeline. */
export const homeSummaryQuery = queryOptions({
  queryKey: homeKeys.part('summary'),
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/home', { signal })),
});

/** My open tasks of a view (overdue: latest first; today: soonest first): a task list, refreshed with the others. */
export const myTasksQuery = (view: 'overdue' | 'today') => {
  const query = {
    view,
    mine: 'true' as const,
    status: ['todo' as const, 'doing' as const],
    sort: view === 'overdue' ? '-dueAt' : 'dueAt',
    limit: TASKS_SHOWN,
  };
  return queryOptions({
    queryKey: taskKeys.list(query),
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/tasks', { params: { query }, signal })),
  });
};

/** The latest interactions of the CRM. */
export const recentInteractionsQuery = (() => {
  const query = { sort: '-occurredAt', limit: 8 };
  return queryOptions({
    queryKey: interactionKeys.list(query),
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/interactions', { params: { query }, signal })),
  });
})();
