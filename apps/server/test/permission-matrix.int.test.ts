/**
 * The permission matrix of DOMAIN.md, route by route: who may call what.
 *
 * | role    | users admin | directory | teams read | teams write | audit, cache, jobs | own API keys |
 * |---------|-------------|-----------|------------|-------------|--------------------|--------------|
 * | admin   | yes         | yes       | yes        | yes         | yes                | yes          |
 * | manager | 403         | yes       | yes        | 403         | 403                | yes          |
 * | user    | 403         | yes       | yes        | 403         | 403                | yes          |
 * | viewer  | 403         | yes       | yes        | 403         | 403                | yes (read)   |
 * | anon    | 401         | 401       | 401        | 401         | 401                | 401          |
 *
 * Then the API-key cases: a key acts as its owner, limited to the scopes it carries.
 */
import { randomBytes } from 'node:crypto';
import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/platform/context.ts';
import { createTeam, createUser, sessionHeaders, type TestUser } from './factories.ts';
import { createTestApp, type TestApp } from './test-app.ts';

type Who = Role | 'anonymous';
type Outcome = '2xx' | '401' | '403';
const WHO: Who[] = ['admin', 'manager', 'user', 'viewer', 'anonymous'];

const adminOnly: Record<Who, Outcome> = { admin: '2xx', manager: '403', user: '403', viewer: '403', anonymous: '401' };
const signedIn: Record<Who, Outcome> = { admin: '2xx', manager: '2xx', user: '2xx', viewer: '2xx', anonymous: '401' };

interface Caller {
  who: Who;
  user: TestUser | null;
  headers: Record<string, string>;
}

interface Row {
  method: HTTPMethods;
  /** The route as declared (for the "is it mounted" check). */
  route: string;
  /** The concrete URL for one call; may create what it targets (a throwaway user, team or key). */
  url(c: Caller): Promise<string> | string;
  body?(c: Caller): unknown;
  expected: Record<Who, Outcome>;
}

let t: TestApp;
const callers = {} as Record<Who, Caller>;
const uniq = () => randomBytes(5).toString('hex');
const throwawayUser = async () => (await createUser(t.deps, { role: 'viewer' })).id;
/** A user invited and not yet signed up (no password). */
const throwawayInvitedUser = async () =>
  (await createUser(t.deps, { role: 'viewer', passwordHash: null, invitedAt: new Date() })).id;
const throwawayTeam = async () => (await createTeam(t.deps)).id;

/** An API key owned by the caller (the admin's when anonymous), created through the API itself. */
async function ownKey(c: Caller): Promise<string> {
  const owner = c.user ? c : callers.admin;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: owner.headers,
    payload: { name: `k-${uniq()}`, scopes: ['read'] },
  });
  expect(res.statusCode, `creating a key for ${owner.who}: ${res.body}`).toBe(201);
  return res.json().id;
}

const rows: Row[] = [
  // Users administration: admins only.
  { method: 'GET', route: '/api/v1/users', url: () => '/api/v1/users', expected: adminOnly },
  {
    method: 'GET',
    route: '/api/v1/users/:id',
    url: (c) => `/api/v1/users/${(c.user ?? callers.admin.user)?.id}`,
    expected: adminOnly,
  },
  {
    method: 'POST',
    route: '/api/v1/users',
    url: () => '/api/v1/users',
    body: () => ({
      email: `m-${uniq()}@example.test`,
      name: 'Matrix',
      role: 'user',
      password: 'Blue-Lantern-Orbit-7731',
    }),
    expected: adminOnly,
  },
  {
    method: 'PATCH',
    route: '/api/v1/users/:id',
    url: async () => `/api/v1/users/${await throwawayUser()}`,
    body: () => ({ name: 'Renamed' }),
    expected: adminOnly,
  },
  {
    method: 'DELETE',
    route: '/api/v1/users/:id',
    url: async () => `/api/v1/users/${await throwawayUser()}`,
    expected: adminOnly,
  },
  {
    method: 'POST',
    route: '/api/v1/users/:id/invitation',
    url: async () => `/api/v1/users/${await throwawayInvitedUser()}/invitation`,
    expected: adminOnly,
  },
  {
    method: 'POST',
    route: '/api/v1/users/:id/password-reset',
    url: async () => `/api/v1/users/${await throwawayUser()}/password-reset`,
    expected: adminOnly,
  },
  { method: 'GET', route: '/api/v1/users/directory', url: () => '/api/v1/users/directory', expected: signedIn },
  // Teams: everyone signed in reads, admins write.
  { method: 'GET', route: '/api/v1/teams', url: () => '/api/v1/teams', expected: signedIn },
  {
    method: 'GET',
    route: '/api/v1/teams/:id',
    url: async () => `/api/v1/teams/${await throwawayTeam()}`,
    expected: signedIn,
  },
  {
    method: 'POST',
    route: '/api/v1/teams',
    url: () => '/api/v1/teams',
    body: () => ({ name: `Team ${uniq()}` }),
    expected: adminOnly,
  },
  {
    method: 'PATCH',
    route: '/api/v1/teams/:id',
    url: async () => `/api/v1/teams/${await throwawayTeam()}`,
    body: () => ({ description: 'changed' }),
    expected: adminOnly,
  },
  {
    method: 'DELETE',
    route: '/api/v1/teams/:id',
    url: async () => `/api/v1/teams/${await throwawayTeam()}`,
    expected: adminOnly,
  },
  // Audit trail: admins only.
  { method: 'GET', route: '/api/v1/audit', url: () => '/api/v1/audit', expected: adminOnly },
  { method: 'GET', route: '/api/v1/audit/verify', url: () => '/api/v1/audit/verify', expected: adminOnly },
  { method: 'GET', route: '/api/v1/cache/stats', url: () => '/api/v1/cache/stats', expected: adminOnly },
  { method: 'DELETE', route: '/api/v1/cache', url: () => '/api/v1/cache?namespace=search', expected: adminOnly },
  { method: 'GET', route: '/api/v1/admin/jobs', url: () => '/api/v1/admin/jobs', expected: adminOnly },
  // Personal API keys: every signed-in role manages its own (a viewer's carry `read` only).
  {
    method: 'POST',
    route: '/api/v1/api-keys',
    url: () => '/api/v1/api-keys',
    body: () => ({ name: `k-${uniq()}`, scopes: ['read'] }),
    expected: signedIn,
  },
  { method: 'GET', route: '/api/v1/api-keys', url: () => '/api/v1/api-keys', expected: signedIn },
  {
    method: 'DELETE',
    route: '/api/v1/api-keys/:id',
    url: async (c) => `/api/v1/api-keys/${await ownKey(c)}`,
    expected: signedIn,
  },
];

