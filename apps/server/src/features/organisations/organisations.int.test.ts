import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { events } from '../../platform/events/events.schema.ts';

describe('organisations API', () => {
  let t: TestApp;
  let admin: Client;
  let managerA: Client;
  let userA: Client;
  let userA2: Client;
  let viewerA: Client;
  let userB: Client;
  let ids: { userA: string; userA2: string; managerA: string; userB: string };

  beforeAll(async () => {
    t = await createTestApp();
    const teamA = await createTeam(t.deps, { name: 'Distribution France' });
    const teamB = await createTeam(t.deps, { name: 'Luxembourg' });
    const mk = async (role: 'admin' | 'manager' | 'user' | 'viewer', teamId: string | null) => {
      const u = await createUser(t.deps, { role, teamId });
      return { id: u.id, c: client(t.app, await sessionHeaders(t.deps, u)) };
    };
    const a = await mk('admin', null);
    const m = await mk('manager', teamA.id);
    const u1 = await mk('user', teamA.id);
    const u2 = await mk('user', teamA.id);
    const v = await mk('viewer', teamA.id);
    const b = await mk('user', teamB.id);
    admin = a.c;
    managerA = m.c;
    userA = u1.c;
    userA2 = u2.c;
    viewerA = v.c;
    userB = b.c;
    ids = { userA: u1.id, userA2: u2.id, managerA: m.id, userB: b.id };
  });
  afterAll(async () => t?.close());

  it('creates, reads, updates and deletes to the recycle bin, with audit rows and events', async () => {
    const created = await userA.post('/api/v1/organisations', {
      name: 'Acme Gestion',
      category: 'SDG',
      type: 'emetteur',
      city: 'Paris',
      aum: 1250000000,
      tags: ['actions', 'esg'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme Gestion',
      category: 'SDG',
      aum: '1250000000.00',
      ownerId: ids.userA,
    });
    const id = created.body.id as string;
    expect((await userA.get(`/api/v1/organisations/${id}`)).body.name).toBe('Acme Gestion');

    const patched = await userA.patch(`/api/v1/organisations/${id}`, { city: 'Lyon', tier: 1 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ city: 'Lyon', tier: 1 });

    expect((await userA.delete(`/api/v1/organisations/${id}`)).status).toBe(204);
    expect((await userA.get(`/api/v1/organisations/${id}`)).status).toBe(404);
    const restored = await userA.post(`/api/v1/organisations/${id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.deletedAt).toBeNull();

    const rows = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(rows[1]?.changes).toMatchObject({ city: { before: 'Paris', after: 'Lyon' } });
    const evs = await t.deps.database.db.select().from(events);
    const mine = evs.filter((e) => (e.payload as { organisation?: { id: string } }).organisation?.id === id);
    expect(mine.map((e) => e.type)).toEqual([
      'organisation.created',
      'organisation.updated',
      'organisation.deleted',
      'organisation.restored',
    ]);
    // An update carries the names of the changed fields and what they held before.
    expect(mine[1]?.payload).toMatchObject({ changes: ['city', 'tier'], previous: { city: 'Paris', tier: null } });
  });

  it('answers 409 with candidates for a near-duplicate name unless force is set', async () => {
    expect((await userA.post('/api/v1/organisations', { name: 'Société Générale Gestion' })).status).toBe(201);
    const dup = await userA.post('/api/v1/organisations', { name: 'Societe Generale Gestion SA' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('organisation.duplicate');
    expect(dup.body.candidates[0]).toMatchObject({ name: 'Société Générale Gestion' });
    const forced = await userA.post('/api/v1/organisations', { name: 'Societe Generale Gestion SA', force: true });
    expect(forced.status).toBe(201);
  });

  it('finds records without accents, in any case, with a typo, and treats % and _ literally', async () => {
    await createOrganisation(userA, { name: 'Crédit Lyonnais Épargne' });
    await createOrganisation(userA, { name: 'Banque 100% Patrimoine' });
    const names = async (q: string) =>
      ((await userA.get(`/api/v1/organisations?q=${encodeURIComponent(q)}`)).body.items as { name: string }[]).map(
        (o) => o.name,
      );
    expect(await names('credit lyonnais epargne')).toContain('Crédit Lyonnais Épargne');
    expect(await names('CRÉDIT')).toContain('Crédit Lyonnais Épargne');
    expect(await names('lyonais')).toContain('Crédit Lyonnais Épargne');
    expect(await names('100%')).toEqual(['Banque 100% Patrimoine']);
    expect(await names('_')).toEqual([]);
  });

  it('filters on the city whatever the case and accents typed (Paris, PARIS, genève, Geneve)', async () => {
    await createOrganisation(userA, { name: 'Banque du Léman', city: 'Genève' });
    await createOrganisation(userA, { name: 'Cabinet Rivoli', city: 'Paris' });
    const names = async (city: string) =>
      (
        (await userA.get(`/api/v1/organisations?ownerId=${ids.userA}&city=${encodeURIComponent(city)}`)).body.items as {
          name: string;
        }[]
      ).map((o) => o.name);
    for (const typed of ['Paris', 'PARIS', 'par']) expect(await names(typed)).toEqual(['Cabinet Rivoli']);
    for (const typed of ['Genève', 'genève', 'Geneve', 'GENÈVE'])
      expect(await names(typed)).toEqual(['Banque du Léman']);
    expect(await names('Zermatt')).toEqual([]);
  });

  it('filters on encours, country, tier and tags (case and accents ignored), within the caller’s scope', async () => {
    const lot = ['Lot-Filtres'];
    await createOrganisation(userA, {
      name: 'Encours Alpha',
      aum: 50_000_000,
      countryCode: 'LU',
      tier: 1,
      tags: [...lot, 'ESG', 'Société cotée'],
    });
    await createOrganisation(userA2, { name: 'Encours Beta', aum: 500_000_000, tier: 2, tags: [...lot, 'actions'] });
    await createOrganisation(userA, { name: 'Encours Gamma', countryCode: 'BE', tags: lot });
    // Team B's: matches most filters, never shown to team A.
    await createOrganisation(userB, {
      name: 'Encours Delta',
      aum: 100_000_000,
      countryCode: 'LU',
      tier: 1,
      tags: [...lot, 'esg'],
    });
    /** The names of this test's organisations (all tagged "Lot-Filtres", found as "lot-filtres") the filters keep. */
    const names = async (c: Client, filters: string, tags = '') => {
      const res = await c.get(
        `/api/v1/organisations?tags=${encodeURIComponent(`lot-filtres${tags}`)}&sort=name&${filters}`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.items as { name: string }[]).map((o) => o.name);
    };
    expect(await names(userA, 'aumMin=100000000')).toEqual(['Encours Beta']);
    expect(await names(admin, 'aumMin=100000000')).toEqual(['Encours Beta', 'Encours Delta']);
    // Bounds are inclusive; an organisation without encours is in no range.
    expect(await names(userA, 'aumMin=50000000&aumMax=500000000')).toEqual(['Encours Alpha', 'Encours Beta']);
    expect(await names(userA, 'aumMax=100000000')).toEqual(['Encours Alpha']);
    expect(await names(userA, 'countryCode=LU')).toEqual(['Encours Alpha']);
    expect(await names(admin, 'countryCode=LU')).toEqual(['Encours Alpha', 'Encours Delta']);
    expect(await names(userA, 'countryCode=lu,be')).toEqual(['Encours Alpha', 'Encours Gamma']);
    expect(await names(userA, 'tier=1')).toEqual(['Encours Alpha']);
    expect(await names(userA, 'tier=1,2')).toEqual(['Encours Alpha', 'Encours Beta']);
    expect(await names(userB, 'tier=1')).toEqual(['Encours Delta']);
    // Tags: every one named, each compared without case or accents.
    expect(await names(userA, '', ',esg')).toEqual(['Encours Alpha']);
    expect(await names(userA, '', ',SOCIETE COTEE,Esg')).toEqual(['Encours Alpha']);
    expect(await names(userA, '', ',esg,actions')).toEqual([]);
    expect(await names(userA, '', ',soc')).toEqual([]); // a tag is matched whole, not by a part of it
    expect(await names(admin, '', ',ESG')).toEqual(['Encours Alpha', 'Encours Delta']);
  });

  it('answers 400 with a stable code for bad encours, country, tier and tag filters', async () => {
    const problem = async (query: string) => {
      const res = await userA.get(`/api/v1/organisations?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      return { code: res.body.code as string, paths: (res.body.errors ?? []).map((e: { path: string }) => e.path) };
    };
    expect(await problem('aumMin=beaucoup')).toEqual({ code: 'request.validation', paths: ['querystring.aumMin'] });
    expect(await problem('aumMin=-1')).toEqual({ code: 'request.validation', paths: ['querystring.aumMin'] });
    expect(await problem('aumMax=1e20')).toEqual({ code: 'request.validation', paths: ['querystring.aumMax'] });
    expect(await problem('aumMin=10&aumMax=5')).toEqual({
      code: 'list.invalid_range',
      paths: ['querystring.aumMin', 'querystring.aumMax'],
    });
    expect(await problem('tier=4')).toMatchObject({ code: 'request.validation' });
    expect(await problem('tier=un')).toMatchObject({ code: 'request.validation' });
    expect(await problem('countryCode=XX')).toMatchObject({ code: 'request.validation' });
    expect(await problem(`tags=${'x'.repeat(61)}`)).toMatchObject({ code: 'request.validation' });
    // The export runs the same list: the same answer, not a broken download.
    const exported = await userA.get('/api/v1/organisations/export?format=csv&aumMin=10&aumMax=5');
    expect(exported.status).toBe(400);
    expect(exported.body.code).toBe('list.invalid_range');
  });

  it('filters, sorts and pages with a cursor', async () => {
    for (const [name, aum] of [
      ['Zeta CGP', 5],
      ['Alpha CGP', 30],
      ['Mu CGP', 10],
    ] as const) {
      await createOrganisation(userA2, { name, category: 'CGPI', type: 'client', aum, tags: ['cgp'] });
    }
    const byName = await userA2.get(`/api/v1/organisations?category=CGPI&ownerId=${ids.userA2}&sort=name&limit=2`);
    expect(byName.status).toBe(200);
    expect(byName.body.total).toBe(3);
    expect(byName.body.items.map((o: { name: string }) => o.name)).toEqual(['Alpha CGP', 'Mu CGP']);
    const next = await userA2.get(
      `/api/v1/organisations?category=CGPI&ownerId=${ids.userA2}&sort=name&limit=2&cursor=${byName.body.nextCursor}`,
    );
    expect(next.body.items.map((o: { name: string }) => o.name)).toEqual(['Zeta CGP']);
    expect(next.body.nextCursor).toBeNull();
    const byAum = await userA2.get(`/api/v1/organisations?tags=cgp&sort=-aum`);
    expect(byAum.body.items.map((o: { name: string }) => o.name)).toEqual(['Alpha CGP', 'Mu CGP', 'Zeta CGP']);
    const bad = await userA2.get('/api/v1/organisations?sort=password');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('list.invalid_sort');
    expect((await userA2.get('/api/v1/organisations?category=Nope')).status).toBe(400);
    expect((await userA2.get('/api/v1/organisations?cursor=garbage')).body.code).toBe('list.invalid_cursor');
  });

  it('scopes rows: team B never sees team A, users change only their own, viewers nothing', async () => {
    const mine = await createOrganisation(userA, { name: 'Scope Test Patrimoine' });
    expect((await userB.get(`/api/v1/organisations/${mine.id}`)).status).toBe(404);
    const bList = await userB.get('/api/v1/organisations?limit=200');
    expect(bList.body.items.find((o: { id: string }) => o.id === mine.id)).toBeUndefined();
    expect((await userB.patch(`/api/v1/organisations/${mine.id}`, { city: 'Nice' })).status).toBe(404);
    expect((await userA2.get(`/api/v1/organisations/${mine.id}`)).status).toBe(200);
    expect((await userA2.patch(`/api/v1/organisations/${mine.id}`, { city: 'Nice' })).status).toBe(403);
    expect((await managerA.patch(`/api/v1/organisations/${mine.id}`, { city: 'Nice' })).status).toBe(200);
    expect((await viewerA.get(`/api/v1/organisations/${mine.id}`)).status).toBe(200);
    expect((await viewerA.post('/api/v1/organisations', { name: 'Viewer Org' })).status).toBe(403);
    expect((await admin.get(`/api/v1/organisations/${mine.id}`)).status).toBe(200);
    // a user may not give a record to someone else; a manager may, within the team
    expect((await userA.patch(`/api/v1/organisations/${mine.id}`, { ownerId: ids.userA2 })).status).toBe(403);
    expect((await managerA.patch(`/api/v1/organisations/${mine.id}`, { ownerId: ids.userA2 })).status).toBe(200);
    expect((await managerA.patch(`/api/v1/organisations/${mine.id}`, { ownerId: ids.userB })).status).toBe(403);
  });

  it('bulk-updates with a per-row report and refuses bulk delete to users', async () => {
    const a = (await createOrganisation(userA, { name: 'Bulk Un' })).id;
    const b = (await createOrganisation(userA2, { name: 'Bulk Deux' })).id;
    const report = await userA.post('/api/v1/organisations/bulk-update', { ids: [a, b], patch: { tier: 2 } });
    expect(report.status).toBe(200);
    expect(report.body.succeeded).toEqual([a]);
    expect(report.body.failed).toEqual([expect.objectContaining({ id: b, code: 'auth.forbidden' })]);
    expect((await userA.post('/api/v1/organisations/bulk-delete', { ids: [a] })).status).toBe(403);
    const del = await managerA.post('/api/v1/organisations/bulk-delete', { ids: [a, b] });
    expect(del.body.succeeded.sort()).toEqual([a, b].sort());
  });

  it('validates input with problem+json and field errors', async () => {
    const res = await userA.post('/api/v1/organisations', { name: '', category: 'Banque', countryCode: 'FRA' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('request.validation');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.category', 'body.countryCode']));
    expect((await userA.patch(`/api/v1/organisations/${ids.userA}`, { unknownField: 1 })).status).toBe(400);
  });
});
