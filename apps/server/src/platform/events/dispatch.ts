import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { defineJob, type JobContext } from '../jobs/define-job.ts';
import { deterministicJobId } from '../jobs/queue.ts';
import type { DomainEvent } from './emit.ts';
import { events } from './events.schema.ts';

/** A feature's reaction to domain events; runs as its own retried job, keyed by (handler, event). */
export interface EventHandler {
  /** kebab-case, unique: e.g. `invalidate-cache`, `deliver-webhooks`. */
  name: string;
  /** Event types, or '*' for all. */
  types: string[] | '*';
  handle(event: DomainEvent, ctx: JobContext): Promise<void>;
}

const registry = new Map<string, EventHandler>();

/**
 * A reaction that must happen at once, in the process that committed, before its request answers (the read cache's
 * eviction: a write is visible on the next read). Best effort: the outbox handler of the same feature is the
 * guaranteed path. Never throws into the request: failures are logged.
 */
export type CommitListener = (event: DomainEvent, deps: Deps) => Promise<void>;
const commitListeners = new Set<CommitListener>();

export function registerCommitListeners(listeners: CommitListener[]): void {
  for (const l of listeners) commitListeners.add(l);
}

export function registeredCommitListeners(): CommitListener[] {
  return [...commitListeners];
}

/** Registers the event handlers of the features. Called once at boot from features.ts. */
export function registerEventHandlers(handlers: EventHandler[]): void {
  for (const h of handlers) {
    if (registry.has(h.name) && registry.get(h.name) !== h)
      throw new Error(`event handler "${h.name}" registered twice`);
    registry.set(h.name, h);
  }
}

export function eventHandlersFor(type: string): EventHandler[] {
  return [...registry.values()].filter((h) => h.types === '*' || h.types.includes(type));
}

async function loadEvent(ctx: JobContext, eventId: string): Promise<DomainEvent | null> {
  const [row] = await ctx.deps.database.db.select().from(events).where(eq(events.id, eventId));
  return (row as DomainEvent | undefined) ?? null;
}

/** Fans one event out to one job per interested handler. */
export const dispatchEventJob = defineJob({
  name: 'dispatch-event',
  input: z.object({ eventId: z.uuid() }),
  retry: { limit: 10, delaySeconds: 2, backoff: true },
  concurrency: 2,
  handler: async ({ eventId }, ctx) => {
    const event = await loadEvent(ctx, eventId);
    if (!event) return { missing: true };
    const handlers = eventHandlersFor(event.type);
    for (const h of handlers) {
      await ctx.deps.queue.enqueue(
        null,
        handleEventJob,
        { eventId, handler: h.name },
        { id: deterministicJobId(`${h.name}:${eventId}`) },
      );
    }
    return { handlers: handlers.map((h) => h.name) };
  },
});

/** Runs one handler for one event. */
export const handleEventJob = defineJob({
  name: 'handle-event',
  input: z.object({ eventId: z.uuid(), handler: z.string() }),
  retry: { limit: 8, delaySeconds: 5, backoff: true },
  concurrency: 4,
  handler: async ({ eventId, handler }, ctx) => {
    const h = registry.get(handler);
    if (!h) throw new Error(`no event handler "${handler}"`);
    const event = await loadEvent(ctx, eventId);
    if (!event) return { missing: true };
    await h.handle(event, { ...ctx, log: ctx.log.child({ eventId, handler }) });
    return { ok: true };
  },
});
