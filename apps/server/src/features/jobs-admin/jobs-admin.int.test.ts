import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { defineJob } from '../../platform/jobs/define-job.ts';

describe('jobs admin API', () => {
  let t: TestApp;
  let admin: Client;
  let manager: Client;
  let user: Client;
  /** Inputs whose next attempt succeeds; every other attempt throws. */
  const healed = new Set<number>();
  const ran: number[] = [];
  const fragileJob = defineJob({
    name: 'process-fragile',
    input: z.object({ n: z.number().int() }),
    retry: { limit: 0, delaySeconds: 0, backoff: false },
    handler: async ({ n }) => {
      if (!healed.has(n)) throw new Error(`boom ${n}`);
      ran.push(n);
      return { ok: n };
    },
  });
  const list = (query = '') => admin.get(`/api/v1/admin/jobs?name=process-fragile${query}`);
  const enqueue = async (n: number) => (await t.deps.queue.enqueue(null, fragileJob, { n })) as string;
  const failed = async (id: string) =>
    waitFor(async () => (await list()).body.jobs.items.find((j: { id: string }) => j.id === id), 20_000);

  beforeAll(async () => {
    t = await createTestApp();
    t.deps.queue.register([fragileJob]);
    await t.deps.queue.stop();
    await t.deps.queue.start();
    await t.deps.queue.work(t.deps);
    admin = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'admin' })));
    manager = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'manager' })));
    user = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'user' })));
  });
  afterAll(async () => t?.close());

  it('lists a job that threw as failed, with its error, and counts it on its queue', async () => {
    const id = await enqueue(1);
    const job = await failed(id);
    expect(job).toMatchObject({ id, name: 'process-fragile', state: 'failed', data: { n: 1 }, error: 'boom 1' });
    expect(job.archived).toBe(false);
    expect(Number.isNaN(Date.parse(job.completedAt))).toBe(false);

    const res = await admin.get('/api/v1/admin/jobs');
    expect(res.status).toBe(200);
    const queue = res.body.queues.find((q: { name: string }) => q.name === 'process-fragile');
    expect(queue).toMatchObject({ failed: 1, retryLimit: 0, cron: null });
    const names = res.body.queues.map((q: { name: string }) => q.name);
    expect(names).toEqual(expect.arrayContaining(['dispatch-event', 'handle-event', 'run-maintenance']));
    expect(names.some((n: string) => n.startsWith('__pgboss__'))).toBe(false);
  });

  it('retries a failed job: it goes back to the queue, runs, and the retry is audited', async () => {
    const id = await enqueue(2);
    await failed(id);
    healed.add(2);
    const res = await admin.post(`/api/v1/admin/jobs/${id}/retry`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, state: 'retry' });
    expect(await waitFor(async () => ran.includes(2), 20_000)).toBe(true);
    const done = await waitFor(async () => {
      const items = (await list('&state=completed')).body.jobs.items as { id: string; error: string | null }[];
      return items.find((j) => j.id === id);
    });
    expect(done).toMatchObject({ id, error: null });

    const trail = await admin.get(`/api/v1/audit?entityType=job&entityId=${id}`);
    expect(trail.body.items[0]).toMatchObject({ action: 'retry', metadata: { name: 'process-fragile' } });

    const again = await admin.post(`/api/v1/admin/jobs/${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('job.not_failed');
  });

  it('lists an archived failed job as archived and refuses to retry it (409)', async () => {
    const id = await enqueue(5);
    await failed(id);
    // What pg-boss's maintenance does a day after the failure.
    const cols =
      'id, name, priority, data, state, retry_limit, retry_count, retry_delay, retry_backoff, start_after, started_on, singleton_key, singleton_on, expire_in, created_on, completed_on, keep_until, dead_letter, policy, output';
    await t.deps.database.raw.query(
      `insert into pgboss.archive (${cols}) select ${cols} from pgboss.job where id = $1`,
      [id],
    );
    await t.deps.database.raw.query('delete from pgboss.job where id = $1', [id]);
    expect(await failed(id)).toMatchObject({ state: 'failed', archived: true, error: 'boom 5' });
    const queue = (await list()).body.queues.find((q: { name: string }) => q.name === 'process-fragile');
    expect(queue.archived).toBe(1);
    const res = await admin.post(`/api/v1/admin/jobs/${id}/retry`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('job.archived');
  });

  it('answers 404 problem+json for an unknown job', async () => {
    const res = await admin.post(`/api/v1/admin/jobs/${randomUUID()}/retry`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('job.not_found');
  });

  it('pages failed jobs newest first with a cursor', async () => {
    const ids = [await enqueue(31), await enqueue(32), await enqueue(33)];
    for (const id of ids) await failed(id);
    const first = (await list('&limit=2')).body.jobs;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = (await list(`&limit=200&cursor=${first.nextCursor}`)).body.jobs;
    const seen = [...first.items, ...rest.items].map((j: { id: string }) => j.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(seen).toHaveLength(first.total);
    const times = [...first.items, ...rest.items].map((j: { completedAt: string }) => Date.parse(j.completedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(rest.nextCursor).toBeNull();

    const bad = await list('&cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('list.invalid_cursor');
  });

  it('answers 403 problem+json to managers and users', async () => {
    const id = await enqueue(4);
    await failed(id);
    for (const caller of [manager, user]) {
      for (const res of [await caller.get('/api/v1/admin/jobs'), await caller.post(`/api/v1/admin/jobs/${id}/retry`)]) {
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('auth.forbidden');
      }
    }
    expect((await failed(id)).state).toBe('failed');
  });
});
