import type { Deps } from '../../platform/context.ts';
import type { EntityRegistry, Reader } from '../../platform/entities/entity.ts';
import type { EventHandler } from '../../platform/events/dispatch.ts';
import type { DomainEvent } from '../../platform/events/emit.ts';
import { wakeDispatchers } from './dispatcher.ts';
import { endpointsForEvent, insertDeliveries } from './webhooks.repo.ts';

/**
 * Whether the owner of an endpoint may see what an event is about (DOMAIN.md: admins everything; the others what
 * they own and what their team owns; a task also its assignee; the fund catalogue everyone): the scope of the
 * entity the event's family belongs to (the registry), applied to the record in the payload. Events of a family
 * no entity claims reach admins' endpoints only: nothing is sent that was not checked.
 */
export function ownerMaySee(
  entities: EntityRegistry,
  owner: Reader,
  event: Pick<DomainEvent, 'type' | 'payload'>,
): boolean {
  if (owner.role === 'admin') return true;
  const e = entities.byFamily(event.type.split('.')[0] ?? '');
  if (!e?.events) return false;
  const row = (event.payload as Record<string, Record<string, unknown> | undefined>)[e.events.key];
  return e.scope.maySee(owner, row);
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
  types: '*',
  handle: (event, ctx) => fanOut([event], ctx.deps),
  handleMany: (events, ctx) => fanOut(events, ctx.deps),
};

/** The deliveries of these events: one endpoint query per event type, one insert for all. */
async function fanOut(events: DomainEvent[], deps: Deps): Promise<void> {
  const db = deps.database.db;
  const endpointsByType = new Map<string, Awaited<ReturnType<typeof endpointsForEvent>>>();
  for (const type of new Set(events.map((e) => e.type))) endpointsByType.set(type, await endpointsForEvent(db, type));
  const rows = events.flatMap((event) => {
    const endpoints = (endpointsByType.get(event.type) ?? []).filter(({ owner }) =>
      ownerMaySee(deps.entities, owner, event),
    );
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
