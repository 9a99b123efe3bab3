/**
 * The app shell's queries (session, user directory, notifications, search), built on the shared keys
 * (query-keys.ts). Teams are in teams.ts.
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, data } from '../api/client.ts';
import { authKeys, directoryKeys, notificationKeys, searchKeys } from './query-keys.ts';

/** `GET /auth/session` answers 200 even when signed out, so a signed-out page logs no failed request. */
async function fetchMe() {
  const r = data(await api.GET('/api/v1/auth/session'));
  return r.user ? { user: r.user } : null;
}

/** The signed-in user (auth.tsx: `useMe`, `useCurrentUser`). */
export type Me = NonNullable<Awaited<ReturnType<typeof fetchMe>>>;

/** The signed-in user, or null when signed out. */
export const meQuery = queryOptions({
  queryKey: authKeys.me,
  queryFn: fetchMe,
  staleTime: 60_000,
  retry: false,
});

/** Active users by id and name (owner pickers, names instead of ids); refreshed through `directoryKeys.all`. */
export const directoryQuery = queryOptions({
  queryKey: [...directoryKeys.all, 'users'] as const,
  queryFn: async () => data(await api.GET('/api/v1/users/directory')).items,
  staleTime: 5 * 60_000,
});

/** The bell's notifications (the latest 30 and the unread count), polled every minute. */
export const notificationsQuery = queryOptions({
  queryKey: [...notificationKeys.all, 'bell'] as const,
  queryFn: async ({ signal }) =>
    data(await api.GET('/api/v1/notifications', { params: { query: { limit: 30 } }, signal })),
  refetchInterval: 60_000,
  staleTime: 30_000,
});

/** The ⌘K search over every entity (at least two characters); the previous hits stay while the next ones load. */
export const searchQuery = (q: string) =>
  queryOptions({
    queryKey: searchKeys.query(q),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/search', { params: { query: { q, limit: 20 } }, signal })),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
