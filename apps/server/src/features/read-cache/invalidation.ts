import { PRODUCED_EVENT_TYPES } from '@crm/contracts';
import { type RecordNamespace, recordTag, rowListTags, TASKS_TAG } from '../../platform/cache/cache-tags.ts';
import { evictTags } from '../../platform/cache/response-cache.ts';
import type { Deps } from '../../platform/context.ts';
import type { CommitListener, EventHandler } from '../../platform/events/dispatch.ts';
import type { DomainEvent } from '../../platform/events/emit.ts';

interface Row {
  id: string;
  ownerId?: string | null;
  teamId?: string | null;
}

/** Which namespace an event's family writes, and where its row sits in the payload. */
const FAMILIES: Record<string, { ns: RecordNamespace; key: string }> = {
  organisation: { ns: 'organisations', key: 'organisation' },
  contact: { ns: 'people', key: 'person' },
  deal: { ns: 'mandats', key: 'mandat' },
  product: { ns: 'produits', key: 'product' },
};

/** Fields whose change moves a row from some callers' lists to others': every list of the namespace is stale. */
const VISIBILITY_FIELDS = new Set(['ownerId', 'teamId', 'merge']);

/**
 * The cache tags a domain event makes stale: the record's detail and the lists that could show it. A change of
 * owner or team, or a merge, evicts every list of the namespace (the previous owner's lists showed it); a
 * merge or a deletion of an organisation or a contact also moves or hides the contacts and mandates attached to it.
 */
export function tagsForEvent(event: DomainEvent): string[] {
  const [family] = event.type.split('.');
  if (family === 'task') return [TASKS_TAG];
  if (family === 'interaction') return interactionTags(event.payload as { interaction?: InteractionLinks });
  const f = family ? FAMILIES[family] : undefined;
  if (!f) return [];
  const payload = event.payload as Record<string, unknown> & { changes?: string[]; mergedInto?: string };
  const row = payload[f.key] as Row | undefined;
  if (!row?.id) return [`${f.ns}:list`];
  const tags = [recordTag(f.ns, row.id), ...rowListTags(f.ns, row)];
  if (payload.changes?.some((c) => VISIBILITY_FIELDS.has(c))) tags.push(`${f.ns}:list`);
  if (event.type === 'organisation.deleted') tags.push('people:list', 'mandats:list');
  if (event.type === 'contact.deleted') tags.push('mandats:list', 'organisations:list');
  return [...new Set(tags)];
}

interface InteractionLinks {
  personId?: string | null;
  organisationId?: string | null;
  participants?: { personId: string }[];
}

/**
 * An interaction changes the last activity shown on its people and organisation (their detail and the lists that
 * show it), whoever reads them.
 */
function interactionTags(payload: { interaction?: InteractionLinks }): string[] {
  const i = payload.interaction;
  if (!i) return [];
  const people = new Set([...(i.participants ?? []).map((p) => p.personId), ...(i.personId ? [i.personId] : [])]);
  const tags = [...people].map((id) => recordTag('people', id));
  if (people.size) tags.push('people:list');
  if (i.organisationId) tags.push(recordTag('organisations', i.organisationId), 'organisations:list');
  return tags;
}

/** Bumps the tags the events make stale, once per batch key (the commit listener and the outbox share it). */
async function evict(events: DomainEvent[], deps: Deps, batchKey: string): Promise<boolean> {
  if (!deps.config.cache.enabled) return true;
  return evictTags(deps.cache, [...new Set(events.flatMap(tagsForEvent))], batchKey);
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
 * write costs the readers one miss, not two.
 */
export const evictFromOutbox: EventHandler = {
  name: 'evict-read-cache',
  types: PRODUCED_EVENT_TYPES.filter((type) => {
    const [family] = type.split('.');
    return family === 'task' || family === 'interaction' || (family !== undefined && family in FAMILIES);
  }),
  handle: (event, ctx) => evictOrThrow([event], ctx.deps, event.id),
  handleMany: (events, ctx, batchKey) => evictOrThrow(events, ctx.deps, batchKey),
};

async function evictOrThrow(events: DomainEvent[], deps: Deps, batchKey: string): Promise<void> {
  if (!(await evict(events, deps, batchKey)))
    throw new Error('the cache store cannot be reached: eviction retried later');
}
