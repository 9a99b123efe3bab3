import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { listAuditRows } from '../../platform/audit/audit.repo.ts';

describe('teams administration', () => {
  let t: TestApp;
  let h: Record<string, string>;
  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    headers = h,
  ) => t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload }) });

  beforeAll(async () => {
    t = await createTestApp();
    h = await sessionHeaders(t.deps, await createUser(t.deps, { role: 'admin' }));
  });
  afterAll(async () => t?.close());

  it('creates, reads, renames and deletes an empty team, auditing each change', async () => {
    const created = await inject('POST', '/teams', { name: 'Paris CGPI', description: 'Conseillers' });
    expect(created.statusCode).toBe(201);
    const team = created.json();
    expect(team).toMatchObject({ name: 'Paris CGPI', description: 'Conseillers', memberCount: 0 });

    expect((await inject('GET', `/teams/${team.id}`)).json().name).toBe('Paris CGPI');
    const renamed = await inject('PATCH', `/teams/${team.id}`, { name: 'Paris Wholesale' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('Paris Wholesale');

    const list = await inject('GET', '/teams');
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(team.id);

    expect((await inject('DELETE', `/teams/${team.id}`)).statusCode).toBe(204);
    expect((await inject('GET', `/teams/${team.id}`)).statusCode).toBe(404);

    const rows = await listAuditRows(t.deps.database.db, { entityType: 'team', entityId: team.id, limit: 10 });
    expect(rows.map((r) => r.action)).toEqual(['delete', 'update', 'create']);
    expect(rows[1]?.changes).toEqual({ name: { before: 'Paris CGPI', after: 'Paris Wholesale' } });
    expect(rows[0]?.changes).toMatchObject({ name: { before: 'Paris Wholesale', after: null } });
  });

  it('answers 409 team.already_exists for a taken name (case-insensitive)', async () => {
    await inject('POST', '/teams', { name: 'Lyon' });
    const res = await inject('POST', '/teams', { name: 'LYON' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('team.already_exists');
  });

  it('refuses to delete a team that still has users with 409 team.not_empty', async () => {
    const team = await createTeam(t.deps);
    await createUser(t.deps, { teamId: team.id, isActive: false });
    const res = await inject('DELETE', `/teams/${team.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'team.not_empty' });
  });

  it('counts active members', async () => {
    const team = await createTeam(t.deps);
    await createUser(t.deps, { teamId: team.id });
    await createUser(t.deps, { teamId: team.id });
    await createUser(t.deps, { teamId: team.id, isActive: false });
    expect((await inject('GET', `/teams/${team.id}`)).json().memberCount).toBe(2);
  });

  it('answers 400 request.validation for an empty name and unknown fields', async () => {
    const res = await inject('POST', '/teams', { name: '', colour: 'red' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.validation');
    expect(res.json().errors.length).toBeGreaterThan(0);
  });
});
