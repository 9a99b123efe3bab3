/**
 * Cache-aside store. Entries carry tags; features evict by tag (driven by domain events), never by
 * scanning keys. Implementations never throw on reads or writes: an unreachable store is a miss.
 */
export interface CacheSetOptions {
  ttlSeconds: number;
  tags?: string[];
}

export interface NamespaceStats {
  hits: number;
  misses: number;
  sets: number;
  hitRate: number;
}

export interface CacheStats {
  kind: 'memory' | 'redis';
  status: 'ok' | 'down';
  hits: number;
  misses: number;
  sets: number;
  evictions: number;
  errors: number;
  hitRate: number;
  keys: number | null;
  memoryBytes: number | null;
  namespaces: Record<string, NamespaceStats>;
  lastHour: { hits: number; misses: number; hitRate: number };
  since: string;
}

export interface Cache {
  readonly kind: 'memory' | 'redis';
  /** Prefix of the keys a shared store (Redis) writes; others sharing the store (rate limits) reuse it. */
  readonly keyPrefix?: string;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, opts: CacheSetOptions): Promise<void>;
  delete(key: string): Promise<void>;
  /** Removes every entry tagged with `tag`; returns how many were removed (best effort). */
  deleteByTag(tag: string): Promise<number>;
  /**
   * The current version of each tag (0 until first bumped), or null when the store cannot be reached. Readers put
   * the versions in their keys, so an entry written from data read before a bump is never read after it.
   */
  tagVersions(tags: string[]): Promise<number[] | null>;
  /**
   * Bumps each tag's version: every entry keyed with an older version is stale from now on. False on failure.
   * With `once`, an id (a domain event's): the bump happens only the first time that id is given (remembered a
   * day), so the two paths that evict for one event (at commit, then from the outbox) cost one round of misses.
   */
  bumpTags(tags: string[], opts?: { once?: string }): Promise<boolean>;
  /** Removes everything, or one namespace (the key prefix before the first ':'). */
  clear(namespace?: string): Promise<number>;
  stats(): Promise<CacheStats>;
  /** `ok`, or `down` when the store cannot be reached. */
  ping(): Promise<'ok' | 'down'>;
  close(): Promise<void>;
}

/** How long a store remembers the ids `bumpTags` was called with `once` (the outbox retries well within it). */
export const ONCE_TTL_SECONDS = 86_400;
