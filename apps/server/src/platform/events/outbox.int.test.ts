import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, eventually, type TestApp } from '../../../test/test-app.ts';
import { systemCtx } from '../context.ts';
import { rowsOf } from '../db/client.ts';
import { withTx } from '../db/tx.ts';
import { type EventHandler, registerEventHandlers } from './dispatch.ts';
import { emit } from './emit.ts';
import { events } from './events.schema.ts';

const seen: string[] = [];
const recorder: EventHandler = {
  name: 'test-recorder',
  types: ['test.recorded'],
  handle: async (e) => {
    seen.push(e.id);
  },
};

describe('emit (transactional outbox)', () => {
  let t: TestApp;
  beforeAll(async () => {
    registerEventHandlers([recorder]);
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const dispatchJobs = async (eventId: string) =>
    Number(
      rowsOf<{ n: string }>(
        await t.deps.database.db.execute(
          sql`select count(*)::int as n from pgboss.job where name = 'dispatch-event' and data->>'eventId' = ${eventId}`,
        ),
      )[0]?.n,
    );
  const eventRows = async (id: string) =>
    (await t.deps.database.db.select().from(events).where(eq(events.id, id))).length;

  it('leaves no event and no job when the transaction rolls back', async () => {
    let id = '';
    await expect(
      withTx(systemCtx(t.deps), async (tx) => {
        id = (await emit(tx, 'test.recorded', { n: 1 })).id;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(id).not.toBe('');
    expect(await eventRows(id)).toBe(0);
    expect(await dispatchJobs(id)).toBe(0);
  });

  it('leaves exactly one event and one dispatch job when it commits', async () => {
    const e = await withTx(systemCtx(t.deps), (tx) => emit(tx, 'test.recorded', { n: 2 }));
    expect(await eventRows(e.id)).toBe(1);
    expect(await dispatchJobs(e.id)).toBe(1);
    const [row] = await t.deps.database.db.select().from(events).where(eq(events.id, e.id));
    expect(row).toMatchObject({ type: 'test.recorded', actorType: 'system', schemaVersion: 1, payload: { n: 2 } });
  });

  it('dispatches a committed event to its handler exactly once', async () => {
    await t.deps.queue.work(t.deps);
    const e = await withTx(systemCtx(t.deps), (tx) => emit(tx, 'test.recorded', { n: 3 }));
    expect(await eventually(async () => seen.includes(e.id))).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen.filter((x) => x === e.id)).toHaveLength(1);
  });

  it('refuses event types that are not <entity>.<past_tense>', async () => {
    await expect(withTx(systemCtx(t.deps), (tx) => emit(tx, 'BadType', {}))).rejects.toThrow();
  });
});
