import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface RedisClientOptions {
  url: string;
  commandTimeoutMs: number;
  /** Used in log lines, e.g. `cache` or `rate-limit`. */
  name: string;
  log: Logger;
}

/**
 * An ioredis client that fails fast instead of queueing (docs/adr/0009-rate-limit-store.md): no offline queue, a short
 * command timeout, one retry per request, a short connect timeout and a capped reconnect backoff. While Redis is
 * down or frozen, every command rejects within `commandTimeoutMs`; callers turn that into a miss / fail-open.
 */
export function createRedisClient(opts: RedisClientOptions): Redis {
  const client = new Redis(opts.url, {
    enableOfflineQueue: false,
    commandTimeout: opts.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    connectTimeout: Math.max(500, opts.commandTimeoutMs * 5),
    lazyConnect: false,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2_000),
    connectionName: `crm-${opts.name}`,
  });
  // Without a listener ioredis would print every failed reconnect; log state changes once each.
  let lastError = '';
  client.on('error', (err: Error) => {
    if (err.message !== lastError) opts.log.warn({ err: err.message, redis: opts.name }, 'redis error');
    lastError = err.message;
  });
  client.on('ready', () => {
    if (lastError) opts.log.info({ redis: opts.name }, 'redis reconnected');
    lastError = '';
  });
  return client;
}

/** Escapes glob characters so a key prefix can be used in SCAN MATCH. */
export const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');
