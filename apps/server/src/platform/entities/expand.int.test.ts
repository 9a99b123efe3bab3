import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInteraction,
  createMandat,
  createOrganisation,
  createPerson,
  createTask,
  twoTeams,
} from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/** `?expand=` on the record lists: related records in one query a relation, within the caller's scope. */
describe('?expand= on lists', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof twoTeams>>;
  let orgA: { id: string; name: string };
  let orgB: { id: string; name: string };
  let linked: string;
  let acrossTeams: string;

  beforeAll(async () => {
    t = await createTestApp();
    s = await twoTeams(t);
    orgA = (await createOrganisation(s.userA.c, { name: 'Expand Alpha' })) as { id: string; name: string };
    orgB = (await createOrganisation(s.userB.c, { name: 'Expand Beta' })) as { id: string; name: string };
    linked = (await createPerson(s.userA.c, { lastName: 'Linked', organisationId: orgA.id })).id;
    // Team A's contact whose primary organisation is team B's (an admin linked them): A must not learn its name.
    acrossTeams = (await createPerson(s.admin.c, { lastName: 'Across', ownerId: s.userA.id, organisationId: orgB.id }))
      .id;
  });
  afterAll(async () => t?.close());

  const byId = (items: { id: string }[], id: string) => items.find((i) => i.id === id) as Record<string, unknown>;

  it('people: the primary organisation and the owner; a hidden organisation is null, never named', async () => {
    const r = await s.userA.c.get('/api/v1/people?expand=organisation,owner&limit=200');
    expect(r.status).toBe(200);
    expect(byId(r.body.items, linked)).toMatchObject({
      organisation: { id: orgA.id, name: 'Expand Alpha' },
      owner: { id: s.userA.id, email: expect.stringContaining('@') },
    });
    expect(byId(r.body.items, acrossTeams).organisation).toBeNull();
    expect(JSON.stringify(r.body)).not.toContain('Expand Beta');
    // The admin sees it.
    const admin = await s.admin.c.get(`/api/v1/people?expand=organisation&ids=${acrossTeams}`);
    expect(admin.body.items[0].organisation).toEqual({ id: orgB.id, name: 'Expand Beta' });
    expect(admin.body.items[0]).not.toHaveProperty('owner');
    // Without expand, no such keys.
    const plain = await s.userA.c.get(`/api/v1/people?ids=${linked}`);
    expect(plain.body.items[0]).not.toHaveProperty('organisation');
  });

  it('mandats, tasks and interactions: their organisation and owner, scoped the same way', async () => {
    const mandat = await createMandat(s.userA.c, { organisationId: orgA.id });
    const hidden = await createMandat(s.admin.c, { organisationId: orgB.id, ownerId: s.userA.id });
    const m = await s.userA.c.get('/api/v1/mandats?expand=organisation,owner&limit=200');
    expect(byId(m.body.items, mandat.id)).toMatchObject({
      organisation: { id: orgA.id, name: 'Expand Alpha' },
      owner: { id: s.userA.id },
    });
    expect(byId(m.body.items, hidden.id).organisation).toBeNull();

    const task = await createTask(s.userA.c, { organisationId: orgA.id });
    const loose = await createTask(s.userA.c);
    const tk = await s.userA.c.get('/api/v1/tasks?expand=organisation,owner&limit=200');
    expect(byId(tk.body.items, task.id).organisation).toEqual({ id: orgA.id, name: 'Expand Alpha' });
    expect(byId(tk.body.items, loose.id)).toMatchObject({ organisation: null, owner: { id: s.userA.id } });

    const i = await createInteraction(s.userA.c, { organisationId: orgA.id });
    const ix = await s.userA.c.get('/api/v1/interactions?expand=organisation&limit=200');
    expect(byId(ix.body.items, i.id).organisation).toEqual({ id: orgA.id, name: 'Expand Alpha' });
  });

  it('organisations: the owner; another team never sees A’s owner through it', async () => {
    const r = await s.userA.c.get(`/api/v1/organisations?expand=owner&ids=${orgA.id}`);
    expect(r.body.items[0].owner).toMatchObject({ id: s.userA.id });
    const b = await s.userB.c.get(`/api/v1/organisations?expand=owner&ids=${orgA.id}`);
    expect(b.body.items).toEqual([]);
  });

  it('an unknown or foreign expand value is a 400 naming the parameter', async () => {
    const bad = await s.userA.c.get('/api/v1/people?expand=organisation,team');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('request.validation');
    expect(bad.body.errors[0].path).toMatch(/^querystring\.expand/);
    // Organisations have no organisation to expand.
    expect((await s.userA.c.get('/api/v1/organisations?expand=organisation')).status).toBe(400);
  });

  it('answers with expand skip the read cache, so a renamed organisation shows at once', async () => {
    const url = `/api/v1/people?expand=organisation&ids=${linked}`;
    const first = await s.userA.c.get(url);
    const second = await s.userA.c.get(url);
    expect(second.headers['x-cache']).toBeUndefined();
    expect(first.body.items[0].organisation.name).toBe('Expand Alpha');
    expect((await s.userA.c.patch(`/api/v1/organisations/${orgA.id}`, { name: 'Expand Alpha Renamed' })).status).toBe(
      200,
    );
    expect((await s.userA.c.get(url)).body.items[0].organisation.name).toBe('Expand Alpha Renamed');
    // The same list without expand is still cached as before.
    await s.userA.c.get(`/api/v1/people?ids=${linked}`);
    expect((await s.userA.c.get(`/api/v1/people?ids=${linked}`)).headers['x-cache']).toBe('hit');
  });
});