const classOf = (status: number) => (status >= 200 && status < 300 ? '2xx' : String(status));

beforeAll(async () => {
  t = await createTestApp();
  const team = await createTeam(t.deps);
  for (const who of WHO) {
    if (who === 'anonymous') {
      callers[who] = { who, user: null, headers: {} };
      continue;
    }
    const user = await createUser(t.deps, { role: who, teamId: team.id, name: `Matrix ${who}` });
    callers[who] = { who, user, headers: await sessionHeaders(t.deps, user) };
  }
});
afterAll(async () => t?.close());

describe('permission matrix (DOMAIN.md roles)', () => {
  it('has every route of the matrix mounted', () => {
    const missing = rows
      .filter((r) => !t.app.hasRoute({ method: r.method, url: r.route }))
      .map((r) => `${r.method} ${r.route}`);
    expect(missing, `routes missing from the app: ${missing.join(', ')}`).toEqual([]);
  });

  const cases = rows.flatMap((r) => WHO.map((who) => ({ ...r, who, outcome: r.expected[who] })));
  it.each(cases)('$method $route as $who -> $outcome', async (row) => {
    const c = callers[row.who];
    const url = await row.url(c);
    const body = row.body?.(c);
    const res = await t.app.inject({
      method: row.method,
      url,
      headers: c.headers,
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    const problem = res.body ? (res.json() as { code?: string }) : {};
    expect(problem.code, `${row.method} ${row.route} is not mounted`).not.toBe('route.not_found');
    expect(classOf(res.statusCode), `${row.method} ${url} as ${row.who}: ${res.body}`).toBe(row.outcome);
    if (row.outcome === '403') expect(problem.code).toMatch(/^auth\.(forbidden|scope_missing)$/);
    if (row.outcome === '401') expect(problem.code).toBe('auth.unauthenticated');
  });
});

describe('API keys act as their owner, limited to their scopes', () => {
  const keyFor = async (who: Role, scopes: string[]) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: callers[who].headers,
      payload: { name: `scoped-${uniq()}`, scopes },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { authorization: `Bearer ${res.json().key as string}` };
  };
  const call = (method: HTTPMethods, url: string, headers: Record<string, string>, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('a read-only key reads but cannot write, even for an admin', async () => {
    const key = await keyFor('admin', ['read']);
    expect((await call('GET', '/api/v1/teams', key)).statusCode).toBe(200);
    const post = await call('POST', '/api/v1/teams', key, { name: `T ${uniq()}` });
    expect(post.statusCode).toBe(403);
    expect(post.json().code).toBe('auth.scope_missing');
    expect((await call('GET', '/api/v1/users', key)).statusCode).toBe(403);
    const mint = await call('POST', '/api/v1/api-keys', key, { name: 'x', scopes: ['read'] });
    expect(mint.statusCode).toBe(403);
  });

  it("an admin's key with the admin scope administers users and teams (no CSRF header needed)", async () => {
    const key = await keyFor('admin', ['read', 'write', 'admin']);
    expect((await call('GET', '/api/v1/users', key)).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/teams', key, { name: `T ${uniq()}` })).statusCode).toBe(201);
  });

  it("a user's write key still cannot do what the role cannot", async () => {
    const key = await keyFor('user', ['read', 'write']);
    expect((await call('GET', '/api/v1/users/directory', key)).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/teams', key, { name: `T ${uniq()}` })).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/audit', key)).statusCode).toBe(403);
  });

  it('a viewer may not mint a key with scopes beyond read', async () => {
    const res = await call('POST', '/api/v1/api-keys', callers.viewer.headers, { name: 'w', scopes: ['write'] });
    expect(res.statusCode).toBe(403);
  });

  it('an unknown key is refused with 401', async () => {
    const res = await call('GET', '/api/v1/teams', { authorization: `Bearer crm_${uniq()}` });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.api_key_invalid');
  });

  it('a cookie write without the CSRF header is refused with 403', async () => {
    const { 'x-csrf-token': _csrf, ...cookieOnly } = callers.admin.headers;
    const res = await call('POST', '/api/v1/teams', cookieOnly, { name: `T ${uniq()}` });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.csrf');
  });
});
