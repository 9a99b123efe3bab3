import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  createMandat,
  createOrganisation,
  createPerson,
  createTask,
  twoTeams,
} from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { events } from '../../platform/events/events.schema.ts';

// 12:00 in Paris (summer time).
const current = new Date('2025-06-10T10:00:00Z');
const clock = { now: () => current };
const at = (iso: string) => new Date(iso).toISOString();

describe('tasks API', () => {
  let t: TestApp;
  let who: Awaited<ReturnType<typeof twoTeams>>;
  let userA: Caller;
  let userB: Caller;
  let orgA: string;

  beforeAll(async () => {
    t = await createTestApp({ deps: { clock } });
    who = await twoTeams(t);
    userA = who.userA;
    userB = who.userB;
    orgA = (await createOrganisation(userA.c, { name: 'Acme Gestion' })).id;
  });
  afterAll(async () => t?.close());

  const eventsFor = async (taskId: string) =>
    (await t.deps.database.db.select().from(events))
      .filter((e) => (e.payload as { task?: { id: string } }).task?.id === taskId)
      .map((e) => e.type);

  it('creates, updates, deletes to the recycle bin and restores, with audit and events', async () => {
    const res = await userA.c.post('/api/v1/tasks', {
      title: 'Envoyer la proposition',
      category: 'email',
      priority: 'haute',
      dueAt: '2025-06-12T09:00:00+02:00',
      organisationId: orgA,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'todo',
      assigneeId: userA.id,
      ownerId: userA.id,
      teamId: who.teamA.id,
      createdBy: userA.id,
    });
    const id = res.body.id as string;
    expect((await userA.c.patch(`/api/v1/tasks/${id}`, { status: 'doing' })).body.status).toBe('doing');
    expect((await userA.c.delete(`/api/v1/tasks/${id}`)).status).toBe(204);
    expect((await userA.c.get(`/api/v1/tasks/${id}`)).status).toBe(404);
    expect((await userA.c.get('/api/v1/tasks/deleted')).body.items.map((x: { id: string }) => x.id)).toContain(id);
    expect((await userA.c.post(`/api/v1/tasks/${id}/restore`)).status).toBe(200);
    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.map((r) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(await eventsFor(id)).toEqual(['task.created', 'task.updated', 'task.deleted', 'task.restored']);
  });

  it('emits task.assigned on creation for someone else and on every reassignment; follows the ownership rule', async () => {
    const byManager = await who.managerA.c.post('/api/v1/tasks', { title: 'Relancer', assigneeId: userA.id });
    expect(byManager.status).toBe(201);
    const id = byManager.body.id as string;
    expect(byManager.body).toMatchObject({ assigneeId: userA.id, ownerId: who.managerA.id });
    expect(await eventsFor(id)).toEqual(['task.created', 'task.assigned']);
    // The assignee may update the task though they do not own it.
    expect((await userA.c.patch(`/api/v1/tasks/${id}`, { priority: 'critique' })).status).toBe(200);
    expect((await who.managerA.c.patch(`/api/v1/tasks/${id}`, { assigneeId: who.userA2.id })).status).toBe(200);
    expect(await eventsFor(id)).toEqual([
      'task.created',
      'task.assigned',
      'task.updated',
      'task.updated',
      'task.assigned',
    ]);
    // A manager may not assign outside the team; a user may not assign to someone else.
    expect((await who.managerA.c.post('/api/v1/tasks', { title: 'x', assigneeId: userB.id })).status).toBe(403);
    expect((await userA.c.post('/api/v1/tasks', { title: 'x', assigneeId: who.userA2.id })).status).toBe(403);
    const own = await userA.c.post('/api/v1/tasks', { title: 'Pour moi', assigneeId: userA.id });
    expect(await eventsFor(own.body.id)).toEqual(['task.created']);
    // An admin may assign anyone; the assignee in another team then sees and may change the task.
    const cross = await who.admin.c.post('/api/v1/tasks', { title: 'Transverse', assigneeId: userB.id });
    expect(cross.status).toBe(201);
    expect((await userB.c.get(`/api/v1/tasks/${cross.body.id}`)).status).toBe(200);
    expect((await userB.c.patch(`/api/v1/tasks/${cross.body.id}`, { status: 'doing' })).status).toBe(200);
  });

  it('answers the overdue, today and next7 views in Paris days, and the other filters and sorts', async () => {
    const u = who.managerA;
    const mk = async (title: string, over: Record<string, unknown>) => (await createTask(u.c, { title, ...over })).id;
    await mk('En retard', { dueAt: '2025-06-09T08:00:00Z', priority: 'basse' });
    await mk('En retard mais fait', { dueAt: '2025-06-09T08:00:00Z', status: 'done' });
    await mk('Ce matin', { dueAt: '2025-06-10T05:00:00Z', priority: 'critique' }); // 07:00 Paris, before now
    await mk('Ce soir', { dueAt: '2025-06-10T21:30:00Z', category: 'rdv' }); // 23:30 Paris, still today
    await mk('Demain', { dueAt: '2025-06-10T22:30:00Z', category: 'rdv' }); // 00:30 Paris on the 11th
    await mk('Dans 7 jours', { dueAt: '2025-06-17T21:00:00Z' }); // 23:00 Paris on the 17th
    await mk('Dans 8 jours', { dueAt: '2025-06-17T22:30:00Z' }); // 00:30 Paris on the 18th
    await mk('Sans date', { priority: 'haute' });
    const titles = async (qs: string) => {
      const r = await u.c.get(`/api/v1/tasks?mine=true&${qs}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body.items as { title: string }[]).map((x) => x.title);
    };
    expect(await titles('view=overdue')).toEqual(['En retard', 'Ce matin']);
    // 'Ce matin' is late: it is under overdue only, never counted twice.
    expect(await titles('view=today')).toEqual(['Ce soir']);
    expect(await titles('view=next7')).toEqual(['Ce soir', 'Demain', 'Dans 7 jours']);
    expect(await titles('')).toEqual([
      'En retard',
      'En retard mais fait',
      'Ce matin',
      'Ce soir',
      'Demain',
      'Dans 7 jours',
      'Dans 8 jours',
      'Sans date',
    ]);
    expect((await titles('sort=priority')).slice(0, 2)).toEqual(['Ce matin', 'Sans date']);
    expect(await titles('category=rdv')).toEqual(['Ce soir', 'Demain']);
    expect(await titles('status=done')).toEqual(['En retard mais fait']);
    expect(await titles('dueFrom=2025-06-10T22:00:00Z&dueTo=2025-06-17T12:00:00Z')).toEqual(['Demain']);
    expect(await titles('q=demain')).toEqual(['Demain']);
    const page1 = await u.c.get('/api/v1/tasks?mine=true&limit=3');
    const page2 = await u.c.get(`/api/v1/tasks?mine=true&limit=3&cursor=${page1.body.nextCursor}`);
    const page3 = await u.c.get(`/api/v1/tasks?mine=true&limit=3&cursor=${page2.body.nextCursor}`);
    expect(page3.body.items.map((x: { title: string }) => x.title)).toEqual(['Dans 8 jours', 'Sans date']);
    expect(page3.body.nextCursor).toBeNull();
    expect((await userB.c.get('/api/v1/tasks?view=overdue')).body.items).toEqual([]);
  });

  it('keeps a task done this morning in today (only open late tasks move to overdue)', async () => {
    const u = who.userA2;
    await createTask(u.c, { title: 'Fait ce matin', dueAt: '2025-06-10T05:00:00Z', status: 'done' });
    await createTask(u.c, { title: 'Oublié ce matin', dueAt: '2025-06-10T06:00:00Z' });
    const titles = async (view: string) =>
      ((await u.c.get(`/api/v1/tasks?mine=true&view=${view}`)).body.items as { title: string }[]).map((x) => x.title);
    expect(await titles('today')).toEqual(['Fait ce matin']);
    expect(await titles('overdue')).toEqual(['Oublié ce matin']);
  });

  it('snoozes by days or to a date, clearing the due announcement', async () => {
    const id = (await createTask(userA.c, { title: 'Snooze', dueAt: '2025-06-09T08:00:00Z' })).id;
    const byDays = await userA.c.post(`/api/v1/tasks/${id}/snooze`, { days: 2 });
    expect(byDays.status).toBe(200);
    expect(at(byDays.body.dueAt)).toBe(at('2025-06-12T10:00:00Z'));
    const until = await userA.c.post(`/api/v1/tasks/${id}/snooze`, { until: '2025-07-01T09:00:00+02:00' });
    expect(at(until.body.dueAt)).toBe(at('2025-07-01T07:00:00Z'));
    expect(until.body.dueNotifiedAt).toBeNull();
    expect((await userA.c.post(`/api/v1/tasks/${id}/snooze`, { days: 0 })).status).toBe(400);
  });

  it('completes a task, logging the matching interaction in the same transaction, then reopens it', async () => {
    const person = await createPerson(userA.c);
    const mandat = await createMandat(userA.c, { organisationId: orgA });
    const { id } = await createTask(userA.c, {
      title: 'RDV chez Acme',
      category: 'rdv',
      organisationId: orgA,
      personId: person.id,
      mandatId: mandat.id,
    });
    const done = await userA.c.post(`/api/v1/tasks/${id}/complete`, { logInteraction: true, outcome: 'Très positif' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect(at(done.body.completedAt)).toBe(at(current.toISOString()));
    const logged = await userA.c.get(`/api/v1/interactions?mandatId=${mandat.id}`);
    expect(logged.body.items).toHaveLength(1);
    expect(logged.body.items[0]).toMatchObject({
      type: 'reunion',
      title: 'RDV chez Acme',
      outcome: 'Très positif',
      organisationId: orgA,
      personId: person.id,
    });
    expect(await eventsFor(id)).toEqual(['task.created', 'task.updated', 'task.completed']);
    const latestDone = await userA.c.get('/api/v1/tasks?status=done&sort=-completedAt&limit=1');
    expect(latestDone.body.items[0]?.id).toBe(id);
    expect((await userA.c.post(`/api/v1/tasks/${id}/complete`)).status).toBe(409);
    const reopened = await userA.c.post(`/api/v1/tasks/${id}/reopen`);
    expect(reopened.body).toMatchObject({ status: 'todo', completedAt: null });

    // A category without a matching interaction refuses, and nothing is written.
    const admin = await createTask(userA.c, { title: 'Admin', category: 'admin', organisationId: orgA });
    const refused = await userA.c.post(`/api/v1/tasks/${admin.id}/complete`, { logInteraction: true });
    expect(refused.status).toBe(400);
    expect((await userA.c.get(`/api/v1/tasks/${admin.id}`)).body.status).toBe('todo');
  });

  it('bulk-updates with a per-row report and bulk-deletes for managers only', async () => {
    const a = (await createTask(userA.c, { title: 'Bulk 1' })).id;
    const b = (await createTask(userA.c, { title: 'Bulk 2' })).id;
    const foreign = (await createTask(userB.c, { title: 'Bulk B' })).id;
    const report = await userA.c.post('/api/v1/tasks/bulk-update', {
      ids: [a, b, foreign],
      patch: { priority: 'haute' },
    });
    expect(report.status).toBe(200);
    expect(report.body.succeeded).toEqual([a, b]);
    expect(report.body.failed).toEqual([expect.objectContaining({ id: foreign, code: 'task.not_found' })]);
    expect((await userA.c.post('/api/v1/tasks/bulk-delete', { ids: [a] })).status).toBe(403);
    const del = await who.managerA.c.post('/api/v1/tasks/bulk-delete', { ids: [a, b] });
    expect(del.body.succeeded).toEqual([a, b]);
  });

  it('keeps team A tasks away from team B and checks links', async () => {
    const task = await createTask(userA.c, { title: 'Secret A' });
    expect((await userB.c.get(`/api/v1/tasks/${task.id}`)).status).toBe(404);
    expect((await userB.c.get('/api/v1/tasks?q=secret')).body.total).toBe(0);
    expect((await userB.c.post(`/api/v1/tasks/${task.id}/complete`)).status).toBe(404);
    expect((await who.userA2.c.patch(`/api/v1/tasks/${task.id}`, { title: 'x' })).status).toBe(403);
    expect((await who.viewerA.c.get(`/api/v1/tasks/${task.id}`)).status).toBe(200);
    const bad = await userB.c.post('/api/v1/tasks', { title: 'Lien', organisationId: orgA });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('task.link_not_found');
  });
});
