import rateLimit, { type FastifyRateLimitStore, type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { createRedisClient } from '../cache/redis-client.ts';
import type { Deps } from '../context.ts';
import { AppError } from '../errors.ts';

/**
 * Rate limits (docs/adr/0009-rate-limit-store.md).
 *
 * - One global budget for every /api route (`api`, RATE_LIMIT_API_PER_MIN), keyed by the user (`u:<userId>`,
 *   sessions and API keys of one user share it, so creating keys does not multiply the budget) or by the client IP
 *   when anonymous (`ip:<addr>`).
 * - Named groups with their own budget, chosen per route with `config: { rateLimit: rateLimitGroup('search') }`:
 *   `auth` (per IP), `search` and `expensive` (per user / IP), `ingest` (the product-analytics ingestion under
 *   `/ingest`, outside /api: per user / IP). A route in a group counts against its group only.
 *   A group's budget is shared by all the routes of that group (our store keys by group, not by route).
 * - Health, OpenAPI/docs and non-API (web) routes are exempt.
 * - Window: fixed, 60 s. Store: Redis (a dedicated fail-fast client, keys `<cache prefix>rl:`) when REDIS_URL is
 *   set, process memory otherwise.
 * - Redis down or frozen: general limits FAIL OPEN (`skipOnError`): a cache outage must not take the API down.
 *   The `auth` group instead falls back to a per-process memory counter, so brute-force protection never disappears
 *   (login also has its own throttle in the database: features/auth/login-throttle.ts).
 * - Headers: IETF draft-ietf-httpapi-ratelimit-headers-11 `RateLimit-Policy: "<group>";q=<quota>;w=60` and
 *   `RateLimit: "<group>";r=<remaining>;t=<seconds to reset>` on every limited response, plus `Retry-After` on 429.
 *   The legacy `x-ratelimit-*` headers the plugin writes are removed (one consistent set of headers).
 * - 429 bodies are problem+json with code `rate_limit.exceeded` and `violated-policies`.
 */

export type RateLimitGroup = 'auth' | 'search' | 'expensive' | 'ingest';
type Policy = 'api' | RateLimitGroup;
type Budgets = Record<Policy, number>;

export const RATE_LIMIT_WINDOW_MS = 60_000;
const DEFAULT_BUDGETS: Budgets = { api: 600, auth: 5, search: 120, expensive: 10, ingest: 600 };

declare module 'fastify' {
  interface FastifyInstance {
    /** Requests per window for each rate-limit policy (from config.rateLimits). */
    crmRateLimitBudgets: Budgets;
  }
}

const budgetOf = (req: FastifyRequest, policy: Policy) =>
  req.server.crmRateLimitBudgets?.[policy] ?? DEFAULT_BUDGETS[policy];

/** Identity a limit is counted against: the user when authenticated, the client IP otherwise. */
function userOrIp(req: FastifyRequest): string {
  const userId = req.actor?.userId;
  return userId ? `u:${userId}` : `ip:${req.ip}`;
}

/** The per-route `config.rateLimit` value for a named group, e.g. `config: { rateLimit: rateLimitGroup('auth') }`. */
export function rateLimitGroup(group: RateLimitGroup): RateLimitOptions {
  return {
    groupId: group,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    max: (req) => budgetOf(req, group),
    keyGenerator: group === 'auth' ? (req) => `ip:${req.ip}` : userOrIp,
  };
}

/** Where counters live. `incr` returns the count in the current window and the ms left in it. */
interface CounterBackend {
  incr(key: string, windowMs: number): Promise<{ current: number; ttl: number }>;
  close(): Promise<void>;
}

class MemoryCounters implements CounterBackend {
  private readonly counters = new Map<string, { current: number; resetAt: number }>();
  private readonly sweep = setInterval(() => {
    const now = Date.now();
    for (const [k, v] of this.counters) if (v.resetAt <= now) this.counters.delete(k);
  }, RATE_LIMIT_WINDOW_MS).unref();

  async incr(key: string, windowMs: number) {
    const now = Date.now();
    let c = this.counters.get(key);
    if (!c || c.resetAt <= now) {
      c = { current: 0, resetAt: now + windowMs };
      this.counters.set(key, c);
    }
    c.current++;
    return { current: c.current, ttl: c.resetAt - now };
  }

  async close() {
    clearInterval(this.sweep);
    this.counters.clear();
  }
}

const INCR_LUA = `
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
return {c, t}`;

class RedisCounters implements CounterBackend {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {
    client.defineCommand('crmRateLimitIncr', { numberOfKeys: 1, lua: INCR_LUA });
  }

  async incr(key: string, windowMs: number) {
    const run = (this.client as unknown as Record<string, (k: string, w: number) => Promise<[number, number]>>)
      .crmRateLimitIncr;
    const [current, ttl] = await (run as (k: string, w: number) => Promise<[number, number]>).call(
      this.client,
      this.prefix + key,
      windowMs,
    );
    return { current: Number(current), ttl: Number(ttl) };
  }

  async close() {
    this.client.disconnect();
  }
}

/**
 * Store given to @fastify/rate-limit. Its own stores make one counter space per route (`child()`); ours keys by
 * policy instead, so a group's budget is shared across its routes. `fallback` (memory) serves the `auth` group
 * when the primary (Redis) fails; other groups pass the error on and the plugin skips the limit (fail open).
 */
class PolicyStore implements FastifyRateLimitStore {
  constructor(
    private readonly primary: CounterBackend,
    private readonly fallback: CounterBackend | null,
    private readonly policy: Policy = 'api',
  ) {}

  incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, windowMs: number) {
    const k = `${this.policy}:${key}`;
    this.primary
      .incr(k, windowMs)
      .catch((err: Error) => {
        if (this.policy === 'auth' && this.fallback) return this.fallback.incr(k, windowMs);
        throw err;
      })
      .then(
        (res) => cb(null, res),
        (err: Error) => cb(err),
      );
  }

  /** Receives the merged route limit params (typed by the plugin as route options); we only need the group. */
  child(routeOptions: object): FastifyRateLimitStore {
    const groupId = (routeOptions as { groupId?: string }).groupId as Policy | undefined;
    return new PolicyStore(this.primary, this.fallback, groupId ?? 'api');
  }
}

