import { EVENT_TYPES } from '@crm/contracts';
import type { Role } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import type { EventHandler } from '../../platform/events/dispatch.ts';
import type { DomainEvent } from '../../platform/events/emit.ts';
import { wakeDispatchers } from './dispatcher.ts';
import { endpointsForEvent, insertDeliveries } from './webhooks.repo.ts';

interface Owner {
  id: string;
  role: Role;
  teamId: string | null;
}

interface Subject {
  ownerId?: string | null;
  teamId?: string | null;
  assigneeId?: string | null;
}

/** Where each event family keeps its record in the payload, and whether that record has an owner and a team. */
const SUBJECTS: Record<string, { key: string; shared?: boolean }> = {
  contact: { key: 'person' },
  organisation: { key: 'organisation' },
  deal: { key: 'mandat' },
  product: { key: 'product', shared: true },
  interaction: { key: 'interaction' },
  task: { key: 'task' },
};

/**
 * Whether the owner of an endpoint may see what an event is about (DOMAIN.md: admins everything; the others what
 * they own and what their team owns; a task also its assignee; the fund catalogue everyone). Events of a family
 * this map does not know reach admins' endpoints only: nothing is sent that was not checked.
 */
export function ownerMaySee(owner: Owner, event: Pick<DomainEvent, 'type' | 'payload'>): boolean {
  if (owner.role === 'admin') return true;
  const family = event.type.split('.')[0] ?? '';
  const subject = SUBJECTS[family];
  if (!subject) return false;
  if (subject.shared) return true;
  const row = (event.payload as Record<string, Subject | undefined>)[subject.key];
  if (!row) return false;
  return (
    row.ownerId === owner.id ||
    (!!owner.teamId && row.teamId === owner.teamId) ||
    (family === 'task' && row.assigneeId === owner.id)
  );
}

/** The body every endpoint receives for an event (Standard Webhooks' `{ type, timestamp, data }`). */
export const deliveryBody = (event: Pick<DomainEvent, 'type' | 'occurredAt' | 'payload'>): string =>
  JSON.stringify({ type: event.type, timestamp: new Date(event.occurredAt).toISOString(), data: event.payload });

/**
 * From the outbox: one delivery per active endpoint subscribed to the event whose owner may see it. Inserting is
 * idempotent per (endpoint, event), so a retried fan-out never sends twice; the deliveries exist only because the
 * event does, and the event only because its change committed.
 */
export const fanOutToWebhooks: EventHandler = {
  name: 'deliver-webhooks',
  types: EVENT_TYPES,
  handle: (event, ctx) => fanOut([event], ctx.deps.database.db),
  handleMany: (events, ctx) => fanOut(events, ctx.deps.database.db),
};

/** The deliveries of these events: one endpoint query per event type, one insert for all. */
async function fanOut(events: DomainEvent[], db: Queryable): Promise<void> {
  const endpointsByType = new Map<string, Awaited<ReturnType<typeof endpointsForEvent>>>();
  for (const type of new Set(events.map((e) => e.type))) endpointsByType.set(type, await endpointsForEvent(db, type));
  const rows = events.flatMap((event) => {
    const endpoints = (endpointsByType.get(event.type) ?? []).filter(({ owner }) => ownerMaySee(owner, event));
    if (endpoints.length === 0) return [];
    const body = deliveryBody(event);
    return endpoints.map(({ endpoint }) => ({
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      body,
    }));
  });
  if ((await insertDeliveries(db, rows)) > 0) wakeDispatchers();
}
