import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMandat,
  createOrganisation,
  createTask,
  createTeam,
  createUser,
  sessionHeaders,
} from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';

describe('segments', () => {
  let t: TestApp;
  let userA: Client;
  let mateA: Client;
  let userB: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const teamA = await createTeam(t.deps);
    const mk = async (teamId: string) =>
      client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'user', teamId })));
    userA = await mk(teamA.id);
    mateA = await mk(teamA.id);
    userB = await mk((await createTeam(t.deps)).id);
    await createOrganisation(userA, { name: 'CGP Lyon', category: 'CGPI', city: 'Lyon' });
    const sdg = await createOrganisation(userA, { name: 'SDG Paris', category: 'SDG', city: 'Paris' });
    const orgB = await createOrganisation(userB, { name: 'Autre équipe', category: 'SDG' });
    // Saved-view fixtures: a placement and a distribution mandate, a critical and a low task, in each team.
    for (const [c, organisationId] of [
      [userA, sdg.id],
      [userB, orgB.id],
    ] as const) {
      await createMandat(c, { kind: 'placement', title: 'Placement', organisationId });
      await createMandat(c, { kind: 'distribution', title: 'Distribution', organisationId });
      await createTask(c, { title: 'Urgent', priority: 'critique' });
      await createTask(c, { title: 'Plus tard', priority: 'basse' });
    }
  });
  afterAll(async () => t?.close());

  it('saves a filter, lists its members in the caller’s scope, and shares it with the team', async () => {
    const seg = await userA.post('/api/v1/segments', {
      name: 'CGP',
      entity: 'organisations',
      filters: { category: 'CGPI' },
    });
    expect(seg.status).toBe(201);
    const members = await userA.get(`/api/v1/segments/${seg.body.id}/members`);
    expect(members.body.items.map((o: { name: string }) => o.name)).toEqual(['CGP Lyon']);
    expect((await mateA.get(`/api/v1/segments/${seg.body.id}`)).status).toBe(404);
    expect((await userA.patch(`/api/v1/segments/${seg.body.id}`, { shared: true })).status).toBe(200);
    expect((await mateA.get('/api/v1/segments')).body.items.map((s: { name: string }) => s.name)).toEqual(['CGP']);
    expect((await mateA.patch(`/api/v1/segments/${seg.body.id}`, { name: 'Mine' })).status).toBe(403);
    expect((await userB.get(`/api/v1/segments/${seg.body.id}`)).status).toBe(404);
  });

  it('answers an empty PATCH with the segment unchanged and writes no audit row', async () => {
    const seg = await userA.post('/api/v1/segments', { name: 'Vide', entity: 'organisations', filters: {} });
    expect(seg.status).toBe(201);
    const res = await userA.patch(`/api/v1/segments/${seg.body.id}`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: seg.body.id, name: 'Vide' });
    const rows = await t.deps.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, seg.body.id), eq(auditLog.action, 'update')));
    expect(rows).toEqual([]);
  });

  it('refuses filters the list would refuse', async () => {
    const bad = await userA.post('/api/v1/segments', {
      name: 'Bad',
      entity: 'organisations',
      filters: { category: 'Nope' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('segment.invalid_filters');
  });

  const names = (r: { body: { items: { name: string }[] } }) => r.body.items.map((x) => x.name);
  const titles = (r: { body: { items: { title: string }[] } }) => r.body.items.map((x) => x.title);

  it.each([
    {
      entity: 'mandats',
      filters: { kind: 'placement' },
      changed: { kind: 'distribution' },
      titles: ['Placement', 'Distribution'],
    },
    {
      entity: 'tasks',
      filters: { priority: 'critique' },
      changed: { priority: 'basse' },
      titles: ['Urgent', 'Plus tard'],
    },
  ])('keeps a saved view of $entity shared with the team: create, list, members, update, delete', async (v) => {
    const created = await userA.post('/api/v1/segments', {
      name: `Vue ${v.entity}`,
      entity: v.entity,
      filters: { ...v.filters, sort: '-createdAt', columns: 'title,ownerId,updatedAt' },
      shared: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.filters).toEqual({ ...v.filters, sort: '-createdAt', columns: 'title,ownerId,updatedAt' });
    const id = created.body.id as string;

    // The team sees and uses it (members in the mate's own scope, columns not passed to the list) ...
    expect(names(await mateA.get(`/api/v1/segments?entity=${v.entity}`))).toEqual([`Vue ${v.entity}`]);
    expect((await mateA.get(`/api/v1/segments/${id}`)).status).toBe(200);
    const members = await mateA.get(`/api/v1/segments/${id}/members`);
    expect(members.status, JSON.stringify(members.body)).toBe(200);
    expect(titles(members)).toEqual([v.titles[0]]);
    expect(members.body.total).toBe(1);
    // ... but may not change it; another team does not see it at all.
    expect((await mateA.patch(`/api/v1/segments/${id}`, { name: 'Mienne' })).status).toBe(403);
    expect((await mateA.delete(`/api/v1/segments/${id}`)).status).toBe(403);
    expect(names(await userB.get(`/api/v1/segments?entity=${v.entity}`))).toEqual([]);
    expect((await userB.get(`/api/v1/segments/${id}/members`)).status).toBe(404);

    const updated = await userA.patch(`/api/v1/segments/${id}`, { filters: { ...v.changed, columns: 'title' } });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.filters).toEqual({ ...v.changed, columns: 'title' });
    expect(titles(await userA.get(`/api/v1/segments/${id}/members`))).toEqual([v.titles[1]]);

    expect((await userA.delete(`/api/v1/segments/${id}`)).status).toBe(204);
    expect((await mateA.get(`/api/v1/segments/${id}`)).status).toBe(404);
    expect(names(await mateA.get(`/api/v1/segments?entity=${v.entity}`))).toEqual([]);
    const audit = await t.deps.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'segment'), eq(auditLog.entityId, id)));
    expect(audit.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
  });

  it('saves views of produits too, with a sort the list offers', async () => {
    const res = await userA.post('/api/v1/segments', {
      name: 'ETF',
      entity: 'produits',
      filters: { type: 'ETF', sort: 'name', columns: 'name,isin' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await userA.get(`/api/v1/segments/${res.body.id}/members`)).status).toBe(200);
  });

  it.each([
    { filters: { sort: 'name' }, path: 'body.filters.sort' },
    { filters: { priority: 'critique', colour: 'red' }, path: 'body.filters' },
    { filters: { cursor: 'abc' }, path: 'body.filters' },
    { filters: { columns: 'title,due date' }, path: 'body.filters.columns.1' },
  ])('refuses view filters the list would not take: $filters', async ({ filters, path }) => {
    const res = await userA.post('/api/v1/segments', { name: 'Mauvaise', entity: 'tasks', filters });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('segment.invalid_filters');
    expect(res.body.errors[0].path).toBe(path);
  });
});
