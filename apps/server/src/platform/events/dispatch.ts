import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { defineJob, type JobContext } from '../jobs/define-job.ts';
import { deterministicJobId } from '../jobs/queue.ts';
import type { DomainEvent } from './emit.ts';
import { events } from './events.schema.ts';

/**
 * A feature's reaction to domain events; runs in retried jobs. Handlers are idempotent per event (delivery is at
 * least once): a handler may see an event twice, never zero times once its change committed.
 */
export interface EventHandler {
  /** kebab-case, unique: e.g. `invalidate-cache`, `deliver-webhooks`. */
  name: string;
  /** Event types, or '*' for all. */
  types: string[] | '*';
  handle(event: DomainEvent, ctx: JobContext): Promise<void>;
  /**
   * Several events at once (a batch written by one transaction, an import's 500 contacts): one query or one store
   * call for all of them instead of one each. `batchKey` identifies the batch (its first event's id), the same key
   * the commit listeners received. When it throws, each event is handled again alone, in a job of its own.
   */
  handleMany?(events: DomainEvent[], ctx: JobContext, batchKey: string): Promise<void>;
}

const registry = new Map<string, EventHandler>();

/**
 * A reaction that must happen at once, in the process that committed, before its request answers (the read cache's
 * eviction: a write is visible on the next read). Receives the events of one batch (one event for a single write)
 * and the batch's key, its first event's id. Best effort: the outbox handler of the same feature is the guaranteed
 * path. Never throws into the request: failures are logged.
 */
export type CommitListener = (events: DomainEvent[], deps: Deps, batchKey: string) => Promise<void>;
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

/** Events in one dispatch job at most: emitMany sends one job per this many events. */
export const EVENTS_PER_DISPATCH = 500;

/** The events of these ids that exist, in the order of the ids. */
async function loadEvents(ctx: JobContext, ids: readonly string[]): Promise<DomainEvent[]> {
  const rows = (await ctx.deps.database.db
    .select()
    .from(events)
    .where(inArray(events.id, [...ids]))) as DomainEvent[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const eventIds = z.array(z.uuid()).min(1).max(EVENTS_PER_DISPATCH);

/** Jobs queued before batches carried `{ eventId }`: read as a batch of one. */
const batchOfOne = (v: unknown) =>
  v && typeof v === 'object' && 'eventId' in v && !('eventIds' in v)
    ? { ...(v as object), eventIds: [(v as { eventId: unknown }).eventId] }
    : v;

/**
 * Fans a batch of events out (one event, or the events one transaction wrote): one `handle-event` job per interested
 * handler carrying the batch's events it wants. Job ids derive from this job's id, so a retried dispatch sends nothing
 * twice.
 */
export const dispatchEventJob = defineJob({
  name: 'dispatch-event',
  input: z.preprocess(batchOfOne, z.object({ eventIds })),
  retry: { limit: 10, delaySeconds: 2, backoff: true },
  concurrency: 2,
  handler: async ({ eventIds: ids }, ctx) => {
    const list = await loadEvents(ctx, ids);
    if (list.length === 0) return { missing: true };
    const batchKey = ids[0] as string;
    const byHandler = new Map<string, string[]>();
    for (const event of list) {
      for (const h of eventHandlersFor(event.type)) {
        const handled = byHandler.get(h.name);
        if (handled) handled.push(event.id);
        else byHandler.set(h.name, [event.id]);
      }
    }
    for (const [handler, handled] of byHandler) {
      // A batch of one keeps the id it always had, (handler, event): a retry of that event alone dedupes with it.
      const id = deterministicJobId(ids.length === 1 ? `${handler}:${batchKey}` : `${handler}:batch:${ctx.jobId}`);
      await ctx.deps.queue.enqueue(null, handleEventJob, { handler, eventIds: handled, batchKey }, { id });
    }
    return { events: list.length, handlers: [...byHandler.keys()] };
  },
});

/**
 * Runs one handler for a batch of events: `handleMany` when the handler has it, else `handle` event by event. An
 * event that fails (or every event, when `handleMany` fails) is handed to a job of its own, retried alone, so one bad
 * event neither holds back nor replays the others.
 */
export const handleEventJob = defineJob({
  name: 'handle-event',
  input: z.preprocess(batchOfOne, z.object({ eventIds, handler: z.string(), batchKey: z.uuid().optional() })),
  retry: { limit: 8, delaySeconds: 5, backoff: true },
  concurrency: 4,
  handler: async ({ eventIds: ids, handler, batchKey }, ctx) => {
    const h = registry.get(handler);
    if (!h) throw new Error(`no event handler "${handler}"`);
    const list = await loadEvents(ctx, ids);
    if (list.length === 0) return { missing: true };
    const key = batchKey ?? (list[0] as DomainEvent).id;
    const log = ctx.log.child({ handler, batchKey: key });
    // A batch of one fails here and is retried by this very job; a larger one hands its failures to jobs of their own.
    const alone = list.length === 1;
    if (h.handleMany) {
      try {
        await h.handleMany(list, { ...ctx, log }, key);
        return { ok: list.length };
      } catch (err) {
        if (alone) throw err;
        log.warn({ err }, 'event batch failed; each event is retried alone');
        for (const event of list) await retryAlone(ctx, handler, event.id);
        return { ok: 0, retriedAlone: list.length };
      }
    }
    let failed = 0;
    for (const event of list) {
      try {
        await h.handle(event, { ...ctx, log: ctx.log.child({ eventId: event.id, handler }) });
      } catch (err) {
        if (alone) throw err;
        failed++;
        log.warn({ err, eventId: event.id }, 'event failed in a batch; retried alone');
        await retryAlone(ctx, handler, event.id);
      }
    }
    return { ok: list.length - failed, retriedAlone: failed };
  },
});

function retryAlone(ctx: JobContext, handler: string, eventId: string) {
  return ctx.deps.queue.enqueue(
    null,
    handleEventJob,
    { handler, eventIds: [eventId] },
    { id: deterministicJobId(`${handler}:${eventId}`) },
  );
}
