import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTask, sessionHeaders, twoTeams } from '../../../test/factories.ts';
import { client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { features } from '../../features.ts';
import { events } from '../../platform/events/events.schema.ts';
import { emitDueTasks, emitDueTasksJob } from './emit-due-tasks.job.ts';

let current = new Date('2025-06-10T10:00:00Z');
const clock = { now: () => current };

describe('emit-due-tasks (task.due)', () => {
  let t: TestApp;
  let userA: Caller;

  beforeAll(async () => {
    t = await createTestApp({ deps: { clock } });
    userA = (await twoTeams(t)).userA;
  });
  afterAll(async () => t?.close());

  const dueEvents = async () =>
    (await t.deps.database.db.select().from(events).where(eq(events.type, 'task.due'))).map(
      (e) => (e.payload as { task: { id: string; title: string } }).task.title,
    );

  it('is a registered job scheduled every five minutes', () => {
    expect(emitDueTasksJob.cron).toBe('*/5 * * * *');
    expect(features.some((f) => f.jobs?.includes(emitDueTasksJob as never))).toBe(true);
  });

  it('announces each due date exactly once, even when the job runs twice, and again after a snooze', async () => {
    const mk = async (title: string, over: Record<string, unknown>) =>
      (await createTask(userA.c, { title, ...over })).id;
    const due = await mk('Échue', { dueAt: '2025-06-10T09:00:00Z' });
    await mk('Future', { dueAt: '2025-06-10T12:00:00Z' });
    await mk('Faite', { dueAt: '2025-06-10T08:00:00Z', status: 'done' });
    await mk('Sans date', {});
    const deleted = await mk('Supprimée', { dueAt: '2025-06-10T08:00:00Z' });
    await userA.c.delete(`/api/v1/tasks/${deleted}`);

    expect(await emitDueTasks(t.deps)).toEqual({ emitted: 1 });
    expect(await emitDueTasks(t.deps)).toEqual({ emitted: 0 });
    expect(await dueEvents()).toEqual(['Échue']);
    expect((await userA.c.get(`/api/v1/tasks/${due}`)).body.dueNotifiedAt).not.toBeNull();

    current = new Date('2025-06-10T12:30:00Z');
    expect(await emitDueTasks(t.deps)).toEqual({ emitted: 1 });
    expect(await dueEvents()).toEqual(['Échue', 'Future']);

    // Snoozing sets a new due date, which is announced once when it passes.
    await userA.c.post(`/api/v1/tasks/${due}/snooze`, { days: 1 });
    expect(await emitDueTasks(t.deps)).toEqual({ emitted: 0 });
    current = new Date('2025-06-11T13:00:00Z');
    await Promise.all([emitDueTasks(t.deps), emitDueTasks(t.deps)]);
    expect(await dueEvents()).toEqual(['Échue', 'Future', 'Échue']);
  });

  it('works through a backlog in batches', async () => {
    const c = client(t.app, await sessionHeaders(t.deps, userA)); // the clock moved on: userA's first session expired
    for (const i of [0, 1, 2, 3, 4]) await createTask(c, { title: `Lot ${i}`, dueAt: '2025-06-11T12:00:00Z' });
    expect(await emitDueTasks(t.deps, { batchSize: 2 })).toEqual({ emitted: 5 });
    expect(await emitDueTasks(t.deps, { batchSize: 2 })).toEqual({ emitted: 0 });
  });
});
