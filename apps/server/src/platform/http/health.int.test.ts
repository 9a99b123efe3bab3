import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { freePort, TestRedisServer } from '../../../test/redis-server.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

describe('GET /api/v1/health/ready', () => {
  it('reports redis disabled without REDIS_URL, and ok with a reachable Redis', async () => {
    const mem = await createTestApp({ env: { REDIS_URL: '' } });
    try {
      const r = await mem.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ status: 'ok', checks: { database: 'ok', queue: 'ok', redis: 'disabled' } });
    } finally {
      await mem.close();
    }
    const server = await TestRedisServer.start();
    const withRedis = await createTestApp({ env: { REDIS_URL: server.url } });
    try {
      await (withRedis.deps.cache as { waitUntilReady?: () => Promise<boolean> }).waitUntilReady?.();
      const r = await withRedis.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
      expect(r.json().checks.redis).toBe('ok');
    } finally {
      await withRedis.close();
      await server.stop();
    }
  }, 90_000); // boots two apps on fresh databases: slow on a busy two-core machine
});

describe('the API with Redis stopped or frozen', () => {
  let t: TestApp;
  let server: TestRedisServer;
  beforeAll(async () => {
    server = await TestRedisServer.start();
    t = await createTestApp({ env: { REDIS_URL: server.url } });
    await (t.deps.cache as { waitUntilReady?: () => Promise<boolean> }).waitUntilReady?.();
  });
  afterAll(async () => {
    await t?.close();
    await server?.stop();
  });

  it('answers ready 200 with redis down while Redis is stopped, and other routes keep answering', async () => {
    await server.stop();
    const t0 = Date.now();
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    // Not a speed check: a stopped or frozen Redis never answers, so without the 100 ms command timeout these requests
    // would wait until the thaw; 30 timeouts leave room for a loaded machine.
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'degraded', checks: { database: 'ok', queue: 'ok', redis: 'down' } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);

    const user = await createUser(t.deps);
    const headers = await sessionHeaders(t.deps, user);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(me.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).statusCode).toBe(200);
  });

  it('does not hang while Redis is frozen (SIGSTOP)', async () => {
    await server.start();
    await (t.deps.cache as { waitUntilReady?: (ms: number) => Promise<boolean> }).waitUntilReady?.(5_000);
    await new Promise((r) => setTimeout(r, 300)); // the rate-limit client reconnects too
    server.freeze();
    try {
      const user = await createUser(t.deps);
      const headers = await sessionHeaders(t.deps, user);
      const t0 = Date.now();
      const ready = await t.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
      expect(Date.now() - t0).toBeLessThan(3_000); // bounded, as above (two requests)
      expect(ready.json().checks.redis).toBe('down');
      expect(me.statusCode).toBe(200);
    } finally {
      server.thaw();
    }
  }, 20_000);

  it('reports redis down when nothing listens at REDIS_URL from the start', async () => {
    const app = await createTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
    try {
      const r = await app.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
      expect(r.statusCode).toBe(200);
      expect(r.json().checks.redis).toBe('down');
    } finally {
      await app.close();
    }
  });
});
