import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

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
    await userA.post('/api/v1/organisations', { name: 'CGP Lyon', category: 'CGPI', city: 'Lyon' });
    await userA.post('/api/v1/organisations', { name: 'SDG Paris', category: 'SDG', city: 'Paris' });
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

  it('refuses filters the list would refuse', async () => {
    const bad = await userA.post('/api/v1/segments', {
      name: 'Bad',
      entity: 'organisations',
      filters: { category: 'Nope' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('segment.invalid_filters');
  });
});
