import { z } from 'zod';

const rate = z.number().min(0).max(1).describe('hits / (hits + misses), 0 when nothing was read');

export const NamespaceStatsSchema = z
  .object({ hits: z.number().int(), misses: z.number().int(), sets: z.number().int(), hitRate: rate })
  .meta({ id: 'CacheNamespaceStats' });

export const CacheStatsSchema = z
  .object({
    kind: z.enum(['memory', 'redis']).describe('memory: in-process LRU (no REDIS_URL); redis: shared Redis'),
    status: z.enum(['ok', 'down']).describe('down: the store cannot be reached (reads miss, the API still answers)'),
    hits: z.number().int(),
    misses: z.number().int(),
    sets: z.number().int(),
    evictions: z.number().int().describe('Entries pushed out by the LRU size limit (memory cache)'),
    errors: z.number().int().describe('Store commands that failed or timed out'),
    hitRate: rate,
    keys: z.number().int().nullable().describe('Entries held now (null when the store is down)'),
    memoryBytes: z.number().int().nullable().describe('LRU size, or Redis used_memory (whole server)'),
    namespaces: z
      .record(z.string(), NamespaceStatsSchema)
      .describe('Per key namespace (the key up to its first colon), since start'),
    lastHour: z.object({ hits: z.number().int(), misses: z.number().int(), hitRate: rate }),
    since: z.string().describe('When these counters started (this process)'),
    enabled: z.boolean().describe('CACHE_ENABLED: false means the API never reads nor writes the cache'),
    ttlSeconds: z
      .object({ lists: z.number().int(), funds: z.number().int() })
      .describe('How long entries live: CACHE_TTL_LISTS_SECONDS, CACHE_TTL_FUNDS_SECONDS'),
  })
  .meta({ id: 'CacheStats', description: "This process's cache counters and the store's size" });

/** The query and answer of `DELETE /cache`, over the cache's namespaces (from the entity registry). */
export function clearCacheSchemas(namespaces: readonly string[]) {
  const namespace = z.enum(namespaces as [string, ...string[]]);
  return {
    query: z.object({
      namespace: namespace.optional().describe('Clear only this namespace (e.g. `people`); everything when absent'),
    }),
    result: z
      .object({
        removed: z.number().int().describe('Entries removed'),
        namespace: namespace.nullable().describe('The namespace cleared, null for all'),
      })
      .meta({ id: 'CacheClearResult' }),
  };
}
export type ClearCacheInput = { namespace?: string };
