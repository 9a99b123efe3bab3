import { EVENT_PAYLOAD_SCHEMAS, type EventPayload, type EventType, type ProducedEventType } from '@crm/contracts';
import { z } from 'zod';
import { newId } from '../db/ids.ts';
import { insertMany } from '../db/insert-many.ts';
import type { Tx } from '../db/tx.ts';
import { type CommitListener, dispatchEventJob, EVENTS_PER_DISPATCH, registeredCommitListeners } from './dispatch.ts';
import { events } from './events.schema.ts';

export interface DomainEvent<P = unknown> {
  id: string;
  type: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  payload: P;
  schemaVersion: number;
}

export const eventTypeSchema = z.string().regex(/^[a-z_]+\.[a-z_]+(\.v\d+)?$/, 'event types are <entity>.<past_tense>');

/** One event for `emitMany`: a produced type and its payload, checked against each other. */
export type EventItem = { [T in ProducedEventType]: { type: T; payload: EventPayload<T> } }[ProducedEventType];

/**
 * Records a domain event and enqueues its dispatch in the caller's transaction: the event exists if and
 * only if the change it describes committed. `type` is one of the catalogue's produced types and `payload` its
 * shape (@crm/contracts, event-payloads.ts): a misspelt or planned type, or a payload of another shape, does not
 * compile; outside production the payload is also parsed with its schema (`assertPayload`).
 */
export async function emit<T extends ProducedEventType>(
  t: Tx,
  type: T,
  payload: EventPayload<T>,
  opts: { schemaVersion?: number } = {},
): Promise<DomainEvent<EventPayload<T>>> {
  eventTypeSchema.parse(type);
  assertPayload(t, type, payload);
  const actor = t.ctx.actor;
  const event: DomainEvent<EventPayload<T>> = {
    id: newId(),
    type,
    occurredAt: t.ctx.deps.clock.now(),
    actorType: actor.type,
    actorId: actor.apiKeyId ?? actor.userId,
    payload,
    schemaVersion: opts.schemaVersion ?? 1,
  };
  await t.db.insert(events).values(event);
  // The dispatch job's id is the event's id: at most one dispatch per event, even if emitted twice.
  await t.ctx.deps.queue.enqueue(t, dispatchEventJob, { eventIds: [event.id] }, { id: event.id });
  afterCommitListeners(t, [event as DomainEvent]);
  return event;
}

/**
 * Records several domain events and enqueues their dispatch in the caller's transaction, with one insert of the
 * events and one dispatch job per EVENTS_PER_DISPATCH events (an import writing hundreds of records per transaction):
 * their handlers and commit listeners receive them as batches. Same guarantees as `emit`.
 */
export async function emitMany(t: Tx, items: readonly EventItem[]): Promise<DomainEvent[]> {
  if (items.length === 0) return [];
  for (const item of items) assertPayload(t, item.type, item.payload);
  const actor = t.ctx.actor;
  const now = t.ctx.deps.clock.now();
  const list: DomainEvent[] = items.map((item) => ({
    id: newId(),
    type: eventTypeSchema.parse(item.type),
    occurredAt: now,
    actorType: actor.type,
    actorId: actor.apiKeyId ?? actor.userId,
    payload: item.payload,
    schemaVersion: 1,
  }));
  await insertMany(t.db, events, list);
  // One dispatch job per EVENTS_PER_DISPATCH events, its id its first event's: the batch's key.
  const batches: DomainEvent[][] = [];
  for (let i = 0; i < list.length; i += EVENTS_PER_DISPATCH) batches.push(list.slice(i, i + EVENTS_PER_DISPATCH));
  await t.ctx.deps.queue.enqueueMany(
    t,
    dispatchEventJob,
    batches.map((batch) => ({ id: (batch[0] as DomainEvent).id, input: { eventIds: batch.map((e) => e.id) } })),
  );
  for (const batch of batches) afterCommitListeners(t, batch);
  return list;
}

/** After the commit, the commit listeners receive the batch, keyed by its first event's id. */
function afterCommitListeners(t: Tx, batch: DomainEvent[]): void {
  const listeners: CommitListener[] = registeredCommitListeners();
  if (listeners.length === 0) return;
  const key = (batch[0] as DomainEvent).id;
  t.afterCommit(async () => {
    await Promise.all(listeners.map((l) => l(batch, t.ctx.deps, key)));
  });
}

/**
 * Outside production, parses a payload with its type's schema and throws on a mismatch: a test that emits then fails
 * where a cast or an `as` let a payload drift from the catalogue. Production trusts the types and skips the cost.
 * Types outside the catalogue (the outbox's own tests) are not checked.
 */
function assertPayload(t: Tx, type: string, payload: unknown): void {
  if (t.ctx.deps.config.isProduction) return;
  const schema = (EVENT_PAYLOAD_SCHEMAS as Partial<Record<string, (typeof EVENT_PAYLOAD_SCHEMAS)[EventType]>>)[type];
  const r = schema?.safeParse(payload);
  if (r && !r.success) {
    throw new Error(`${type}: the payload does not match the catalogue (@crm/contracts): ${z.prettifyError(r.error)}`);
  }
}
