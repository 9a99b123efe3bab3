import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { interactions } from '../interactions/interactions.schema.ts';
import { mandatStageChanges, mandats } from '../mandats/mandats.schema.ts';
import { notes } from '../notes/notes.schema.ts';
import { tasks } from '../tasks/tasks.schema.ts';

describe('GET /api/v1/organisations/:id/timeline', () => {
  let t: TestApp;
  let userA: Client;
  let userB: Client;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const teamA = await createTeam(t.deps);
    const teamB = await createTeam(t.deps);
    const a = await createUser(t.deps, { role: 'user', teamId: teamA.id });
    const b = await createUser(t.deps, { role: 'user', teamId: teamB.id });
    userA = client(t.app, await sessionHeaders(t.deps, a));
    userB = client(t.app, await sessionHeaders(t.deps, b));
    orgId = (await createOrganisation(userA, { name: 'Acme Gestion', category: 'SDG' })).id;
    await userA.patch(`/api/v1/organisations/${orgId}`, { city: 'Paris' });
    // Inserted: the timeline's order needs past dates (createdAt, changedAt) the API cannot set, a team B
    // interaction on a team A organisation, which it refuses, and a mandate without its creation's stage change.
    const db = t.deps.database.db;
    const own = { ownerId: a.id, teamId: teamA.id };
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 10));
    await db.insert(interactions).values({
      type: 'appel',
      title: 'Appel de découverte',
      occurredAt: day(2),
      organisationId: orgId,
      createdBy: a.id,
      ...own,
    });
    await db.insert(interactions).values({
      type: 'reunion',
      title: 'Réunion équipe B',
      occurredAt: day(3),
      organisationId: orgId,
      ownerId: b.id,
      teamId: teamB.id,
    });
    await db
      .insert(tasks)
      .values({ title: 'Envoyer la proposition', organisationId: orgId, createdAt: day(4), ...own });
    await db.insert(notes).values({
      entityType: 'organisation',
      entityId: orgId,
      body: '<p>Intéressé par l’ESG</p>',
      createdAt: day(5),
      ...own,
    });
    const [m] = await db
      .insert(mandats)
      .values({ kind: 'distribution', title: 'Mandat Acme', organisationId: orgId, ...own })
      .returning();
    await db
      .insert(mandatStageChanges)
      .values({ mandatId: m!.id, fromStage: 'negociation', toStage: 'gagne', changedAt: day(6) });
  });
  afterAll(async () => t?.close());

  it('merges interactions, notes, tasks, stage changes and field changes, newest first, within scope', async () => {
    const res = await userA.get(`/api/v1/organisations/${orgId}/timeline`);
    expect(res.status).toBe(200);
    const kinds = res.body.items.map((i: { kind: string }) => i.kind);
    expect(kinds.slice(1)).toEqual(['stage_change', 'note', 'task', 'interaction']);
    expect(kinds[0]).toBe('change');
    expect(res.body.items[0].data.changes.city).toEqual({ before: null, after: 'Paris' });
    expect(res.body.items.map((i: { title: string }) => i.title)).not.toContain('Réunion équipe B');
  });

  it('pages with a cursor and filters by kind', async () => {
    const first = await userA.get(`/api/v1/organisations/${orgId}/timeline?limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await userA.get(`/api/v1/organisations/${orgId}/timeline?limit=10&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { kind: string }) => i.kind)).toEqual(['note', 'task', 'interaction']);
    expect(second.body.nextCursor).toBeNull();
    const onlyTasks = await userA.get(`/api/v1/organisations/${orgId}/timeline?types=task`);
    expect(onlyTasks.body.items.map((i: { title: string }) => i.title)).toEqual(['Envoyer la proposition']);
  });

  it('answers 404 to a caller who may not see the record', async () => {
    expect((await userB.get(`/api/v1/organisations/${orgId}/timeline`)).status).toBe(404);
    expect((await userA.get(`/api/v1/organisations/${orgId}/timeline?cursor=xx`)).status).toBe(400);
  });
});
