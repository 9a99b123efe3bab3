import type { EventPayload, ProducedEventType } from '@crm/contracts';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { systemCtx } from '../context.ts';
import { rowsOf } from '../db/client.ts';
import { withTx } from '../db/tx.ts';
import { type EventHandler, eventHandlersFor, registerEventHandlers } from './dispatch.ts';
import { type EventItem, emit, emitMany } from './emit.ts';
import { events } from './events.schema.ts';

// The outbox is generic: these tests use types of their own, outside the catalogue the features emit from.
const RECORDED = 'test.recorded' as ProducedEventType;
const BATCHED = 'test.batched' as ProducedEventType;
/** A payload of the test types (the catalogue has no schema for them, so emit does not parse it). */
const payload = (n: number) => ({ n }) as unknown as EventPayload<ProducedEventType>;
const batched = (n: number) => ({ type: BATCHED, payload: { n } }) as unknown as EventItem;

const seen: string[] = [];
const recorder: EventHandler = {
  name: 'test-recorder',
  types: ['test.recorded', 'test.batched'],
  handle: async (e) => {
    seen.push(e.id);
  },
};

/** Takes batches whole; fails every batch holding a poisoned event, and a poisoned event alone on its first try. */
const batches: string[][] = [];
const alone: string[] = [];
const poisoned = new Set<string>();
const tries = new Map<string, number>();
const batcher: EventHandler = {
  name: 'test-batcher',
  types: ['test.batched'],
  handle: async () => {
    throw new Error('a handler with handleMany is called through it');
  },
  handleMany: async (list) => {
    if (list.length > 1 && list.some((e) => poisoned.has(e.id))) throw new Error('poisoned batch');
    if (list.length === 1) {
      const id = (list[0] as { id: string }).id;
      tries.set(id, (tries.get(id) ?? 0) + 1);
      if (poisoned.has(id) && tries.get(id) === 1) throw new Error('poisoned event, first try');
      alone.push(id);
      return;
    }
    batches.push(list.map((e) => e.id));
  },
};

describe('emit (transactional outbox)', () => {
  let t: TestApp;
  beforeAll(async () => {
    registerEventHandlers([recorder, batcher]);
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const dispatchJobs = async (eventId: string) =>
    Number(
      rowsOf<{ n: string }>(
        await t.deps.database.db.execute(
          sql`select count(*)::int as n from pgboss.job where name = 'dispatch-event' and data->'eventIds' ? ${eventId}`,
        ),
      )[0]?.n,
    );
  const eventRows = async (id: string) =>
    (await t.deps.database.db.select().from(events).where(eq(events.id, id))).length;

  it('leaves no event and no job when the transaction rolls back', async () => {
    let id = '';
    await expect(
      withTx(systemCtx(t.deps), async (tx) => {
        id = (await emit(tx, RECORDED, payload(1))).id;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(id).not.toBe('');
    expect(await eventRows(id)).toBe(0);
    expect(await dispatchJobs(id)).toBe(0);
  });

  it('leaves exactly one event and one dispatch job when it commits', async () => {
    const e = await withTx(systemCtx(t.deps), (tx) => emit(tx, RECORDED, payload(2)));
    expect(await eventRows(e.id)).toBe(1);
    expect(await dispatchJobs(e.id)).toBe(1);
    const [row] = await t.deps.database.db.select().from(events).where(eq(events.id, e.id));
    expect(row).toMatchObject({ type: 'test.recorded', actorType: 'system', schemaVersion: 1, payload: { n: 2 } });
  });

  it('dispatches a committed event to its handler exactly once', async () => {
    await t.deps.queue.work(t.deps);
    const e = await withTx(systemCtx(t.deps), (tx) => emit(tx, RECORDED, payload(3)));
    expect(await waitFor(async () => seen.includes(e.id))).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen.filter((x) => x === e.id)).toHaveLength(1);
  });

  it('dispatches the events of one transaction as one batch: one job per handler, not per event', async () => {
    const list = await withTx(systemCtx(t.deps), (tx) => emitMany(tx, [1, 2, 3].map(batched)));
    const ids = list.map((e) => e.id);
    expect(await waitFor(async () => batches.some((b) => b.join() === ids.join()))).toBe(true);
    // The handler without handleMany saw each event once, in the same job.
    expect(await waitFor(async () => ids.every((id) => seen.includes(id)))).toBe(true);
    const jobs = rowsOf<{ name: string; handler: string | null; n: number }>(
      await t.deps.database.db.execute(
        sql`select name, data->>'handler' as handler, count(*)::int as n from pgboss.job
            where data->'eventIds' ? ${ids[1]} group by name, handler order by name, handler`,
      ),
    );
    // One dispatch job, then one handle-event job per handler taking test.batched: the two above, and the
    // application's handlers that take every type ('*', e.g. the read cache's invalidation).
    const interested = eventHandlersFor('test.batched').map((h) => h.name);
    expect(interested).toEqual(expect.arrayContaining(['test-recorder', 'test-batcher']));
    expect(jobs).toEqual([
      { name: 'dispatch-event', handler: null, n: 1 },
      ...interested.sort().map((handler) => ({ name: 'handle-event', handler, n: 1 })),
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(seen.filter((id) => ids.includes(id))).toHaveLength(3);
  });

  it('retries a failing event of a batch alone, and hands the others on once', async () => {
    const list = await withTx(systemCtx(t.deps), async (tx) => {
      const out = await emitMany(tx, [1, 2, 3].map(batched));
      poisoned.add((out[1] as { id: string }).id);
      return out;
    });
    const ids = list.map((e) => e.id);
    // The batch failed as a whole, then each of its events went through alone; the poisoned one after a retry.
    expect(await waitFor(async () => ids.every((id) => alone.includes(id)), 30_000)).toBe(true);
    expect(tries.get(ids[1] as string)).toBe(2);
    expect(alone.filter((id) => ids.includes(id))).toHaveLength(3);
    expect(batches.some((b) => b.includes(ids[0] as string))).toBe(false);
  });

  it('refuses, outside production, a payload that does not match its type in the catalogue', async () => {
    const person = { id: crypto.randomUUID(), firstName: 'Hélène', lastName: 'Martin', ownerId: null, teamId: null };
    const drifted = { person: { ...person, ownerId: undefined } } as unknown as EventPayload<'contact.created'>;
    await expect(withTx(systemCtx(t.deps), (tx) => emit(tx, 'contact.created', drifted))).rejects.toThrow(
      /contact\.created: the payload does not match the catalogue/,
    );
    const missing = { type: 'deal.won', payload: {} } as unknown as EventItem;
    await expect(withTx(systemCtx(t.deps), (tx) => emitMany(tx, [missing]))).rejects.toThrow(/deal\.won/);
    const e = await withTx(systemCtx(t.deps), (tx) => emit(tx, 'contact.created', { person }));
    expect(await eventRows(e.id)).toBe(1);
  });

  it('refuses event types that are not <entity>.<past_tense>', async () => {
    await expect(
      withTx(systemCtx(t.deps), (tx) => emit(tx, 'BadType' as ProducedEventType, payload(0))),
    ).rejects.toThrow();
  });
});
