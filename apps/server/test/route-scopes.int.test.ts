import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications as notificationsTable } from '../src/features/notifications/notifications.schema.ts';
import { createApiKeyFor } from './auth-helpers.ts';
import { createUser, sessionHeaders, type TestUser } from './factories.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * A read-only API key must change nothing: every route that is not a GET needs the `write` (or `admin`) scope of
 * an API key, unless it is listed here with the reason it is safe. Public routes act for nobody, so they are
 * listed too: a new public write route has to be looked at.
 */
const ALLOWED_WITHOUT_WRITE_SCOPE: Record<string, string> = {
  'POST /api/v1/auth/login': 'public: signs in with a password, acts for no key',
  'POST /api/v1/auth/password-reset/request': 'public: mails a reset link, acts for no key',
  'POST /api/v1/auth/password-reset/confirm': 'public: needs the mailed single-use token',
  'POST /api/v1/email/inbound':
    'public: the mail provider’s bounces and complaints, signed with EMAIL_INBOUND_SECRET (404 without it)',
  'POST /api/v1/email-templates/preview':
    'renders a draft for reading, as a GET would: sends nothing, changes no record',
  'POST /api/v1/campaigns/audience':
    'counts who a campaign would reach, as a GET would: sends nothing, changes nothing',
  'POST /api/v1/email-templates/:id/preview':
    'renders a template for reading, as a GET would: sends nothing, changes no record',
};

let t: TestApp;
let user: TestUser;
let readKey: string;
let notificationId: string;

beforeAll(async () => {
  t = await createTestApp();
  user = await createUser(t.deps);
  readKey = await createApiKeyFor(t.app, await sessionHeaders(t.deps, user), ['read'], 'read only');
  // Written directly: notifications come from the worker's event handlers, no endpoint creates one.
  const [n] = await t.deps.database.db
    .insert(notificationsTable)
    .values({ userId: user.id, type: 'task.assigned', title: 'x' })
    .returning();
  notificationId = (n as { id: string }).id;
});
afterAll(() => t?.close());

describe('route scopes', () => {
  it('lets no API key without the write scope call a route other than GET, except the listed ones', () => {
    const routes = t.app.crmRouteAuth;
    expect(routes.length).toBeGreaterThan(100);
    const offenders = routes
      .filter((r) => r.method !== 'GET' && r.method !== 'HEAD')
      .filter((r) => r.auth === 'public' || r.auth.scope === 'read')
      .map((r) => `${r.method} ${r.url}`)
      .filter((route) => !(route in ALLOWED_WITHOUT_WRITE_SCOPE));
    expect(offenders).toEqual([]);
  });

  it('keeps the list of exceptions true: each listed route exists and needs no write scope', () => {
    for (const route of Object.keys(ALLOWED_WITHOUT_WRITE_SCOPE)) {
      const found = t.app.crmRouteAuth.find((r) => `${r.method} ${r.url}` === route);
      expect(found, route).toBeDefined();
      expect(found?.auth === 'public' || found?.auth.scope === 'read', route).toBe(true);
    }
  });

  it.each([
    ['PATCH', '/api/v1/users/me', { name: 'changed by a read key' }],
    ['POST', '/api/v1/notifications/read-all', {}],
    ['POST', '/api/v1/notifications/:id/read', undefined],
    ['DELETE', '/api/v1/notifications/:id', undefined],
  ] as const)('refuses %s %s to a read-only API key (403 auth.scope_missing)', async (method, url, payload) => {
    const res = await t.app.inject({
      method,
      url: url.replace(':id', notificationId),
      headers: { authorization: `Bearer ${readKey}` },
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.scope_missing');
  });

  it('still lets a viewer change their own profile and notifications from a session', async () => {
    const viewer = await createUser(t.deps, { role: 'viewer' });
    const h = await sessionHeaders(t.deps, viewer);
    const [n] = await t.deps.database.db
      .insert(notificationsTable)
      .values({ userId: viewer.id, type: 'task.assigned', title: 'y' })
      .returning();
    const id = (n as { id: string }).id;
    const me = await t.app.inject({ method: 'PATCH', url: '/api/v1/users/me', headers: h, payload: { name: 'Vi' } });
    expect(me.statusCode).toBe(200);
    expect(me.json().name).toBe('Vi');
    const read = await t.app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/read`, headers: h });
    expect(read.statusCode).toBe(200);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/notifications/${id}`, headers: h });
    expect(del.statusCode).toBe(204);
    // A viewer's own write does not open the team's records to them.
    const org = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: h,
      payload: { name: 'V' },
    });
    expect(org.statusCode).toBe(403);
    expect(org.json().code).toBe('auth.forbidden');
  });

  it("lets a write key change its owner's profile", async () => {
    const key = await createApiKeyFor(t.app, await sessionHeaders(t.deps, user), ['read', 'write'], 'rw');
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'Changed by a write key' },
    });
    expect(res.statusCode).toBe(200);
  });
});
