import { LRUCache } from 'lru-cache';
import { type Cache, type CacheSetOptions, type CacheStats, ONCE_TTL_SECONDS } from './cache.ts';
import { StatsCounter } from './stats-counter.ts';

interface Entry {
  json: string;
  tags: string[];
}

/** In-process LRU cache, used when REDIS_URL is not set. Values are stored as JSON (copies, like Redis). */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  private readonly counter = new StatsCounter();
  private readonly tagIndex = new Map<string, Set<string>>();
  private readonly versions = new Map<string, number>();
  private readonly lru: LRUCache<string, Entry>;
  /** Ids already bumped for (`bumpTags`' `once`), for a day. */
  private readonly bumpedFor = new LRUCache<string, true>({ max: 100_000, ttl: ONCE_TTL_SECONDS * 1000 });

  constructor(opts: { maxEntries?: number; maxBytes?: number } = {}) {
    this.lru = new LRUCache<string, Entry>({
      max: opts.maxEntries ?? 10_000,
      maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (e) => e.json.length * 2 + 64,
      ttlAutopurge: false,
      dispose: (entry, key, reason) => {
        for (const tag of entry.tags) this.tagIndex.get(tag)?.delete(key);
        if (reason === 'evict') this.counter.evictions++;
      },
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const e = this.lru.get(key);
    if (!e) {
      this.counter.miss(key);
      return undefined;
    }
    this.counter.hit(key);
    return JSON.parse(e.json) as T;
  }

  async set(key: string, value: unknown, opts: CacheSetOptions): Promise<void> {
    const tags = opts.tags ?? [];
    this.lru.set(key, { json: JSON.stringify(value), tags }, { ttl: opts.ttlSeconds * 1000 });
    for (const tag of tags) {
      let s = this.tagIndex.get(tag);
      if (!s) {
        s = new Set();
        this.tagIndex.set(tag, s);
      }
      s.add(key);
    }
    this.counter.set(key);
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  async deleteByTag(tag: string): Promise<number> {
    const keys = [...(this.tagIndex.get(tag) ?? [])];
    for (const k of keys) this.lru.delete(k);
    this.tagIndex.delete(tag);
    return keys.length;
  }

  async tagVersions(tags: string[]): Promise<number[]> {
    return tags.map((t) => this.versions.get(t) ?? 0);
  }

  async bumpTags(tags: string[], opts: { once?: string } = {}): Promise<boolean> {
    if (opts.once) {
      if (this.bumpedFor.has(opts.once)) return true;
      this.bumpedFor.set(opts.once, true);
    }
    for (const t of tags) this.versions.set(t, (this.versions.get(t) ?? 0) + 1);
    return true;
  }

  async clear(namespace?: string): Promise<number> {
    let n = 0;
    for (const k of [...this.lru.keys()]) {
      if (!namespace || k.startsWith(`${namespace}:`)) {
        this.lru.delete(k);
        n++;
      }
    }
    return n;
  }

  async stats(): Promise<CacheStats> {
    return {
      kind: 'memory',
      status: 'ok',
      keys: this.lru.size,
      memoryBytes: this.lru.calculatedSize,
      ...this.counter.snapshot(),
    };
  }

  async ping(): Promise<'ok'> {
    return 'ok';
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}
