import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Cache } from './cache.ts';
import { MemoryCache } from './memory-cache.ts';

export function createCache(config: Config, _log: Logger): Cache {
  if (!config.redis) return new MemoryCache();
  throw new Error('Redis cache not implemented yet');
}
