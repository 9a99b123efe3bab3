import { type CacheSpaces, cacheSpaces, recordTag, rowListTags } from '../../platform/cache/cache-tags.ts';
import { evictTags } from '../../platform/cache/response-cache.ts';
import type { Deps } from '../../platform/context.ts';
import type { EntityDef, EntityRegistry } from '../../platform/entities/entity.ts';
import type { CommitListener, EventHandler } from '../../platform/events/dispatch.ts';
import type { DomainEvent } from '../../platform/events/emit.ts';

interface Row {
  id: string;
  ownerId?: string | null;
  teamId?: string | null;
}

/** Fields whose change moves a row from some callers' lists to others': every list of the namespace is stale. */
const VISIBILITY_FIELDS = new Set(['ownerId', 'teamId', 'merge']);

/**
 * Whether a write on this entity can make a cached answer stale: its own routes are cached, search shows it, or other
 * cached answers are computed from it (`cacheTracked`).
 */
const isCachedOrSearched = (e: EntityDef) => !!e.cached || !!e.search || !!e.cacheTracked;

/**
 * The cache tags a domain event makes stale, from the entity registry: the record's detail and the lists that could
 * show it (its entity is the event family's). A change of owner or team, or a merge, evicts every list of the
 * namespace (the previous owner's lists showed it); the entity's `touches` adds other entities' answers (an
 * interaction's people and organisation, the contacts of a deleted organisation).
 */
export function tagsForEvent(entities: EntityRegistry, event: Pick<DomainEvent, 'type' | 'payload'>): string[] {
  const [family] = event.type.split('.');
  const e = family ? entities.byFamily(family) : undefined;
  if (!e?.events) return [];
  const spaces = cacheSpaces(entities);
  const payload = event.payload as Record<string, unknown> & { changes?: string[] };
  const tags = isCachedOrSearched(e) ? ownTags(spaces, e, payload) : [];
  for (const t of e.events.touches?.(event.type, payload) ?? []) {
    const other = entities.byPath(t.path);
    if (!other || !isCachedOrSearched(other)) continue;
    tags.push(...(t.id ? [recordTag(t.path, t.id), `${t.path}:list`] : [`${t.path}:list`]));
  }
  return [...new Set(tags)];
}

function ownTags(spaces: CacheSpaces, e: EntityDef, payload: Record<string, unknown> & { changes?: string[] }) {
  const key = (e.events as NonNullable<EntityDef['events']>).key;
  const row = payload[key] as Row | undefined;
  if (!row?.id) return [`${e.path}:list`];
  const tags = [recordTag(e.path, row.id), ...rowListTags(spaces, e.path, row)];
  if (payload.changes?.some((c) => VISIBILITY_FIELDS.has(c))) tags.push(`${e.path}:list`);
  return tags;
}

/** Bumps the tags the events make stale, once per batch key (the commit listener and the outbox share it). */
async function evict(events: DomainEvent[], deps: Deps, batchKey: string): Promise<boolean> {
  if (!deps.config.cache.enabled) return true;
  return evictTags(deps.cache, [...new Set(events.flatMap((e) => tagsForEvent(deps.entities, e)))], batchKey);
}

/** At once, in the process that wrote: the next read of the writer (and everyone sharing the store) is fresh. */
export const evictOnCommit: CommitListener = async (events, deps, batchKey) => {
  if (!(await evict(events, deps, batchKey)))
    deps.log.warn({ batchKey }, 'read cache eviction failed; the outbox retries it');
};

/**
 * The guaranteed path, from the outbox: a store that was down when the write committed (or a process that stopped
 * between its commit and its eviction) is evicted when it is back; the job fails and is retried until it succeeds.
 * When the commit-time eviction went through, the store remembers the batch key and this one bumps nothing, so a
 * write costs the readers one miss, not two. It listens to every event: those of no cached entity evict nothing.
 */
export const evictFromOutbox: EventHandler = {
  name: 'evict-read-cache',
  types: '*',
  handle: (event, ctx) => evictOrThrow([event], ctx.deps, event.id),
  handleMany: (events, ctx, batchKey) => evictOrThrow(events, ctx.deps, batchKey),
};

async function evictOrThrow(events: DomainEvent[], deps: Deps, batchKey: string): Promise<void> {
  if (!(await evict(events, deps, batchKey)))
    throw new Error('the cache store cannot be reached: eviction retried later');
}
