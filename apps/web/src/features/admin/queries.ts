import { infiniteQueryOptions, keepPreviousData, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, data, type paths } from '../../api/client.ts';
import { directoryKeys, marketingKeys, userKeys } from '../../app/query-keys.ts';
import { teamKeys } from '../../app/teams.ts';
import type { User } from './api.ts';

/** The administration's own queries: the users list, the audit log, the job queues and the cache figures. */

export type UsersParams = NonNullable<paths['/api/v1/users']['get']['parameters']['query']>;
export type AuditParams = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;

export const auditKeys = {
  all: ['audit'] as const,
  list: (params: AuditParams) => ['audit', 'list', params] as const,
};
export const systemKeys = {
  all: ['admin'] as const,
  jobs: ['admin', 'jobs'] as const,
  cacheStats: ['admin', 'cache-stats'] as const,
};

/** How often the cache figures and the job queues refresh themselves. */
export const REFRESH_MS = 10_000;
const JOBS_PAGE = 20;

/** The users page: one filtered list, page by page. */
export const usersListQuery = (params: UsersParams) =>
  infiniteQueryOptions({
    queryKey: userKeys.list(params),
    queryFn: async ({ pageParam, signal }) =>
      data(await api.GET('/api/v1/users', { params: { query: { ...params, cursor: pageParam } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

/** Every user, inactive ones included (admins only), for names in the audit log and the actor filter. */
export const allUsersQuery = queryOptions({
  queryKey: userKeys.everyone(),
  queryFn: async () => {
    const all: User[] = [];
    let cursor: string | undefined;
    do {
      const page = data(await api.GET('/api/v1/users', { params: { query: { limit: 200, cursor } } }));
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all.sort((a, b) => a.name.localeCompare(b.name));
  },
  staleTime: 60_000,
});

/** The audit log, newest first, filtered, page by page. */
export const auditLogQuery = (params: AuditParams) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(params),
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/audit', {
          params: { query: { ...params, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

/** The job queues counted by state, and the failed jobs page by page. */
export const jobsQuery = infiniteQueryOptions({
  queryKey: systemKeys.jobs,
  queryFn: async ({ pageParam, signal }) =>
    data(
      await api.GET('/api/v1/admin/jobs', {
        params: { query: { state: 'failed', limit: JOBS_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        signal,
      }),
    ),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.jobs.nextCursor ?? undefined,
  placeholderData: keepPreviousData,
  refetchInterval: REFRESH_MS,
});

/** The read cache's figures. */
export const cacheStatsQuery = queryOptions({
  queryKey: systemKeys.cacheStats,
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/cache/stats', { signal })),
  refetchInterval: REFRESH_MS,
});

/** A user created, changed, (de)activated: the users lists, the teams (member counts) and the directory of names. */
export function refreshUsers(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: userKeys.all });
  void queryClient.invalidateQueries({ queryKey: teamKeys.all });
  void queryClient.invalidateQueries({ queryKey: directoryKeys.all });
}

export const mailKeys = {
  all: ['admin', 'mail'] as const,
  settings: ['admin', 'mail', 'settings'] as const,
  messages: (status?: string) => ['admin', 'mail', 'messages', status ?? 'all'] as const,
};

/** Where mail goes, DKIM and the outbox's counts (docs/MAIL.md); polled, as the outbox moves by itself. */
export const mailSettingsQuery = queryOptions({
  queryKey: mailKeys.settings,
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/mail/settings', { signal })),
  refetchInterval: REFRESH_MS,
});

type MailStatus = NonNullable<
  NonNullable<paths['/api/v1/mail/messages']['get']['parameters']['query']>['status']
>[number];

/** The latest mails, of one status or all. */
export const mailMessagesQuery = (status?: MailStatus) =>
  queryOptions({
    queryKey: mailKeys.messages(status),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/mail/messages', {
          params: { query: { limit: 50, ...(status ? { status: [status] } : {}) } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });

/** Who marketing mail is from: the company name and postal address of every footer, the sender, the reply-to. */
export const marketingSettingsQuery = queryOptions({
  queryKey: marketingKeys.settings,
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/marketing/settings', { signal })),
  staleTime: 5 * 60_000,
});
