import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type Cache, type CacheSetOptions, type CacheStats, ONCE_TTL_SECONDS } from './cache.ts';
import { createRedisClient, escapeGlob } from './redis-client.ts';
import { StatsCounter } from './stats-counter.ts';

/** KEYS[1] the marker, KEYS[2..] the tag versions, ARGV[1] the marker's TTL: bump only if the marker was not set. */
const BUMP_ONCE = `if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  for i = 2, #KEYS do redis.call('INCR', KEYS[i]) end
end
return 1`;

export interface RedisCacheOptions {
  url: string;
  commandTimeoutMs: number;
  log: Logger;
  /** Prefix of every key this cache writes (default `crm:`); tests give each app its own. */
  keyPrefix?: string;
}

/**
 * Redis implementation of Cache. Values are JSON strings under `<prefix>v:<key>` with a TTL; each tag is a set
 * `<prefix>tag:<name>` of value keys (with a TTL at least as long as its members), so deleteByTag never scans.
 * Every command is wrapped: an error or a timeout counts as an error and a miss, and nothing ever throws or
 * waits longer than the command timeout.
 */
export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  readonly keyPrefix: string;
  private readonly counter = new StatsCounter();
  private readonly client: Redis;
  private closed = false;
  private everReady = false;

  constructor(private readonly opts: RedisCacheOptions) {
    this.keyPrefix = opts.keyPrefix ?? 'crm:';
    this.client = createRedisClient({
      url: opts.url,
      commandTimeoutMs: opts.commandTimeoutMs,
      name: 'cache',
      log: opts.log,
    });
    this.client.once('ready', () => {
      this.everReady = true;
    });
  }

  private vkey = (key: string) => `${this.keyPrefix}v:${key}`;
  private tkey = (tag: string) => `${this.keyPrefix}tag:${tag}`;
  /** A tag's version counter (no TTL: a counter that vanished would go back to 0 and revive old entries). */
  private vtkey = (tag: string) => `${this.keyPrefix}tv:${tag}`;
  /** Marker of an id `bumpTags` was given with `once`. */
  private oncekey = (id: string) => `${this.keyPrefix}bumped:${id}`;

  /** Runs one Redis interaction; any failure is counted and replaced by `fallback`. */
  private async safe<T>(fallback: T, fn: (r: Redis) => Promise<T>): Promise<T> {
    if (this.closed || this.client.status !== 'ready') {
      this.counter.errors++;
      return fallback;
    }
    try {
      return await fn(this.client);
    } catch (err) {
      this.counter.errors++;
      this.opts.log.debug({ err }, 'redis cache command failed');
      return fallback;
    }
  }

  /** Resolves once connected (or false after `timeoutMs`). For startup and tests; commands never wait. */
  async waitUntilReady(timeoutMs = 2_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (this.client.status !== 'ready') {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.safe<string | null>(null, (r) => r.get(this.vkey(key)));
    if (raw === null) {
      this.counter.miss(key);
      return undefined;
    }
    try {
      const value = JSON.parse(raw) as T;
      this.counter.hit(key);
      return value;
    } catch {
      this.counter.errors++;
      this.counter.miss(key);
      return undefined;
    }
  }

  async set(key: string, value: unknown, opts: CacheSetOptions): Promise<void> {
    const ttl = Math.max(1, Math.ceil(opts.ttlSeconds));
    const json = JSON.stringify(value);
    const ok = await this.safe(false, async (r) => {
      const m = r.multi().set(this.vkey(key), json, 'EX', ttl);
      for (const tag of opts.tags ?? []) {
        const t = this.tkey(tag);
        m.sadd(t, this.vkey(key)).expire(t, ttl, 'NX').expire(t, ttl, 'GT');
      }
      const res = await m.exec();
      return !!res && res.every(([err]) => !err);
    });
    if (ok) this.counter.set(key);
  }

  async delete(key: string): Promise<void> {
    await this.safe(0, (r) => r.del(this.vkey(key)));
  }

  async deleteByTag(tag: string): Promise<number> {
    return this.safe(0, async (r) => {
      const t = this.tkey(tag);
      const members = await r.smembers(t);
      if (members.length === 0) return 0;
      const res = await r
        .multi()
        .del(...members)
        .del(t)
        .exec();
      return Number(res?.[0]?.[1] ?? 0);
    });
  }

  async tagVersions(tags: string[]): Promise<number[] | null> {
    if (tags.length === 0) return [];
    return this.safe<number[] | null>(null, async (r) =>
      (await r.mget(...tags.map(this.vtkey))).map((v) => (v === null ? 0 : Number(v))),
    );
  }

  async bumpTags(tags: string[], opts: { once?: string } = {}): Promise<boolean> {
    if (tags.length === 0) return true;
    const once = opts.once;
    if (once) {
      // One script, so the marker and the bumps are one atomic step: a second caller sees the marker or waits.
      return this.safe(false, async (r) => {
        await r.eval(BUMP_ONCE, tags.length + 1, this.oncekey(once), ...tags.map(this.vtkey), ONCE_TTL_SECONDS);
        return true;
      });
    }
    return this.safe(false, async (r) => {
      const m = r.multi();
      for (const t of tags) m.incr(this.vtkey(t));
      const res = await m.exec();
      return !!res && res.every(([err]) => !err);
    });
  }

  /** Admin action: SCANs our own prefix (never the whole server) and deletes what matches. */
  async clear(namespace?: string): Promise<number> {
    const p = escapeGlob(this.keyPrefix);
    const patterns = namespace ? [`${p}v:${escapeGlob(namespace)}:*`] : [`${p}v:*`, `${p}tag:*`];
    return this.safe(0, async (r) => {
      let removed = 0;
      for (const [i, match] of patterns.entries()) {
        let cursor = '0';
        do {
          const [next, keys] = await r.scan(cursor, 'MATCH', match, 'COUNT', 500);
          cursor = next;
          if (keys.length) {
            const n = await r.del(...keys);
            if (i === 0) removed += n;
          }
        } while (cursor !== '0');
      }
      return removed;
    });
  }

  private async countKeys(r: Redis): Promise<number> {
    let n = 0;
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${escapeGlob(this.keyPrefix)}v:*`, 'COUNT', 1000);
      cursor = next;
      n += keys.length;
    } while (cursor !== '0');
    return n;
  }

  async stats(): Promise<CacheStats> {
    const status = await this.ping();
    const keys = status === 'ok' ? await this.safe<number | null>(null, (r) => this.countKeys(r)) : null;
    const memoryBytes =
      status === 'ok'
        ? await this.safe<number | null>(null, async (r) => {
            const m = /used_memory:(\d+)/.exec(await r.info('memory'));
            return m ? Number(m[1]) : null;
          })
        : null;
    return { kind: 'redis', status, keys, memoryBytes, ...this.counter.snapshot() };
  }

  async ping(): Promise<'ok' | 'down'> {
    // Right after boot the first connection may still be in progress: allow it one command timeout.
    if (!this.everReady && !this.closed) await this.waitUntilReady(this.opts.commandTimeoutMs);
    return this.safe<'ok' | 'down'>('down', async (r) => ((await r.ping()) === 'PONG' ? 'ok' : 'down'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.disconnect();
  }
}
