import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRedisServer } from '../../../test/redis-server.ts';
import type { Cache } from './cache.ts';
import { MemoryCache } from './memory-cache.ts';
import { RedisCache } from './redis-cache.ts';

const log = pino({ level: 'silent' });
const SHARED_REDIS = process.env.TEST_SHARED_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TIMEOUT = 100;
/**
 * What "without waiting" means here: a stopped or frozen Redis never answers, so without the command timeout these
 * calls would wait until the thaw (forever in these tests). The bound is 30 timeouts, so a loaded machine's pauses
 * cannot fail the test while a missing timeout still does.
 */
const BOUNDED_MS = 30 * TIMEOUT;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uniquePrefix = () => `crm-test-${randomBytes(5).toString('hex')}:`;

async function redisCache(url = SHARED_REDIS, keyPrefix = uniquePrefix()) {
  const c = new RedisCache({ url, commandTimeoutMs: TIMEOUT, log, keyPrefix });
  await c.waitUntilReady(3_000);
  return c;
}

function contract(name: string, make: () => Promise<Cache>) {
  describe(`Cache contract: ${name}`, () => {
    let cache: Cache;
    beforeAll(async () => {
      cache = await make();
    });
    afterAll(async () => {
      await cache.clear();
      await cache.close();
    });

    it('returns what was set, as a JSON copy, and undefined for a missing key', async () => {
      const value = { a: 1, list: ['x'], nested: { ok: true } };
      await cache.set('get:one', value, { ttlSeconds: 30 });
      expect(await cache.get('get:one')).toEqual(value);
      expect(await cache.get('get:missing')).toBeUndefined();
    });

    it('expires an entry after its TTL', async () => {
      await cache.set('ttl:short', 'soon gone', { ttlSeconds: 1 });
      expect(await cache.get('ttl:short')).toBe('soon gone');
      await sleep(1_200);
      expect(await cache.get('ttl:short')).toBeUndefined();
    });

    it('deletes one key, and every key of a tag without touching others', async () => {
      await cache.set('del:one', 1, { ttlSeconds: 30 });
      await cache.delete('del:one');
      expect(await cache.get('del:one')).toBeUndefined();

      await cache.set('tag:a', 'a', { ttlSeconds: 30, tags: ['contact:1', 'team:1'] });
      await cache.set('tag:b', 'b', { ttlSeconds: 30, tags: ['contact:1'] });
      await cache.set('tag:c', 'c', { ttlSeconds: 30, tags: ['contact:2'] });
      expect(await cache.deleteByTag('contact:1')).toBe(2);
      expect(await cache.get('tag:a')).toBeUndefined();
      expect(await cache.get('tag:b')).toBeUndefined();
      expect(await cache.get('tag:c')).toBe('c');
      expect(await cache.deleteByTag('contact:unknown')).toBe(0);
    });

    it('clears one namespace, then everything', async () => {
      await cache.set('nsa:1', 1, { ttlSeconds: 30 });
      await cache.set('nsa:2', 2, { ttlSeconds: 30 });
      await cache.set('nsb:1', 3, { ttlSeconds: 30 });
      expect(await cache.clear('nsa')).toBe(2);
      expect(await cache.get('nsa:1')).toBeUndefined();
      expect(await cache.get('nsb:1')).toBe(3);
      expect(await cache.clear()).toBeGreaterThanOrEqual(1);
      expect(await cache.get('nsb:1')).toBeUndefined();
    });

    it('bumps tag versions, only the first time for one id when given `once`', async () => {
      expect(await cache.tagVersions(['bump:a', 'bump:b'])).toEqual([0, 0]);
      expect(await cache.bumpTags(['bump:a'])).toBe(true);
      expect(await cache.bumpTags(['bump:a', 'bump:b'], { once: 'event-1' })).toBe(true);
      expect(await cache.bumpTags(['bump:a', 'bump:b'], { once: 'event-1' })).toBe(true);
      expect(await cache.tagVersions(['bump:a', 'bump:b'])).toEqual([2, 1]);
      expect(await cache.bumpTags(['bump:b'], { once: 'event-2' })).toBe(true);
      expect(await cache.tagVersions(['bump:b'])).toEqual([2]);
    });

    it('counts hits, misses and the hit rate per namespace and over the last hour', async () => {
      const before = await cache.stats();
      await cache.set('stat:1', 'v', { ttlSeconds: 30 });
      await cache.get('stat:1');
      await cache.get('stat:1');
      await cache.get('stat:1');
      await cache.get('stat:none');
      const s = await cache.stats();
      expect(s.kind).toBe(cache.kind);
      expect(s.status).toBe('ok');
      expect(s.hits - before.hits).toBe(3);
      expect(s.misses - before.misses).toBe(1);
      expect(s.namespaces.stat).toEqual({ hits: 3, misses: 1, sets: 1, hitRate: 0.75 });
      expect(s.lastHour.hits).toBe(s.hits);
      expect(s.keys).toBeGreaterThanOrEqual(1);
      expect(s.memoryBytes).toBeGreaterThan(0);
      expect(await cache.ping()).toBe('ok');
    });
  });
}

contract('memory', async () => new MemoryCache());
contract('redis', () => redisCache());

describe('RedisCache when its Redis fails', () => {
  let server: TestRedisServer;
  let cache: RedisCache;
  beforeAll(async () => {
    server = await TestRedisServer.start();
    cache = await redisCache(server.url);
  });
  afterAll(async () => {
    await cache.close();
    await server.stop();
  });

  it('misses fast, never throws, reports down while stopped, and recovers by itself after a restart', async () => {
    await cache.set('k:1', 'v', { ttlSeconds: 60 });
    expect(await cache.get('k:1')).toBe('v');

    await server.stop();
    await sleep(50);
    const t0 = Date.now();
    expect(await cache.get('k:1')).toBeUndefined();
    await expect(cache.set('k:2', 'v', { ttlSeconds: 60 })).resolves.toBeUndefined();
    expect(await cache.deleteByTag('t')).toBe(0);
    expect(await cache.ping()).toBe('down');
    expect(Date.now() - t0).toBeLessThan(BOUNDED_MS);
    const s = await cache.stats();
    expect(s.status).toBe('down');
    expect(s.errors).toBeGreaterThan(0);

    await server.start();
    expect(await cache.waitUntilReady(5_000)).toBe(true);
    expect(await cache.ping()).toBe('ok');
    await cache.set('k:3', 'back', { ttlSeconds: 60 });
    expect(await cache.get('k:3')).toBe('back');
  }, 20_000);

  it('misses within the command timeout when Redis is frozen (SIGSTOP), then works after SIGCONT', async () => {
    await cache.set('f:1', 'v', { ttlSeconds: 60 });
    server.freeze();
    try {
      const t0 = Date.now();
      expect(await cache.get('f:1')).toBeUndefined();
      expect(Date.now() - t0).toBeLessThan(BOUNDED_MS);
      const t1 = Date.now();
      await cache.set('f:2', 'v', { ttlSeconds: 60 });
      expect(await cache.ping()).toBe('down');
      expect(Date.now() - t1).toBeLessThan(BOUNDED_MS);
    } finally {
      server.thaw();
    }
    await sleep(100);
    expect(await cache.get('f:1')).toBe('v');
  }, 20_000);
});
