import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { scopeKey } from '../auth/scope.ts';
import type { Deps } from '../context.ts';
import type { Cache } from './cache.ts';
import { type CacheNamespace, listTags, type RecordNamespace, recordTag } from './cache-tags.ts';

export interface RouteCacheSpec {
  namespace: CacheNamespace;
  /**
   * `list`: the answer depends on every visible row of `namespace` (and of `dependsOn`), so any write there that the
   * caller could see evicts it; `detail`: it depends on the one record `params.id`.
   */
  kind: 'list' | 'detail';
  /** Which configured TTL applies (CACHE_TTL_LISTS_SECONDS or CACHE_TTL_FUNDS_SECONDS). */
  ttl: 'lists' | 'funds';
  /** Other namespaces whose rows the answer shows (the global search shows all four). */
  dependsOn?: RecordNamespace[];
  /** Further tags, for data outside the record namespaces (the tasks that search shows). */
  extraTags?: string[];
  /** Still done on a hit: what the route does besides answering (the RGPD read log of a person). */
  onHit?: (req: FastifyRequest) => Promise<void>;
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

/** The URL with its query parameters sorted: the same question asked in another order is the same entry. */
function canonicalUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  params.sort();
  return `${url.slice(0, q)}?${params.toString()}`;
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

function tagsFor(spec: RouteCacheSpec, req: FastifyRequest): string[] | null {
  if (spec.kind === 'detail') {
    const id = (req.params as { id?: string }).id;
    if (!id || spec.namespace === 'search') return null;
    return [recordTag(spec.namespace, id)];
  }
  const namespaces = [
    ...(spec.namespace === 'search' ? [] : [spec.namespace]),
    ...(spec.dependsOn ?? []),
  ] as RecordNamespace[];
  return [...namespaces.flatMap((ns) => listTags(ns, req.actor)), ...(spec.extraTags ?? [])];
}

/**
 * Cache-aside for the GET routes that declare `config.cache`: after authentication and validation, the answer is
 * looked up under a key made of the namespace, the caller's role and visibility scope, the canonical URL and the
 * current versions of the entry's tags; a hit is sent as stored (`x-cache: hit`), a miss runs the route and stores
 * its 200 answer. Writes bump tag versions (features/read-cache), so nothing written before a change is read after
 * it. The store never throws: Redis stopped or frozen means a miss within its command timeout, and the route
 * answers from the database.
 */
export const responseCachePlugin = fp(
  async (app: FastifyInstance, { deps }: { deps: Deps }) => {
    if (!deps.config.cache.enabled) return;
    app.decorateRequest('cacheEntry', null);

    app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
      const spec = req.routeOptions.config?.cache;
      if (!spec || req.method !== 'GET') return;
      const tags = tagsFor(spec, req);
      if (!tags || !(await noPendingEviction(deps.cache))) return;
      const versions = await deps.cache.tagVersions(tags);
      if (!versions) return; // the store is down: straight to the database, nothing stored
      const who = `${req.actor.role ?? req.actor.type}|${scopeKey(req.actor)}`;
      const digest = createHash('sha256')
        .update(`${who}|${canonicalUrl(req.url)}`)
        .digest('base64url')
        .slice(0, 32);
      const key = `${spec.namespace}:${digest}:${versions.join('.')}`;
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
