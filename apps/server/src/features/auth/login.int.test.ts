import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV, cookieFrom, loginViaApi } from '../../../test/auth-helpers.ts';
import { createUser, type TestUser } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { users } from '../../platform/auth/auth.schema.ts';

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await createTestApp({ env: AUTH_TEST_ENV });
  user = await createUser(t.deps, { role: 'user', name: 'Alice Martin' });
});
afterAll(() => t?.close());

const inject = (opts: InjectOptions) => t.app.inject(opts);

describe('POST /auth/login', () => {
  it('sets an httpOnly SameSite=Lax session cookie and a readable CSRF cookie, and returns the user', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email.toUpperCase(), password: user.password },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({
      id: user.id,
      email: user.email,
      name: 'Alice Martin',
      role: 'user',
      teamId: null,
      locale: user.locale,
      totpEnabled: false,
    });
    expect(typeof body.csrfToken).toBe('string');
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = setCookie.find((c) => c.startsWith('crm_session='));
    const csrf = setCookie.find((c) => c.startsWith('crm_csrf='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Secure/); // NODE_ENV=test
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(cookieFrom(setCookie, 'crm_csrf')).toBe(body.csrfToken);

    const [row] = await t.deps.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.lastLoginAt).toBeInstanceOf(Date);
    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, user.id));
    expect(audits.some((a) => a.action === 'login' && a.actorUserId === user.id)).toBe(true);
  });

  it('gives the same 401 auth.invalid_credentials for a wrong password and an unknown e-mail, and audits both', async () => {
    const ip = '10.1.0.1';
    const wrong = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'not-the-password-123' },
      remoteAddress: ip,
    });
    const unknown = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.test', password: 'not-the-password-123' },
      remoteAddress: ip,
    });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe('auth.invalid_credentials');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.json().detail).toBe(unknown.json().detail);
    const failed = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.action, 'login_failed'));
    expect(failed.length).toBeGreaterThanOrEqual(2);
  });

  it('issues a new session token at each login', async () => {
    const a = await loginViaApi(t.app, user.email, user.password);
    const b = await loginViaApi(t.app, user.email, user.password);
    expect(a.cookie).not.toBe(b.cookie);
    expect(a['x-csrf-token']).not.toBe(b['x-csrf-token']);
    for (const h of [a, b]) {
      const me = await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: h.cookie } });
      expect(me.statusCode).toBe(200);
    }
  });
});

describe('GET /auth/me', () => {
  it('returns the signed-in user', async () => {
    const h = await loginViaApi(t.app, user.email, user.password);
    const res = await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: h.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(user.id);
  });

  it('answers a 401 problem when not signed in', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.unauthenticated');
  });
});

describe('GET /auth/session', () => {
  it('answers 200 with the user when signed in, and 200 with null when not (nothing for a browser to log)', async () => {
    const h = await loginViaApi(t.app, user.email, user.password);
    const signedIn = await inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: h.cookie } });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.id).toBe(user.id);
    const anonymous = await inject({ method: 'GET', url: '/api/v1/auth/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ user: null });
    const revoked = await inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: 'crm_session=nope' },
    });
    expect(revoked.json()).toEqual({ user: null });
  });
});

describe('POST /auth/logout', () => {
  it('revokes the session: the old cookie no longer authenticates, and cookies are cleared', async () => {
    const h = await loginViaApi(t.app, user.email, user.password);
    const out = await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: h });
    expect(out.statusCode).toBe(204);
    const cleared = ([] as string[]).concat(out.headers['set-cookie'] ?? []);
    expect(cleared.some((c) => c.startsWith('crm_session=;'))).toBe(true);
    const me = await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: h.cookie } });
    expect(me.statusCode).toBe(401);
    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.action, 'logout'));
    expect(audits.length).toBe(1);
  });

  it('refuses a cookie-authenticated write without the CSRF header (403 auth.csrf)', async () => {
    const h = await loginViaApi(t.app, user.email, user.password);
    const res = await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: h.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.csrf');
    const wrong = await inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: h.cookie, 'x-csrf-token': 'forged' },
    });
    expect(wrong.json().code).toBe('auth.csrf');
    const me = await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: h.cookie } });
    expect(me.statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('lists my sessions and signs out another one', async () => {
    const a = await loginViaApi(t.app, user.email, user.password);
    const b = await loginViaApi(t.app, user.email, user.password);
    const list = await inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: a });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; current: boolean }[];
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const meB = await inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: b });
    const bId = (meB.json().items as { id: string; current: boolean }[]).find((s) => s.current)?.id;
    const del = await inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${bId}`, headers: a });
    expect(del.statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: b.cookie } })).statusCode).toBe(
      401,
    );
    expect((await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: a.cookie } })).statusCode).toBe(
      200,
    );
  });
});
