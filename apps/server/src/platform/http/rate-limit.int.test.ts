import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { freePort } from '../../../test/redis-server.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { authPlugin } from './auth-plugin.ts';
import { registerProblemHandlers } from './problem.ts';
import { rateLimitGroup, rateLimitPlugin } from './rate-limit.ts';

/**
 * The real auth and rate-limit plugins on the real dependencies, with a few routes of each kind (the feature
 * routes are owned elsewhere; the platform behaviour is what is tested here).
 */
async function limitedApp(t: TestApp): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerProblemHandlers(app);
  await app.register(cookie);
  await app.register(authPlugin, { deps: t.deps });
  await app.register(rateLimitPlugin, { deps: t.deps });
  await app.register(
    async (api) => {
      api.get('/health', { config: { auth: 'public' } }, async () => ({ status: 'ok' }));
      api.get('/things', { config: { auth: 'public' } }, async () => ({ ok: true }));
      api.get('/mine', { config: { auth: { scope: 'read' } } }, async () => ({ ok: true }));
      api.post('/login', { config: { auth: 'public', rateLimit: rateLimitGroup('auth') } }, async () => ({ ok: 1 }));
      api.post('/reset', { config: { auth: 'public', rateLimit: rateLimitGroup('auth') } }, async () => ({ ok: 1 }));
      api.get('/search', { config: { auth: 'public', rateLimit: rateLimitGroup('search') } }, async () => ({ ok: 1 }));
    },
    { prefix: '/api/v1' },
  );
  await app.ready();
  return app;
}

function suite(name: string, env: Record<string, string>) {
  describe(`rate limits (${name})`, () => {
    let t: TestApp;
    let app: FastifyInstance;
    beforeAll(async () => {
      t = await createTestApp({
        env: {
          RATE_LIMIT_API_PER_MIN: '3',
          RATE_LIMIT_AUTH_PER_MIN: '2',
          RATE_LIMIT_SEARCH_PER_MIN: '4',
          ...env,
        },
      });
      app = await limitedApp(t);
      if (t.deps.cache.kind === 'redis')
        await (t.deps.cache as { waitUntilReady?: () => Promise<boolean> }).waitUntilReady?.();
    });
    afterAll(async () => {
      await app?.close();
      await t?.close();
    });

    it('answers 429 problem+json with Retry-After and the IETF RateLimit headers once a user exceeds the API budget', async () => {
      const alice = await createUser(t.deps);
      const headers = await sessionHeaders(t.deps, alice);
      const ok = [];
      for (let i = 0; i < 3; i++) ok.push(await app.inject({ method: 'GET', url: '/api/v1/mine', headers }));
      expect(ok.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(ok[0]?.headers['ratelimit-policy']).toBe('"api";q=3;w=60');
      expect(ok[0]?.headers.ratelimit).toMatch(/^"api";r=2;t=\d+$/);
      expect(ok[2]?.headers.ratelimit).toMatch(/^"api";r=0;t=\d+$/);
      expect(ok[0]?.headers['x-ratelimit-limit']).toBeUndefined();

      const r = await app.inject({ method: 'GET', url: '/api/v1/mine', headers });
      expect(r.statusCode).toBe(429);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(r.headers['ratelimit-policy']).toBe('"api";q=3;w=60');
      expect(r.headers.ratelimit).toMatch(/^"api";r=0;t=\d+$/);
      const body = r.json();
      expect(body).toMatchObject({ status: 429, code: 'rate_limit.exceeded', 'violated-policies': ['api'] });
      expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);

      // Another user has a budget of their own.
      const bob = await createUser(t.deps);
      const other = await app.inject({
        method: 'GET',
        url: '/api/v1/mine',
        headers: await sessionHeaders(t.deps, bob),
      });
      expect(other.statusCode).toBe(200);
    });

    it('keeps its counters in the configured store', async () => {
      const redisUrl = t.deps.config.redis?.url;
      if (!redisUrl) return expect(t.deps.cache.kind).toBe('memory');
      const r = new Redis(redisUrl);
      try {
        const keys = await r.keys(`${t.deps.cache.keyPrefix}rl:*`);
        expect(keys.some((k) => k.includes('api:u:'))).toBe(true);
      } finally {
        r.disconnect();
      }
    });

    it('limits anonymous callers per IP', async () => {
      const from = (ip: string) => app.inject({ method: 'GET', url: '/api/v1/things', remoteAddress: ip });
      for (let i = 0; i < 3; i++) expect((await from('10.1.0.1')).statusCode).toBe(200);
      expect((await from('10.1.0.1')).statusCode).toBe(429);
      expect((await from('10.1.0.2')).statusCode).toBe(200);
    });

    it('keeps the auth group separate from the API budget and shared between auth routes', async () => {
      const ip = '10.2.0.1';
      const login = () => app.inject({ method: 'POST', url: '/api/v1/login', payload: {}, remoteAddress: ip });
      const first = await login();
      expect(first.statusCode).toBe(200);
      expect(first.headers['ratelimit-policy']).toBe('"auth";q=2;w=60');
      expect(
        (await app.inject({ method: 'POST', url: '/api/v1/reset', payload: {}, remoteAddress: ip })).statusCode,
      ).toBe(200);
      const limited = await login();
      expect(limited.statusCode).toBe(429);
      expect(limited.json()['violated-policies']).toEqual(['auth']);
      expect(limited.headers['ratelimit-policy']).toBe('"auth";q=2;w=60');
      // The API budget of that IP is untouched.
      const api = await app.inject({ method: 'GET', url: '/api/v1/things', remoteAddress: ip });
      expect(api.statusCode).toBe(200);
      expect(api.headers.ratelimit).toMatch(/^"api";r=2;/);
      // The search group has its own budget too.
      const s = await app.inject({ method: 'GET', url: '/api/v1/search', remoteAddress: ip });
      expect(s.headers['ratelimit-policy']).toBe('"search";q=4;w=60');
    });

    it('never limits health checks', async () => {
      for (let i = 0; i < 6; i++) {
        const r = await app.inject({ method: 'GET', url: '/api/v1/health', remoteAddress: '10.3.0.1' });
        expect(r.statusCode).toBe(200);
        expect(r.headers['ratelimit-policy']).toBeUndefined();
      }
      const real = await t.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
      expect(real.headers['ratelimit-policy']).toBeUndefined();
    });
  });
}

suite('memory store', { REDIS_URL: '' });
suite('Redis store', { REDIS_URL: process.env.TEST_SHARED_REDIS_URL ?? 'redis://127.0.0.1:6379' });

describe('rate limits with the Redis store down', () => {
  let t: TestApp;
  let app: FastifyInstance;
  beforeAll(async () => {
    const port = await freePort(); // nothing listens there: a stopped Redis
    t = await createTestApp({
      env: { RATE_LIMIT_API_PER_MIN: '2', RATE_LIMIT_AUTH_PER_MIN: '2', REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    app = await limitedApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('fails open for the API budget but keeps limiting the auth group in memory', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await app.inject({ method: 'GET', url: '/api/v1/things', remoteAddress: '10.9.0.1' });
      expect(r.statusCode).toBe(200);
    }
    const codes = [];
    for (let i = 0; i < 3; i++) {
      codes.push(
        (await app.inject({ method: 'POST', url: '/api/v1/login', payload: {}, remoteAddress: '10.9.0.1' })).statusCode,
      );
    }
    expect(codes).toEqual([200, 200, 429]);
  });
});
