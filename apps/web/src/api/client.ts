import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './problem.ts';
import type { components, paths } from './schema.gen.ts';

export type { components, paths };
export type Schemas = components['schemas'];

export { ApiError };

/** The CSRF token the server sets in a readable cookie at sign-in; sent back on every write. */
function csrfToken(): string | undefined {
  const match = document.cookie.match(/(?:^|;\s*)crm_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1] as string) : undefined;
}

type Listener = () => void;
const expiredListeners = new Set<Listener>();
/** Called when an authenticated request answers 401: the session expired or was revoked. */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const middleware: Middleware = {
  onRequest({ request }) {
    if (WRITE_METHODS.has(request.method)) {
      const token = csrfToken();
      if (token) request.headers.set('x-csrf-token', token);
    }
    return request;
  },
  async onResponse({ request, response }) {
    if (response.ok) return response;
    const problem = (await response
      .clone()
      .json()
      .catch(() => ({}))) as Record<string, unknown>;
    const retry = Number(response.headers.get('retry-after'));
    const error = new ApiError(response.status, problem, Number.isFinite(retry) && retry > 0 ? retry : undefined);
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !path.startsWith('/api/v1/auth/')) for (const l of expiredListeners) l();
    throw error;
  },
};

/** Typed client of the public API: paths, parameters and bodies are checked against the OpenAPI document. */
export const api = createClient<paths>({
  baseUrl: `${globalThis.location?.origin ?? ''}`,
  querySerializer: { array: { style: 'form', explode: false } },
});
api.use(middleware);

/** Unwraps an openapi-fetch result (errors already threw in the middleware). */
export function data<T>(result: { data?: T }): T {
  return result.data as T;
}

/** Builds a URL of the API (for downloads: exports, attachments, error reports). */
export function apiUrl(path: string, query: Record<string, string | number | boolean | undefined | null> = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

/** Sends a write outside the typed client (uploads with FormData), with the same CSRF and error handling. */
export async function rawFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = csrfToken();
  if (token && init.method && WRITE_METHODS.has(init.method)) headers.set('x-csrf-token', token);
  const response = await fetch(`/api/v1${path}`, { ...init, headers, credentials: 'same-origin' });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 401) for (const l of expiredListeners) l();
    throw new ApiError(response.status, problem);
  }
  return response;
}
