import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import type { Actor, Deps } from '../context.ts';
import type { Cache } from './cache.ts';
import { answerTags, type CachedAnswer, cacheSpaces, entryKey, entryOwner, sharingTags } from './cache-tags.ts';

export interface RouteCacheSpec extends CachedAnswer {
  /** Which configured TTL applies (CACHE_TTL_LISTS_SECONDS or CACHE_TTL_FUNDS_SECONDS). */
  ttl: 'lists' | 'funds';
  /** Still done on a hit: what the route does besides answering (the RGPD read log of a person). */
  onHit?: (req: FastifyRequest) => Promise<void>;
  /** Answers this request from the database and keeps nothing (`?expand=`: related records no tag tracks). */
  skipWhen?: (req: FastifyRequest) => boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache-aside for this GET route: answered from the read cache while no write has made it stale. */
    cache?: RouteCacheSpec;
  }
  interface FastifyRequest {
    /** Set on a miss: where onSend stores the answer. */
    cacheEntry?: { key: string; ttlSeconds: number } | null;
  }
}

/**
 * Tags whose bump failed in this process (the store was down or frozen when the write committed). Until they are
 * bumped, this process reads nothing from the cache: after a thaw, entries written before the change would
 * still be there under the old versions. The outbox handler bumps them too, for the other processes.
 */
const pendingBumps = new WeakMap<Cache, Set<string>>();

/**
 * Bumps `tags` (once per `eventId` when given); when the store cannot take it, remembers them so this process
 * bypasses the cache until it can.
 */
export async function evictTags(cache: Cache, tags: string[], eventId?: string): Promise<boolean> {
  if (tags.length === 0) return true;
  if (await cache.bumpTags(tags, { once: eventId })) return true;
  const pending = pendingBumps.get(cache) ?? new Set<string>();
  for (const t of tags) pending.add(t);
  pendingBumps.set(cache, pending);
  return false;
}

/** True when no eviction is pending (any pending one is retried first). */
async function noPendingEviction(cache: Cache): Promise<boolean> {
  const pending = pendingBumps.get(cache);
  if (!pending?.size) return true;
  const tags = [...pending];
  if (!(await cache.bumpTags(tags))) return false;
  for (const t of tags) pending.delete(t);
  return true;
}

export interface ResponseCacheOptions {
  deps: Deps;
  /**
   * Whether the caller sees exactly their team's rows (they own nothing outside it). Members of a team who do
   * share list and record entries instead of each filling their own; without it, entries are per user.
   */
  teamConfined?: (actor: Actor) => Promise<boolean>;
}

/**
 * Cache-aside for the GET routes that declare `config.cache`: after authentication and validation, the answer is
 * looked up under a key made of the namespace, who is asking, the canonical URL and the current versions of the
 * entry's tags; a hit is sent as stored (`x-cache: hit`), a miss runs the route and stores its 200 answer. Writes
 * bump tag versions (features/read-cache), so nothing written before a change is read after it. The store never
 * throws: Redis stopped or frozen means a miss within its command timeout, and the route answers from the database.
 *
 * Who is asking: admins share one view; a team member who owns nothing outside the team sees exactly the team's
 * rows, and shares records and lists with the other members in that case (not search, which also shows the tasks
 * assigned to the caller); anyone else has entries of their own (role and visibility scope).
 */
export const responseCachePlugin = fp(
  async (app: FastifyInstance, { deps, teamConfined }: ResponseCacheOptions) => {
    if (!deps.config.cache.enabled) return;
    app.decorateRequest('cacheEntry', null);
    const spaces = cacheSpaces(deps.entities);
    // Per process: whether a user sees exactly their team's rows, keyed by the versions of the tags a write on one
    // of their rows bumps, so a write that could change the answer changes the key.
    const confinement = new LRUCache<string, boolean>({ max: 10_000 });

    app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
      const spec = req.routeOptions.config?.cache;
      if (!spec || req.method !== 'GET' || spec.skipWhen?.(req)) return;
      const { actor } = req;
      const tags = answerTags(spaces, spec, actor, (req.params as { id?: string }).id);
      if (!tags || !(await noPendingEviction(deps.cache))) return;
      const shareTags = teamConfined ? sharingTags(spaces, spec, actor) : null;
      const asked = [...new Set([...tags, ...(shareTags ?? [])])];
      const versions = await deps.cache.tagVersions(asked);
      if (!versions) return; // the store is down: straight to the database, nothing stored
      const versionOf = new Map(asked.map((t, i) => [t, versions[i] as number]));
      let confined = false;
      if (shareTags && teamConfined) {
        const memoKey = `${actor.userId}|${actor.teamId}|${shareTags.map((t) => versionOf.get(t)).join('.')}`;
        const known = confinement.get(memoKey);
        confined = known ?? (await teamConfined(actor));
        if (known === undefined) confinement.set(memoKey, confined);
      }
      const owner = entryOwner(spaces, actor, tags, confined);
      const key = entryKey(
        spec.namespace,
        owner.who,
        req.url,
        owner.tags.map((t) => versionOf.get(t) as number),
      );
      const hit = await deps.cache.get<string>(key);
      if (hit !== undefined) {
        if (spec.onHit) await spec.onHit(req);
        reply.header('x-cache', 'hit').type('application/json; charset=utf-8');
        return reply.send(hit);
      }
      req.cacheEntry = { key, ttlSeconds: deps.config.cache.ttl[spec.ttl] };
      reply.header('x-cache', 'miss');
    });

    app.addHook('onSend', async (req, reply, payload) => {
      const entry = req.cacheEntry;
      if (!entry || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      req.cacheEntry = null;
      await deps.cache.set(entry.key, payload, { ttlSeconds: entry.ttlSeconds });
      return payload;
    });
  },
  { name: 'crm-response-cache', dependencies: ['crm-auth'] },
);
