import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMandat,
  createOrganisation,
  createPerson,
  createProduit,
  createTeam,
  createUser,
  sessionHeaders,
} from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { events } from '../../platform/events/events.schema.ts';

type Item = { id: string; title: string };
const titles = (r: { body: { items: Item[] } }) => r.body.items.map((m) => m.title);

describe('mandats API', () => {
  let t: TestApp;
  let now = new Date('2026-03-15T10:00:00Z');
  let admin: Client;
  let managerA: Client;
  let userA: Client;
  let userA2: Client;
  let userB: Client;
  let ids: { userA: string; userA2: string; userB: string; teamA: string };
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await createTestApp({ deps: { clock: { now: () => now } } });
    const teamA = await createTeam(t.deps);
    const teamB = await createTeam(t.deps);
    const mk = async (role: 'admin' | 'manager' | 'user', teamId: string | null) => {
      const u = await createUser(t.deps, { role, teamId });
      return { id: u.id, c: client(t.app, await sessionHeaders(t.deps, u)) };
    };
    const a = await mk('admin', null);
    const m = await mk('manager', teamA.id);
    const u1 = await mk('user', teamA.id);
    const u2 = await mk('user', teamA.id);
    const b = await mk('user', teamB.id);
    [admin, managerA, userA, userA2, userB] = [a.c, m.c, u1.c, u2.c, b.c];
    ids = { userA: u1.id, userA2: u2.id, userB: b.id, teamA: teamA.id };
    orgA = (await createOrganisation(userA, { name: 'Acme Gestion', category: 'SDG' })).id;
    orgB = (await createOrganisation(userB, { name: 'Lux Fund Partners', category: 'SDG' })).id;
  });
  afterAll(async () => t?.close());

  const newMandat = (c: Client, body: Record<string, unknown>) =>
    c.post('/api/v1/mandats', { kind: 'distribution', organisationId: orgA, ...body });

  it('creates, reads, updates, deletes and restores a mandate, with audit rows and deal events', async () => {
    const created = await newMandat(userA, { title: 'Mandat Acme Actions Europe', amount: 2500000, currency: 'eur' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      stage: 'lead',
      probability: 10,
      amount: '2500000.00',
      currency: 'EUR',
      ownerId: ids.userA,
      teamId: ids.teamA,
      closedAt: null,
      contractStatus: null,
    });
    const id = created.body.id as string;
    expect((await userA.get(`/api/v1/mandats/${id}`)).body.title).toBe('Mandat Acme Actions Europe');
    const patched = await userA.patch(`/api/v1/mandats/${id}`, { expectedCloseDate: '2026-06-30', probability: 15 });
    expect(patched.body).toMatchObject({ expectedCloseDate: '2026-06-30', probability: 15, stage: 'lead' });
    expect((await userA.patch(`/api/v1/mandats/${id}`, { nope: 1 })).status).toBe(400);

    expect((await userA.delete(`/api/v1/mandats/${id}`)).status).toBe(204);
    expect((await userA.get(`/api/v1/mandats/${id}`)).status).toBe(404);
    expect(titles(await userA.get('/api/v1/mandats/recycle-bin'))).toContain('Mandat Acme Actions Europe');
    expect((await userA.post(`/api/v1/mandats/${id}/restore`)).body.deletedAt).toBeNull();

    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audits.map((r) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    const evs = (await t.deps.database.db.select().from(events)).filter(
      (e) => (e.payload as { mandat?: { id: string } }).mandat?.id === id,
    );
    expect(evs.map((e) => e.type)).toEqual(['deal.created', 'deal.updated', 'deal.deleted', 'deal.restored']);
    expect(evs[0]?.payload).toMatchObject({ mandat: { id, stage: 'lead' } });
  });

  it('requires an organisation and a primary contact the caller can see', async () => {
    const mine = await createPerson(userA, { firstName: 'Jean', lastName: 'Dupont' });
    const theirs = await createPerson(userB, { firstName: 'Marie', lastName: 'Curie' });
    const hidden = await newMandat(userA, { title: 'Chez B', organisationId: orgB });
    expect(hidden.status).toBe(400);
    expect(hidden.body.code).toBe('mandat.organisation_not_found');
    expect((await userA.post('/api/v1/mandats', { kind: 'placement', title: 'Sans org' })).status).toBe(400);
    const withContact = await newMandat(userA, { title: 'Avec contact', primaryContactId: mine.id });
    expect(withContact.status).toBe(201);
    expect(withContact.body.primaryContactId).toBe(mine.id);
    const otherContact = await newMandat(userA, { title: 'Contact de B', primaryContactId: theirs.id });
    expect(otherContact.body.code).toBe('mandat.contact_not_found');
    const moveOrg = await userA.patch(`/api/v1/mandats/${withContact.body.id}`, { organisationId: orgB });
    expect(moveOrg.body.code).toBe('mandat.organisation_not_found');
  });

  it('filters, sorts (stage in pipeline order, amounts, dates) and pages with a cursor', async () => {
    const org = (await createOrganisation(userA2, { name: 'Tri Patrimoine', category: 'CGPI' })).id;
    const rows: [string, string, number | null, string | null][] = [
      ['Tri Négociation', 'negociation', 300, '2026-05-01'],
      ['Tri Lead', 'lead', null, null],
      ['Tri Pitch', 'pitch', 100, '2026-04-01'],
      ['Tri Gagné', 'gagne', 200, '2026-03-01'],
    ];
    for (const [title, stage, amount, expectedCloseDate] of rows) {
      await createMandat(userA2, {
        kind: 'placement',
        organisationId: org,
        title,
        stage,
        amount,
        expectedCloseDate,
        source: 'salon',
      });
    }
    const base = `/api/v1/mandats?organisationId=${org}`;
    expect(titles(await userA2.get(`${base}&sort=stage`))).toEqual([
      'Tri Lead',
      'Tri Pitch',
      'Tri Négociation',
      'Tri Gagné',
    ]);
    expect(titles(await userA2.get(`${base}&sort=-stage`))).toEqual([
      'Tri Gagné',
      'Tri Négociation',
      'Tri Pitch',
      'Tri Lead',
    ]);
    expect(titles(await userA2.get(`${base}&sort=-amount`))).toEqual([
      'Tri Négociation',
      'Tri Gagné',
      'Tri Pitch',
      'Tri Lead',
    ]);
    expect(titles(await userA2.get(`${base}&sort=expectedCloseDate`))).toEqual([
      'Tri Gagné',
      'Tri Pitch',
      'Tri Négociation',
      'Tri Lead',
    ]);
    expect(titles(await userA2.get(`${base}&sort=-probability`))[0]).toBe('Tri Gagné');

    const p1 = await userA2.get(`${base}&sort=stage&limit=3`);
    expect(p1.body.total).toBe(4);
    expect(titles(p1)).toEqual(['Tri Lead', 'Tri Pitch', 'Tri Négociation']);
    const p2 = await userA2.get(`${base}&sort=stage&limit=3&cursor=${p1.body.nextCursor}`);
    expect(titles(p2)).toEqual(['Tri Gagné']);
    expect(p2.body.nextCursor).toBeNull();
    const p1b = await userA2.get(`${base}&sort=expectedCloseDate&limit=3`);
    const p2b = await userA2.get(`${base}&sort=expectedCloseDate&limit=3&cursor=${p1b.body.nextCursor}`);
    expect(titles(p2b)).toEqual(['Tri Lead']);
    // The latest closed first (what integrations poll for won and lost deals); open ones after, cursor-safe.
    const c1 = await userA2.get(`${base}&sort=-closedAt&limit=2`);
    expect(titles(c1)[0]).toBe('Tri Gagné');
    const c2 = await userA2.get(`${base}&sort=-closedAt&limit=2&cursor=${c1.body.nextCursor}`);
    expect([...titles(c1), ...titles(c2)].sort()).toEqual(['Tri Gagné', 'Tri Lead', 'Tri Négociation', 'Tri Pitch']);

    expect(titles(await userA2.get(`${base}&stage=pitch,negociation&sort=title`))).toEqual([
      'Tri Négociation',
      'Tri Pitch',
    ]);
    expect(titles(await userA2.get(`${base}&amountMin=150&amountMax=250`))).toEqual(['Tri Gagné']);
    expect(titles(await userA2.get(`${base}&expectedCloseFrom=2026-03-15&expectedCloseTo=2026-04-30`))).toEqual([
      'Tri Pitch',
    ]);
    expect(titles(await userA2.get(`${base}&closedFrom=2026-03-01`))).toEqual(['Tri Gagné']);
    expect((await userA2.get(`${base}&kind=distribution`)).body.total).toBe(0);
    expect((await userA2.get(`${base}&source=salon&ownerId=${ids.userA2}`)).body.total).toBe(4);
    expect(titles(await userA2.get(`/api/v1/mandats?q=${encodeURIComponent('tri negociation')}`))[0]).toBe(
      'Tri Négociation',
    );
    expect((await userA2.get(`${base}&sort=organisationId`)).body.code).toBe('list.invalid_sort');
    expect((await userA2.get(`${base}&stage=closed`)).status).toBe(400);
  });

  it('scopes rows: team B never sees team A mandates through get, list or search', async () => {
    const mine = await createMandat(userA, { organisationId: orgA, title: 'Secret Mandat Alpha' });
    expect((await userB.get(`/api/v1/mandats/${mine.id}`)).status).toBe(404);
    expect((await userB.get(`/api/v1/mandats/${mine.id}/stage-history`)).status).toBe(404);
    expect((await userB.get(`/api/v1/mandats/${mine.id}/produits`)).status).toBe(404);
    expect(titles(await userB.get('/api/v1/mandats?limit=200'))).not.toContain('Secret Mandat Alpha');
    expect((await userB.get('/api/v1/mandats?q=secret')).body.total).toBe(0);
    expect((await userB.patch(`/api/v1/mandats/${mine.id}`, { title: 'x' })).status).toBe(404);
    expect((await userB.post(`/api/v1/mandats/${mine.id}/stage`, { stage: 'rdv' })).status).toBe(404);
    expect((await userA2.get(`/api/v1/mandats/${mine.id}`)).status).toBe(200);
    expect((await userA2.post(`/api/v1/mandats/${mine.id}/stage`, { stage: 'rdv' })).status).toBe(403);
    expect((await managerA.post(`/api/v1/mandats/${mine.id}/stage`, { stage: 'rdv' })).status).toBe(200);
    expect((await admin.get(`/api/v1/mandats/${mine.id}`)).status).toBe(200);
  });

  it('bulk-updates with a per-row report; only managers and admins bulk-delete', async () => {
    const a = (await createMandat(userA, { organisationId: orgA, title: 'Bulk Un' })).id;
    const b = (await createMandat(userA2, { organisationId: orgA, title: 'Bulk Deux' })).id;
    const report = await userA.post('/api/v1/mandats/bulk-update', { ids: [a, b], patch: { stage: 'rdv' } });
    expect(report.body.succeeded).toEqual([a]);
    expect(report.body.failed).toEqual([expect.objectContaining({ id: b, code: 'auth.forbidden' })]);
    expect((await userA.get(`/api/v1/mandats/${a}`)).body).toMatchObject({ stage: 'rdv', probability: 20 });
    expect((await userA.post('/api/v1/mandats/bulk-delete', { ids: [a] })).status).toBe(403);
    const del = await managerA.post('/api/v1/mandats/bulk-delete', { ids: [a, b] });
    expect(del.body.succeeded.sort()).toEqual([a, b].sort());
  });

  it('attaches products only to won mandates or to placements at an open stage', async () => {
    const fund = await createProduit(admin, { name: 'Acme Actions Europe', isin: 'FR0010315770' });
    const dist = (await createMandat(userA, { organisationId: orgA, title: 'Distribution produits' })).id;
    const refused = await userA.post(`/api/v1/mandats/${dist}/produits`, { produitId: fund.id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('mandat.produit_not_allowed');
    await userA.post(`/api/v1/mandats/${dist}/stage`, { stage: 'gagne' });
    const byIsin = await userA.post(`/api/v1/mandats/${dist}/produits`, { isin: 'fr0010315770' });
    expect(byIsin.status).toBe(201);
    expect(byIsin.body.id).toBe(fund.id);
    const dup = await userA.post(`/api/v1/mandats/${dist}/produits`, { produitId: fund.id });
    expect(dup.status).toBe(409);
    expect((await userA.post(`/api/v1/mandats/${dist}/produits`, { isin: 'US0378331005' })).body.code).toBe(
      'produit.not_found',
    );
    expect((await userA.get(`/api/v1/mandats/${dist}/produits`)).body.items.map((p: { id: string }) => p.id)).toEqual([
      fund.id,
    ]);

    const placement = (
      await createMandat(userA, {
        organisationId: orgA,
        kind: 'placement',
        title: 'Placement produits',
        stage: 'pitch',
      })
    ).id;
    expect((await userA.post(`/api/v1/mandats/${placement}/produits`, { produitId: fund.id })).status).toBe(201);
    await userA.post(`/api/v1/mandats/${placement}/stage`, { stage: 'perdu', lostReason: 'Frais trop élevés' });
    const fund2 = await createProduit(admin, { name: 'Autre' });
    expect((await userA.post(`/api/v1/mandats/${placement}/produits`, { produitId: fund2.id })).status).toBe(409);

    expect((await userA.delete(`/api/v1/mandats/${dist}/produits/${fund.id}`)).status).toBe(204);
    expect((await userA.delete(`/api/v1/mandats/${dist}/produits/${fund.id}`)).status).toBe(404);
    expect((await userA.get(`/api/v1/mandats/${dist}/produits`)).body.items).toEqual([]);
    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, dist));
    expect(audits.map((r) => r.action)).toEqual(['create', 'stage_change', 'produit_attach', 'produit_detach']);
    const evs = (await t.deps.database.db.select().from(events)).filter(
      (e) => (e.payload as { mandat?: { id: string } }).mandat?.id === dist,
    );
    expect(evs.map((e) => e.type)).toEqual([
      'deal.created',
      'deal.stage_changed',
      'deal.won',
      'deal.updated',
      'deal.updated',
    ]);
  });

  it('derives contractStatus of won distribution mandates from the dates and the injected clock', async () => {
    const won = async (title: string, startDate: string | null, endDate: string | null, kind = 'distribution') =>
      (await newMandat(userA, { title, kind, stage: 'gagne', startDate, endDate })).body;
    expect((await won('CS à venir', '2026-04-01', '2027-04-01')).contractStatus).toBe('a_venir');
    expect((await won('CS actif', '2026-01-01', '2027-01-01')).contractStatus).toBe('actif');
    expect((await won('CS bientôt', '2025-01-01', '2026-04-10')).contractStatus).toBe('expire_bientot');
    expect((await won('CS terminé', '2024-01-01', '2026-03-14')).contractStatus).toBe('termine');
    expect((await won('CS placement', '2024-01-01', '2026-03-14', 'placement')).contractStatus).toBeNull();
    expect((await newMandat(userA, { title: 'CS ouvert', endDate: '2026-03-14' })).body.contractStatus).toBeNull();
    const list = async (status: string) =>
      titles(await userA.get(`/api/v1/mandats?q=CS&contractStatus=${status}&sort=title&limit=200`));
    expect(await list('termine')).toEqual(['CS terminé']);
    expect((await list('actif,a_venir')).sort()).toEqual(['CS actif', 'CS à venir'].sort());

    // Six months later the active one is about to end and the upcoming one has started.
    now = new Date('2026-12-10T10:00:00Z');
    const later = client(t.app, await sessionHeaders(t.deps, { id: ids.userA }));
    expect(titles(await later.get('/api/v1/mandats?q=CS&contractStatus=expire_bientot'))).toEqual(['CS actif']);
    expect(titles(await later.get('/api/v1/mandats?q=CS&contractStatus=actif'))).toEqual(['CS à venir']);
    now = new Date('2026-03-15T10:00:00Z');
  });
});
