import { z } from 'zod';
import { newId } from '../db/ids.ts';
import type { Tx } from '../db/tx.ts';
import { dispatchEventJob, registeredCommitListeners } from './dispatch.ts';
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

/**
 * Records a domain event and enqueues its dispatch in the caller's transaction: the event exists if and
 * only if the change it describes committed.
 */
export async function emit<P extends object>(
  t: Tx,
  type: string,
  payload: P,
  opts: { schemaVersion?: number } = {},
): Promise<DomainEvent<P>> {
  eventTypeSchema.parse(type);
  const actor = t.ctx.actor;
  const event: DomainEvent<P> = {
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
  await t.ctx.deps.queue.enqueue(t, dispatchEventJob, { eventId: event.id }, { id: event.id });
  const listeners = registeredCommitListeners();
  if (listeners.length) {
    t.afterCommit(async () => {
      await Promise.all(listeners.map((l) => l(event as DomainEvent, t.ctx.deps)));
    });
  }
  return event;
}

/**
 * Records several domain events and enqueues their dispatch in the caller's transaction, with one insert of the
 * events and one of their jobs (an import writing hundreds of records per transaction). Same guarantees as `emit`.
 */
export async function emitMany(t: Tx, items: { type: string; payload: object }[]): Promise<DomainEvent[]> {
  if (items.length === 0) return [];
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
  await t.db.insert(events).values(list);
  await t.ctx.deps.queue.enqueueMany(
    t,
    dispatchEventJob,
    list.map((e) => ({ id: e.id, input: { eventId: e.id } })),
  );
  const listeners = registeredCommitListeners();
  if (listeners.length) {
    t.afterCommit(async () => {
      for (const event of list) await Promise.all(listeners.map((l) => l(event, t.ctx.deps)));
    });
  }
  return list;
}
