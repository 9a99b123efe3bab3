import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Cache } from './cache.ts';
import { MemoryCache } from './memory-cache.ts';
import { RedisCache } from './redis-cache.ts';

/**
 * Redis when REDIS_URL is set, the in-process LRU otherwise. The key prefix (CACHE_KEY_PREFIX, or `opts.keyPrefix`
 * in tests) isolates apps sharing one Redis.
 */
export function createCache(config: Config, log: Logger, opts: { keyPrefix?: string } = {}): Cache {
  if (!config.redis) return new MemoryCache();
  return new RedisCache({
    url: config.redis.url,
    commandTimeoutMs: config.redis.commandTimeoutMs,
    log,
    keyPrefix: opts.keyPrefix ?? config.cache.keyPrefix,
  });
}

export type { Cache, CacheSetOptions, CacheStats } from './cache.ts';
export { MemoryCache } from './memory-cache.ts';
export { RedisCache } from './redis-cache.ts';
