import type { Deps } from '../../platform/context.ts';
import type { EventHandler } from '../../platform/events/dispatch.ts';
import type { DomainEvent } from '../../platform/events/emit.ts';
import { wakeDispatchers } from './dispatcher.ts';
import { ownerMaySee } from './event-visibility.ts';
import { endpointsForEvent, insertDeliveries } from './webhooks.repo.ts';

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
