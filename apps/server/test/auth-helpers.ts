import type { FastifyInstance } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from '../src/platform/auth/resolve-actor.ts';
import type { ApiScope } from '../src/platform/context.ts';

export type AuthHeaders = { cookie: string; 'x-csrf-token': string };

/** Environment for auth tests: the per-IP `auth` rate limit (5/min) would otherwise hide the behaviour under test. */
export const AUTH_TEST_ENV = { RATE_LIMIT_AUTH_PER_MIN: '10000' };

/** The value of one cookie from a response's Set-Cookie headers. */
export function cookieFrom(setCookie: string | string[] | undefined, name: string): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const c of all) {
    const [pair] = c.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0 && pair.slice(0, eq) === name) return pair.slice(eq + 1);
  }
  return undefined;
}

/** Signs in through POST /auth/login and returns the headers of that browser session (cookie + CSRF). */
export async function loginViaApi(
  app: FastifyInstance,
  email: string,
  password: string,
  totp?: string,
  opts: { ip?: string } = {},
): Promise<AuthHeaders> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password, ...(totp ? { totp } : {}) },
    ...(opts.ip ? { remoteAddress: opts.ip } : {}),
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const token = cookieFrom(res.headers['set-cookie'], SESSION_COOKIE);
  if (!token) throw new Error('login set no session cookie');
  return { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: res.json().csrfToken } as AuthHeaders;
}

/** Creates a personal API key through POST /api-keys with the given session headers; returns the secret. */
export async function createApiKeyFor(
  app: FastifyInstance,
  headers: Record<string, string>,
  scopes: ApiScope[],
  name = 'test key',
): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload: { name, scopes } });
  if (res.statusCode !== 201) throw new Error(`API key creation failed: ${res.statusCode} ${res.body}`);
  return res.json().key as string;
}
