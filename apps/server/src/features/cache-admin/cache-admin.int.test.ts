import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { RedisCache } from '../../platform/cache/redis-cache.ts';

describe('cache admin API', () => {
  let t: TestApp;
  let admin: Client;
  let manager: Client;
  let user: Client;
  const put = (key: string) => t.deps.cache.set(key, { key }, { ttlSeconds: 300, tags: ['test'] });

  beforeAll(async () => {
    t = await createTestApp();
    if (t.deps.cache instanceof RedisCache) await t.deps.cache.waitUntilReady();
    admin = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'admin' })));
    manager = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'manager' })));
    user = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'user' })));
  });
  afterAll(async () => t?.close());

  it('gives an admin the cache kind, status, counters and TTLs', async () => {
    const res = await admin.get('/api/v1/cache/stats');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: t.deps.cache.kind, status: 'ok', enabled: true });
    expect(res.body.ttlSeconds).toEqual(t.config.cache.ttl);
    expect(typeof res.body.hitRate).toBe('number');
    expect(res.body.lastHour).toEqual(expect.objectContaining({ hits: expect.any(Number) }));
    expect(Number.isNaN(Date.parse(res.body.since))).toBe(false);
  });

  it('counts hits and misses per namespace, since start and over the last hour', async () => {
    const before = (await admin.get('/api/v1/cache/stats')).body;
    await put('organisations:stats-1');
    expect(await t.deps.cache.get('organisations:stats-1')).toEqual({ key: 'organisations:stats-1' });
    expect(await t.deps.cache.get('organisations:stats-1')).toBeDefined();
    expect(await t.deps.cache.get('organisations:absent')).toBeUndefined();
    const after = (await admin.get('/api/v1/cache/stats')).body;
    expect(after.hits - before.hits).toBe(2);
    expect(after.misses - before.misses).toBe(1);
    expect(after.lastHour.hits - before.lastHour.hits).toBe(2);
    const ns = after.namespaces.organisations;
    const was = before.namespaces.organisations ?? { hits: 0, misses: 0, sets: 0 };
    expect({ hits: ns.hits - was.hits, misses: ns.misses - was.misses, sets: ns.sets - was.sets }).toEqual({
      hits: 2,
      misses: 1,
      sets: 1,
    });
    expect(after.keys).toBeGreaterThanOrEqual(1);
  });

  it('clears one namespace only, and records it in the audit trail', async () => {
    await put('people:clear-1');
    await put('people:clear-2');
    await put('organisations:clear-1');
    const res = await admin.delete('/api/v1/cache?namespace=people');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ removed: 2, namespace: 'people' });
    expect(await t.deps.cache.get('people:clear-1')).toBeUndefined();
    expect(await t.deps.cache.get('people:clear-2')).toBeUndefined();
    expect(await t.deps.cache.get('organisations:clear-1')).toEqual({ key: 'organisations:clear-1' });

    const trail = await admin.get('/api/v1/audit?entityType=cache&action=clear');
    expect(trail.body.items[0]).toMatchObject({ metadata: { namespace: 'people', removed: 2 } });
  });

  it('clears the product analytics answers, a namespace that is no entity of the registry', async () => {
    await put('analytics:a-1');
    await put('people:kept-1');
    const res = await admin.delete('/api/v1/cache?namespace=analytics');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ removed: 1, namespace: 'analytics' });
    expect(await t.deps.cache.get('analytics:a-1')).toBeUndefined();
    expect(await t.deps.cache.get('people:kept-1')).toEqual({ key: 'people:kept-1' });
  });

  it('clears everything without a namespace', async () => {
    await put('people:all-1');
    await put('organisations:all-1');
    const res = await admin.delete('/api/v1/cache');
    expect(res.status).toBe(200);
    expect(res.body.namespace).toBeNull();
    expect(res.body.removed).toBeGreaterThanOrEqual(2);
    expect(await t.deps.cache.get('people:all-1')).toBeUndefined();
    expect(await t.deps.cache.get('organisations:all-1')).toBeUndefined();
    expect((await admin.get('/api/v1/cache/stats')).body.keys).toBe(0);
  });

  it('refuses a namespace that is not one', async () => {
    for (const ns of ['people:*', 'sessions']) {
      const res = await admin.delete(`/api/v1/cache?namespace=${encodeURIComponent(ns)}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.validation');
    }
  });

  it('answers 403 problem+json to managers and users on both routes, and keeps the entries', async () => {
    await put('people:kept');
    for (const caller of [manager, user]) {
      for (const res of [await caller.get('/api/v1/cache/stats'), await caller.delete('/api/v1/cache')]) {
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('auth.forbidden');
      }
    }
    expect(await t.deps.cache.get('people:kept')).toEqual({ key: 'people:kept' });
  });
});
