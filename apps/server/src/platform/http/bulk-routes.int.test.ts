import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInteraction,
  createOrganisation,
  createProduit,
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
});
