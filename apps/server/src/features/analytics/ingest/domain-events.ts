import { createHash } from 'node:crypto';
import type { AnalyticsEventName, AnalyticsEventProperties } from '@crm/contracts';
import type { EventHandler } from '../../../platform/events/dispatch.ts';
import type { DomainEvent } from '../../../platform/events/emit.ts';
import type { JobContext } from '../../../platform/jobs/define-job.ts';
import { apiKeyOwners } from './ingest.repo.ts';

/**
 * Server business events from the domain events the CRM already emits (docs/ANALYTICS.md, "Server events"): one
 * handler of the outbox, so no service calls analytics for what its events already say. The analytics event is
 * about the event's actor (an API key's owner for a key); system actions (imports' rows, jobs) are about no one and
 * are skipped. Its uuid derives from the domain event's id: a handler run twice stores it once.
 */

type Mapped = { [E in AnalyticsEventName]: { event: E; properties: AnalyticsEventProperties<E> } }[AnalyticsEventName];
type Payload = Record<string, unknown>;
const rec = (p: Payload, key: string) => (p[key] ?? {}) as Payload & { id: string };

/** The entity names of the restore and merge events (the catalogue's `entity`): the record's family. */
const FAMILY_ENTITY: Record<string, string> = {
  contact: 'person',
  organisation: 'organisation',
  deal: 'mandat',
  product: 'produit',
  interaction: 'interaction',
  task: 'task',
};
const FAMILY_KEY: Record<string, string> = {
  contact: 'person',
  organisation: 'organisation',
  deal: 'mandat',
  product: 'product',
  interaction: 'interaction',
  task: 'task',
};

/**
 * Whether a created record came from an import (imports set its provenance, `dataSource`, to `Import <file>` or
 * `Import LinkedIn`: imports/import-rows.ts): one `import_completed` says it, not one event per row.
 */
const imported = (record: Payload) => typeof record.dataSource === 'string' && record.dataSource.startsWith('Import ');

export function analyticsOf(e: Pick<DomainEvent, 'type' | 'payload'>): Mapped | null {
  const p = (e.payload ?? {}) as Payload;
  const family = e.type.split('.')[0] as string;
  if (e.type.endsWith('.created') && imported(rec(p, FAMILY_KEY[family] ?? family))) return null;
  switch (e.type) {
    case 'contact.created':
      return { event: 'contact_created', properties: { personId: rec(p, 'person').id } };
    case 'organisation.created':
      return { event: 'organisation_created', properties: { organisationId: rec(p, 'organisation').id } };
    case 'deal.created': {
      const m = rec(p, 'mandat');
      return { event: 'deal_created', properties: { mandatId: m.id, stage: String(m.stage) } };
    }
    case 'deal.stage_changed':
      return {
        event: 'deal_stage_changed',
        properties: { mandatId: rec(p, 'mandat').id, from: String(p.from), to: String(p.to) },
      };
    case 'deal.won':
      return { event: 'deal_won', properties: { mandatId: rec(p, 'mandat').id } };
    case 'deal.lost':
      return { event: 'deal_lost', properties: { mandatId: rec(p, 'mandat').id } };
    case 'task.created':
      return { event: 'task_created', properties: { taskId: rec(p, 'task').id } };
    case 'task.completed':
      return { event: 'task_completed', properties: { taskId: rec(p, 'task').id } };
    case 'interaction.created': {
      const i = rec(p, 'interaction');
      return { event: 'interaction_logged', properties: { interactionId: i.id, type: String(i.type) } };
    }
    case 'contact.deleted':
    case 'organisation.deleted':
      return typeof p.mergedInto === 'string'
        ? { event: 'records_merged', properties: { entity: FAMILY_ENTITY[family] as string, keptId: p.mergedInto } }
        : null;
    default:
      if (e.type.endsWith('.restored') && FAMILY_KEY[family]) {
        return {
          event: 'record_restored',
          properties: { entity: FAMILY_ENTITY[family] as string, recordId: rec(p, FAMILY_KEY[family] as string).id },
        };
      }
      return null;
  }
}

export const ANALYTICS_DOMAIN_TYPES = [
  'contact.created',
  'organisation.created',
  'deal.created',
  'deal.stage_changed',
  'deal.won',
  'deal.lost',
  'task.created',
  'task.completed',
  'interaction.created',
  'contact.deleted',
  'organisation.deleted',
  'contact.restored',
  'organisation.restored',
  'deal.restored',
  'product.restored',
  'interaction.restored',
  'task.restored',
];

/** A UUID (version 8, RFC 9562) derived from the domain event and the analytics event. */
export function derivedUuid(eventId: string, name: string): string {
  const h = createHash('sha256').update(`${eventId}:${name}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x80;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

async function captureAll(events: DomainEvent[], ctx: JobContext): Promise<void> {
  const keys = [
    ...new Set(events.filter((e) => e.actorType === 'api_key' && e.actorId).map((e) => e.actorId as string)),
  ];
  const owners = await apiKeyOwners(ctx.deps.database.db, keys);
  for (const e of events) {
    const userId = e.actorType === 'user' ? e.actorId : e.actorType === 'api_key' ? owners.get(e.actorId ?? '') : null;
    if (!userId) continue;
    const mapped = analyticsOf(e);
    if (!mapped) continue;
    ctx.deps.analytics.capture(userId, mapped.event, mapped.properties as never, {
      uuid: derivedUuid(e.id, mapped.event),
      timestamp: e.occurredAt,
    });
  }
}

export const analyticsFromDomainEvents: EventHandler = {
  name: 'analytics-business-events',
  types: ANALYTICS_DOMAIN_TYPES,
  handle: (event, ctx) => captureAll([event], ctx),
  handleMany: (events, ctx) => captureAll(events, ctx),
};
