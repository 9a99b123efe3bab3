import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createProduit, createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { events } from '../../platform/events/events.schema.ts';

describe('produits API', () => {
  let t: TestApp;
  let admin: Client;
  let manager: Client;
  let user: Client;
  let viewer: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const team = await createTeam(t.deps);
    const mk = async (role: 'admin' | 'manager' | 'user' | 'viewer') =>
      client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role, teamId: team.id })));
    admin = await mk('admin');
    manager = await mk('manager');
    user = await mk('user');
    viewer = await mk('viewer');
  });
  afterAll(async () => t?.close());

  it('accepts real ISINs (upper-cased) and refuses a wrong check digit naming the field', async () => {
    for (const isin of ['FR0010315770', 'lu0274208692', 'IE00B4L5Y983']) {
      const res = await manager.post('/api/v1/produits', { name: `Fonds ${isin}`, isin, type: 'ETF' });
      expect(res.status).toBe(201);
      expect(res.body.isin).toBe(isin.toUpperCase());
    }
    for (const isin of ['FR0010315771', 'FR001031577', 'XX']) {
      const bad = await manager.post('/api/v1/produits', { name: 'Faux', isin });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('produit.invalid_isin');
      expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'body.isin' })]);
    }
    const dup = await admin.post('/api/v1/produits', { name: 'Doublon', isin: 'fr0010315770' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('produit.isin_taken');
  });

  it('finds a product by ISIN in any case, 404 produit.not_found otherwise', async () => {
    const res = await viewer.get('/api/v1/produits/by-isin/ie00b4l5y983');
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Fonds IE00B4L5Y983');
    const missing = await viewer.get('/api/v1/produits/by-isin/US0378331005');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('produit.not_found');
  });

  it('lets every signed-in user read and only admins and managers write', async () => {
    expect((await user.get('/api/v1/produits')).status).toBe(200);
    expect((await user.post('/api/v1/produits', { name: 'Non', isin: 'US0378331005' })).status).toBe(403);
    expect((await viewer.post('/api/v1/produits', { name: 'Non', isin: 'US0378331005' })).status).toBe(403);
    const id = (await user.get('/api/v1/produits/by-isin/FR0010315770')).body.id;
    expect((await user.patch(`/api/v1/produits/${id}`, { status: 'actif' })).status).toBe(403);
    expect((await user.delete(`/api/v1/produits/${id}`)).status).toBe(403);
    expect((await user.get('/api/v1/produits/recycle-bin')).status).toBe(403);
  });

  it('updates, soft-deletes and restores with product.created / updated / deleted / restored events', async () => {
    const { id } = await createProduit(admin, {
      name: 'Carmignac Patrimoine A EUR Acc',
      isin: 'FR0010135103',
      type: 'FCP',
      assetClass: 'Diversifié',
      category: 'Allocation flexible',
      sriRisk: 3,
      sfdrArticle: 8,
    });
    const patched = await manager.patch(`/api/v1/produits/${id}`, { status: 'actif', sriRisk: 4 });
    expect(patched.body).toMatchObject({ status: 'actif', sriRisk: 4 });
    expect((await manager.patch(`/api/v1/produits/${id}`, { isin: 'FR0010135104' })).body.code).toBe(
      'produit.invalid_isin',
    );
    expect((await manager.patch(`/api/v1/produits/${id}`, { sfdrArticle: 7 })).status).toBe(400);
    expect((await manager.delete(`/api/v1/produits/${id}`)).status).toBe(204);
    expect((await user.get(`/api/v1/produits/${id}`)).status).toBe(404);
    expect((await user.get('/api/v1/produits/by-isin/FR0010135103')).status).toBe(404);
    const again = await manager.post('/api/v1/produits', { name: 'Again', isin: 'FR0010135103' });
    expect(again.body.code).toBe('produit.isin_taken');
    expect((await manager.get('/api/v1/produits/recycle-bin')).body.items.map((p: { id: string }) => p.id)).toEqual([
      id,
    ]);
    expect((await manager.post(`/api/v1/produits/${id}/restore`)).status).toBe(200);
    const evs = (await t.deps.database.db.select().from(events)).filter(
      (e) => (e.payload as { product?: { id: string } }).product?.id === id,
    );
    expect(evs.map((e) => e.type)).toEqual([
      'product.created',
      'product.updated',
      'product.deleted',
      'product.restored',
    ]);
    expect(evs[0]?.payload).toMatchObject({ product: { isin: 'FR0010135103' } });
  });

  it('filters, searches, sorts and pages with a cursor', async () => {
    const mk = (name: string, isin: string, extra: Record<string, unknown>) =>
      createProduit(admin, { name, isin, ...extra });
    await mk('Zèbre Actions Europe', 'FR0000120271', { type: 'SICAV', sfdrArticle: 9, sriRisk: 6 });
    await mk('Alpha Obligations', 'FR0000131104', { type: 'SICAV', sfdrArticle: 8, currency: 'usd' });
    await mk('Mu Monétaire', 'FR0000120628', { type: 'SICAV', sfdrArticle: 6, sriRisk: 1 });
    const names = (r: { body: { items: { name: string }[] } }) => r.body.items.map((p) => p.name);

    const page1 = await user.get('/api/v1/produits?type=SICAV&sort=name&limit=2');
    expect(page1.body.total).toBe(3);
    expect(names(page1)).toEqual(['Alpha Obligations', 'Mu Monétaire']);
    const page2 = await user.get(`/api/v1/produits?type=SICAV&sort=name&limit=2&cursor=${page1.body.nextCursor}`);
    expect(names(page2)).toEqual(['Zèbre Actions Europe']);
    expect(page2.body.nextCursor).toBeNull();
    expect(names(await user.get('/api/v1/produits?type=SICAV&sort=-isin'))).toEqual([
      'Alpha Obligations',
      'Mu Monétaire',
      'Zèbre Actions Europe',
    ]);
    expect(names(await user.get('/api/v1/produits?sfdrArticle=8,9&type=SICAV&sort=name'))).toEqual([
      'Alpha Obligations',
      'Zèbre Actions Europe',
    ]);
    expect(names(await user.get('/api/v1/produits?sriRisk=1'))).toEqual(['Mu Monétaire']);
    expect(names(await user.get('/api/v1/produits?currency=USD'))).toEqual(['Alpha Obligations']);
    expect(names(await user.get('/api/v1/produits?q=zebre'))).toEqual(['Zèbre Actions Europe']);
    expect(names(await user.get('/api/v1/produits?q=monetair'))).toContain('Mu Monétaire');
    expect(names(await user.get('/api/v1/produits?q=FR0000131104'))).toEqual(['Alpha Obligations']);
    // Every column of the list sorts (the SRI among them); an unknown field is refused.
    expect((await user.get('/api/v1/produits?sort=sriRisk')).status).toBe(200);
    expect((await user.get('/api/v1/produits?sort=colour')).body.code).toBe('list.invalid_sort');
  });

  it('filters on the asset class and category as typed: contained, case and accents ignored', async () => {
    await createProduit(admin, { name: 'Classe Un', assetClass: 'Actions Émergentes', category: 'Thématique Santé' });
    await createProduit(admin, { name: 'Classe Deux', assetClass: 'Obligations', category: 'Haut rendement' });
    const names = async (query: string) =>
      ((await user.get(`/api/v1/produits?sort=name&${query}`)).body.items as { name: string }[])
        .map((p) => p.name)
        .filter((n) => n.startsWith('Classe '));
    expect(await names('assetClass=actions%20emergentes')).toEqual(['Classe Un']);
    expect(await names('assetClass=EMERG')).toEqual(['Classe Un']);
    expect(await names('assetClass=emerg,obligations')).toEqual(['Classe Deux', 'Classe Un']);
    expect(await names('category=thematique%20sante')).toEqual(['Classe Un']);
    expect(await names('category=HAUT')).toEqual(['Classe Deux']);
    expect(await names('category=immobilier')).toEqual([]);
  });

  it('checks the management company exists and filters by it', async () => {
    const org = await createOrganisation(manager, { name: 'Amundi Asset Management', category: 'SDG' });
    const missing = await manager.post('/api/v1/produits', {
      name: 'Orphelin',
      isin: 'FR0000121014',
      managementCompanyId: '01900000-0000-7000-8000-000000000000',
    });
    expect(missing.status).toBe(400);
    const ok = await manager.post('/api/v1/produits', {
      name: 'Amundi Fonds',
      isin: 'FR0000121014',
      managementCompanyId: org.id,
    });
    expect(ok.status).toBe(201);
    const list = await user.get(`/api/v1/produits?managementCompanyId=${org.id}`);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([ok.body.id]);
  });
});