async function waitReady(client: Redis, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (client.status !== 'ready' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

/** Routes no rate limit counts: outside the API and the analytics ingestion, health, docs and the OpenAPI document. */
export const isRateLimitExemptUrl = (url: string) =>
  (!url.startsWith('/api/') && !url.startsWith('/ingest/')) ||
  url.startsWith('/api/v1/health') ||
  url.startsWith('/api/v1/docs') ||
  url === '/api/v1/openapi.json';

const isExempt = (req: FastifyRequest) => isRateLimitExemptUrl(req.routeOptions.url ?? req.url);

const policyOf = (req: FastifyRequest): Policy => {
  const rl = req.routeOptions.config?.rateLimit;
  return (rl && typeof rl === 'object' && (rl.groupId as Policy | undefined)) || 'api';
};

const LEGACY = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'] as const;

/** Rewrites the plugin's own values (legacy headers) as the IETF draft-11 `RateLimit-Policy` / `RateLimit`. */
function draftHeaders(req: FastifyRequest, reply: FastifyReply) {
  const limit = reply.getHeader('x-ratelimit-limit');
  if (limit === undefined) return;
  const remaining = reply.getHeader('x-ratelimit-remaining');
  const reset = reply.getHeader('x-ratelimit-reset');
  for (const h of LEGACY) reply.removeHeader(h);
  const policy = policyOf(req);
  reply.header('ratelimit-policy', `"${policy}";q=${limit};w=${RATE_LIMIT_WINDOW_MS / 1000}`);
  reply.header('ratelimit', `"${policy}";r=${remaining ?? 0};t=${reset ?? 0}`);
}

export const rateLimitPlugin = fp(
  async (app: FastifyInstance, { deps }: { deps: Deps }) => {
    const limits = deps.config.rateLimits;
    app.decorate('crmRateLimitBudgets', {
      api: limits.apiPerMin,
      auth: limits.authPerMin,
      search: limits.searchPerMin,
      expensive: limits.expensivePerMin,
      ingest: limits.ingestPerMin,
    });

    const memory = new MemoryCounters();
    let primary: CounterBackend = memory;
    if (deps.config.redis) {
      const client = createRedisClient({
        url: deps.config.redis.url,
        commandTimeoutMs: deps.config.redis.commandTimeoutMs,
        name: 'rate-limit',
        log: deps.log,
      });
      primary = new RedisCounters(client, `${deps.cache.keyPrefix ?? 'crm:'}rl:`);
      // Give Redis a moment at boot so the first requests are counted there; never block longer than that.
      await waitReady(client, 1_000);
    }
    app.addHook('onClose', async () => {
      await primary.close();
      if (primary !== memory) await memory.close();
    });

    app.addHook('onSend', async (req, reply, payload) => {
      draftHeaders(req, reply);
      return payload;
    });

    await app.register(rateLimit, {
      global: true,
      hook: 'onRequest',
      timeWindow: RATE_LIMIT_WINDOW_MS,
      max: (req) => budgetOf(req, 'api'),
      keyGenerator: userOrIp,
      allowList: (req) => isExempt(req),
      skipOnError: true,
      // `store` is constructed with `new`; returning an object from the constructor function is allowed.
      store: function CrmRateLimitStore() {
        return new PolicyStore(primary, primary === memory ? null : memory);
      } as unknown as new () => FastifyRateLimitStore,
      errorResponseBuilder: (req, ctx) => {
        const policy = policyOf(req);
        const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
        return new AppError('rate_limit.exceeded', `Too many requests; retry in ${seconds} s`, {
          status: 429,
          retryAfter: seconds,
          extra: { 'violated-policies': [policy] },
        });
      },
    });
  },
  { name: 'crm-rate-limit', dependencies: [] },
);
