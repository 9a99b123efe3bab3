import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInteraction,
  createOrganisation,
  createProduit,
  createTask,
  createTeam,
  createUser,
  sessionHeaders,
} from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

describe('bulk routes of interactions and funds', () => {
  let t: TestApp;
  let user: Client;
  let manager: Client;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const team = await createTeam(t.deps);
    user = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'user', teamId: team.id })));
    manager = client(
      t.app,
      await sessionHeaders(t.deps, await createUser(t.deps, { role: 'manager', teamId: team.id })),
    );
    orgId = (await createOrganisation(user, { name: 'Bulk Gestion' })).id;
  });
  afterAll(async () => t?.close());

  it('updates many interactions with a per-row report; deletes in bulk only for managers', async () => {
    const log = async (c: Client) => (await createInteraction(c, { organisationId: orgId })).id;
    const mine = await log(user);
    const theirs = await log(manager);
    const report = await user.post('/api/v1/interactions/bulk-update', {
      ids: [mine, theirs],
      patch: { outcome: 'Rappeler' },
    });
    expect(report.status).toBe(200);
    expect(report.body.succeeded).toEqual([mine]);
    expect(report.body.failed).toEqual([expect.objectContaining({ id: theirs, code: 'auth.forbidden' })]);
    expect((await user.post('/api/v1/interactions/bulk-delete', { ids: [mine] })).status).toBe(403);
    const del = await manager.post('/api/v1/interactions/bulk-delete', { ids: [mine, theirs] });
    expect(del.body.succeeded.sort()).toEqual([mine, theirs].sort());
  });

  it('lets only catalogue editors change funds in bulk', async () => {
    const a = (await createProduit(manager)).id;
    const b = (await createProduit(manager)).id;
    expect((await user.post('/api/v1/produits/bulk-update', { ids: [a, b], patch: { status: 'actif' } })).status).toBe(
      403,
    );
    const r = await manager.post('/api/v1/produits/bulk-update', { ids: [a, b], patch: { status: 'actif' } });
    expect(r.body.succeeded).toEqual([a, b]);
    expect((await manager.get(`/api/v1/produits/${b}`)).body.status).toBe('actif');
  });

  it('answers the values each updated row had, and bulk-patch puts them back row by row', async () => {
    const a = await createOrganisation(user, { name: 'Avant Gestion', category: 'CGPI', tier: 1 });
    const b = await createOrganisation(user, { name: 'Bis Gestion', category: 'SDG', tier: null });
    const theirs = await createOrganisation(manager, { name: 'Chez le manager', tier: 2 });
    const r = await user.post('/api/v1/organisations/bulk-update', {
      ids: [a.id, b.id, theirs.id],
      patch: { tier: 3 },
    });
    expect(r.status).toBe(200);
    expect(r.body.succeeded).toEqual([a.id, b.id]);
    expect(r.body.failed).toEqual([expect.objectContaining({ id: theirs.id, code: 'auth.forbidden' })]);
    // Only the changed field, only the updated rows: the forbidden one changed nothing there is to undo.
    expect(r.body.previous).toEqual({ [a.id]: { tier: 1 }, [b.id]: { tier: null } });

    const rows = Object.entries(r.body.previous).map(([id, patch]) => ({ id, patch }));
    const undo = await user.post('/api/v1/organisations/bulk-patch', { rows });
    expect(undo.status).toBe(200);
    expect(undo.body.succeeded.sort()).toEqual([a.id, b.id].sort());
    expect((await user.get(`/api/v1/organisations/${a.id}`)).body.tier).toBe(1);
    expect((await user.get(`/api/v1/organisations/${b.id}`)).body.tier).toBeNull();
  });

  it('bulk-patch reports a row whose patch is invalid or forbidden and applies the others', async () => {
    const a = await createOrganisation(user, { name: 'Patch Un', tier: 1 });
    const theirs = await createOrganisation(manager, { name: 'Patch Deux', tier: 1 });
    const r = await user.post('/api/v1/organisations/bulk-patch', {
      rows: [
        { id: a.id, patch: { tier: 9 } },
        { id: theirs.id, patch: { tier: 2 } },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.succeeded).toEqual([]);
    expect(r.body.failed).toEqual([
      expect.objectContaining({ id: a.id, code: 'request.validation' }),
      expect.objectContaining({ id: theirs.id, code: 'auth.forbidden' }),
    ]);
    const ok = await user.post('/api/v1/organisations/bulk-patch', { rows: [{ id: a.id, patch: { tier: 2 } }] });
    expect(ok.body.succeeded).toEqual([a.id]);
    expect((await user.get(`/api/v1/organisations/${a.id}`)).body.tier).toBe(2);
    expect((await user.post('/api/v1/organisations/bulk-patch', { rows: [] })).status).toBe(400);
  });

  it('adds and removes tags on each row’s own list, case and accents ignored, and answers the lists before', async () => {
    const a = await createOrganisation(user, { name: 'Tags Un', tags: ['ESG', 'Prioritaire'] });
    const b = await createOrganisation(user, { name: 'Tags Deux', tags: [] });
    const r = await user.post('/api/v1/organisations/bulk-update', {
      ids: [a.id, b.id],
      patch: {},
      tags: { add: ['Salon 2026', 'esg'], remove: ['prioritaire'] },
    });
    expect(r.body.succeeded).toEqual([a.id, b.id]);
    expect((await user.get(`/api/v1/organisations/${a.id}`)).body.tags).toEqual(['ESG', 'Salon 2026']);
    expect((await user.get(`/api/v1/organisations/${b.id}`)).body.tags).toEqual(['Salon 2026', 'esg']);
    expect(r.body.previous).toEqual({ [a.id]: { tags: ['ESG', 'Prioritaire'] }, [b.id]: { tags: [] } });
    // Entities without tags take no tag change.
    const task = await user.post('/api/v1/tasks/bulk-update', { ids: [a.id], patch: {}, tags: { add: ['x'] } });
    expect(task.status).toBe(400);
  });

  it('undoes a bulk completion and a due date change of tasks: status, completion and due date as they were', async () => {
    const dueAt = '2026-12-08T08:00:00.000Z';
    const a = await createTask(user, { title: 'Relancer A', status: 'doing', dueAt });
    const b = await createTask(user, { title: 'Relancer B', dueAt: null });
    const done = await user.post('/api/v1/tasks/bulk-update', {
      ids: [a.id, b.id],
      patch: { status: 'done', dueAt: '2026-12-20T08:00:00.000Z' },
    });
    expect(done.body.previous).toEqual({
      [a.id]: { status: 'doing', dueAt },
      [b.id]: { status: 'todo', dueAt: null },
    });
    expect((await user.get(`/api/v1/tasks/${a.id}`)).body.completedAt).not.toBeNull();
    const rows = Object.entries(done.body.previous).map(([id, patch]) => ({ id, patch }));
    expect((await user.post('/api/v1/tasks/bulk-patch', { rows })).body.succeeded).toHaveLength(2);
    const back = (await user.get(`/api/v1/tasks/${a.id}`)).body;
    expect(back).toMatchObject({ status: 'doing', completedAt: null, dueAt });
    expect((await user.get(`/api/v1/tasks/${b.id}`)).body).toMatchObject({ status: 'todo', dueAt: null });
  });
});
