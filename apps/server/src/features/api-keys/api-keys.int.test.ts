import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV, createApiKeyFor } from '../../../test/auth-helpers.ts';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { apiKeys } from '../../platform/auth/auth.schema.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: AUTH_TEST_ENV });
});
afterAll(() => t?.close());

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('personal API keys', () => {
  it('creates a key shown once, stored hashed with a visible prefix, and audited', async () => {
    const u = await createUser(t.deps);
    const h = await sessionHeaders(t.deps, u);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: h,
      payload: { name: 'CI export', scopes: ['read', 'write'] },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.key).toMatch(/^crm_[A-Za-z0-9_-]{40,}$/);
    expect(body.key.startsWith(body.prefix)).toBe(true);
    expect(body.scopes).toEqual(['read', 'write']);
    const [row] = await t.deps.database.db.select().from(apiKeys).where(eq(apiKeys.id, body.id));
    expect(row?.keyHash).not.toContain(body.key);
    expect(JSON.stringify(row)).not.toContain(body.key);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: h });
    expect(list.json().items).toHaveLength(1);
    expect(list.body).not.toContain(body.key);
    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, body.id));
    expect(audits.map((a) => a.action)).toContain('create');
  });

  it('authenticates with Bearer, sets last_used_at, and stops working once revoked', async () => {
    const u = await createUser(t.deps);
    const h = await sessionHeaders(t.deps, u);
    const key = await createApiKeyFor(t.app, h, ['read']);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(key) });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(u.id);
    const [item] = (await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: h })).json().items;
    expect(item.lastUsedAt).not.toBeNull();

    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${item.id}`, headers: h });
    expect(del.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(key) });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('auth.api_key_invalid');
    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, item.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'api_key_used', 'revoke']));
  });

  it('records a key’s use (last used at, audit) at most once a minute, however often it is used', async () => {
    const u = await createUser(t.deps);
    const h = await sessionHeaders(t.deps, u);
    const key = await createApiKeyFor(t.app, h, ['read']);
    for (let i = 0; i < 5; i++) {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(key) })).statusCode).toBe(
        200,
      );
    }
    const [item] = (await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: h })).json().items;
    expect(item.lastUsedAt).not.toBeNull();
    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, item.id));
    expect(audits.filter((a) => a.action === 'api_key_used')).toHaveLength(1);
  });

  it('refuses scopes the role lacks with 403 (viewer: read only; admin scope: admins only)', async () => {
    const viewer = await createUser(t.deps, { role: 'viewer' });
    const vh = await sessionHeaders(t.deps, viewer);
    const w = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: vh,
      payload: { name: 'x', scopes: ['write'] },
    });
    expect(w.statusCode).toBe(403);
    expect(w.json().code).toBe('api_keys.scope_forbidden');
    await createApiKeyFor(t.app, vh, ['read']);

    const manager = await createUser(t.deps, { role: 'manager' });
    const mh = await sessionHeaders(t.deps, manager);
    const a = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: mh,
      payload: { name: 'x', scopes: ['admin'] },
    });
    expect(a.statusCode).toBe(403);

    const admin = await createUser(t.deps, { role: 'admin' });
    await createApiKeyFor(t.app, await sessionHeaders(t.deps, admin), ['read', 'write', 'admin']);
  });

  it('a key without the admin scope can neither create nor revoke keys; a read key cannot write', async () => {
    const u = await createUser(t.deps);
    const h = await sessionHeaders(t.deps, u);
    const key = await createApiKeyFor(t.app, h, ['read']);
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(key),
      payload: { name: 'child', scopes: ['read'] },
    });
    expect(create.statusCode).toBe(403);
    expect(create.json().code).toBe('auth.scope_missing');
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(key) });
    expect(logout.statusCode).toBe(403);
  });

  it("lists and revokes only my keys; an admin may list and revoke anyone's", async () => {
    const alice = await createUser(t.deps);
    const bob = await createUser(t.deps);
    const admin = await createUser(t.deps, { role: 'admin' });
    const ah = await sessionHeaders(t.deps, alice);
    const bh = await sessionHeaders(t.deps, bob);
    const adh = await sessionHeaders(t.deps, admin);
    await createApiKeyFor(t.app, ah, ['read']);
    const aliceKeys = (await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: ah })).json().items;
    const keyId = aliceKeys[0].id as string;

    const peek = await t.app.inject({ method: 'GET', url: `/api/v1/api-keys?userId=${alice.id}`, headers: bh });
    expect(peek.statusCode).toBe(403);
    const steal = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${keyId}`, headers: bh });
    expect(steal.statusCode).toBe(404);

    const adminList = await t.app.inject({ method: 'GET', url: `/api/v1/api-keys?userId=${alice.id}`, headers: adh });
    expect(adminList.json().items.map((k: { id: string }) => k.id)).toEqual([keyId]);
    const adminDel = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${keyId}`, headers: adh });
    expect(adminDel.statusCode).toBe(204);
  });

  it('refuses an expiry in the past', async () => {
    const u = await createUser(t.deps);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: await sessionHeaders(t.deps, u),
      payload: { name: 'old', scopes: ['read'], expiresAt: '2000-01-01T00:00:00Z' },
    });
    expect(res.statusCode).toBe(400);
  });
});
