import { queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { accountKeys } from '../../app/query-keys.ts';

async function fetchSessions({ signal }: { signal: AbortSignal }) {
  return data(await api.GET('/api/v1/auth/sessions', { signal })).items;
}
export type Session = Awaited<ReturnType<typeof fetchSessions>>[number];

/** The signed-in user's live sessions (this device first). */
export const sessionsQuery = queryOptions({ queryKey: accountKeys.sessions, queryFn: fetchSessions });

async function fetchApiKeys({ signal }: { signal: AbortSignal }) {
  return data(await api.GET('/api/v1/api-keys', { params: { query: {} }, signal })).items;
}
export type ApiKey = Awaited<ReturnType<typeof fetchApiKeys>>[number];

/** The signed-in user's API keys, revoked and expired ones included. */
export const apiKeysQuery = queryOptions({ queryKey: accountKeys.apiKeys, queryFn: fetchApiKeys });
