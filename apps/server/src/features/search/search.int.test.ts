import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  createPerson,
  createProduit,
  createTask,
  createTeam,
  createUser,
  sessionHeaders,
} from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

describe('GET /api/v1/search', () => {
  let t: TestApp;
  let userA: Client;
  let userB: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const teamA = await createTeam(t.deps);
    const teamB = await createTeam(t.deps);
    const a = await createUser(t.deps, { role: 'user', teamId: teamA.id });
    const b = await createUser(t.deps, { role: 'user', teamId: teamB.id });
    userA = client(t.app, await sessionHeaders(t.deps, a));
    userB = client(t.app, await sessionHeaders(t.deps, b));
    await createOrganisation(userA, { name: 'Société Générale Gestion', category: 'SDG', city: 'Paris' });
    await createOrganisation(userA, { name: 'Générali Patrimoine', category: 'Institution' });
    await createPerson(userA, { firstName: 'Jérôme', lastName: 'Dupont' });
    // The fund catalogue is edited by managers.
    const manager = client(
      t.app,
      await sessionHeaders(t.deps, await createUser(t.deps, { role: 'manager', teamId: teamA.id })),
    );
    await createProduit(manager, { name: 'Générale Actions Europe', isin: 'FR0010315770', type: 'FCP' });
    await createTask(userA, { title: 'Relancer Société Générale' });
  });
  afterAll(async () => t?.close());

  const search = async (c: Client, q: string, types?: string) =>
    (await c.get(`/api/v1/search?q=${encodeURIComponent(q)}${types ? `&types=${types}` : ''}`)).body.items as {
      type: string;
      label: string;
      rank: number;
    }[];

  it('finds across types without accents or case, best match first', async () => {
    const hits = await search(userA, 'societe generale');
    expect(hits[0]).toMatchObject({ type: 'organisation', label: 'Société Générale Gestion' });
    expect(hits.map((h) => h.type)).toEqual(expect.arrayContaining(['organisation', 'task']));
    const broad = await search(userA, 'generale');
    expect(new Set(broad.map((h) => h.type))).toEqual(new Set(['organisation', 'task', 'produit']));
  });

  it('tolerates typos', async () => {
    expect((await search(userA, 'jerome dupnt')).map((h) => h.label)).toContain('Jérôme Dupont');
  });

  it('holds every word of the query, the row starting with it first, and tolerates typos only when nothing matches', async () => {
    const labels = async (q: string) => (await search(userA, q)).map((h) => h.label);
    // 'générali' is one letter from 'générale': an exact match exists, so the typo-close row stays out.
    expect(await labels('generale')).not.toContain('Générali Patrimoine');
    expect(await labels('gestion societe')).toEqual(['Société Générale Gestion']);
    const ranked = await search(userA, 'societe generale', 'organisation,task');
    expect(ranked.map((h) => h.label)).toEqual(['Société Générale Gestion', 'Relancer Société Générale']);
    expect(ranked[0]?.rank).toBeGreaterThan(ranked[1]?.rank ?? 0);
    // No row holds 'generalle': the typo search finds both spellings.
    expect(await labels('generalle')).toEqual(
      expect.arrayContaining(['Société Générale Gestion', 'Générali Patrimoine']),
    );
  });

  it('filters by type', async () => {
    const hits = await search(userA, 'generale', 'produit');
    expect(hits.map((h) => h.type)).toEqual(['produit']);
  });

  it('never returns records of another team (the fund catalogue is shared)', async () => {
    const hits = await search(userB, 'generale');
    expect(hits.map((h) => h.type)).toEqual(['produit']);
    expect(await search(userB, 'dupont')).toEqual([]);
  });

  it('validates the query', async () => {
    expect((await userA.get('/api/v1/search')).status).toBe(400);
    expect((await userA.get('/api/v1/search?q=x&types=planet')).status).toBe(400);
  });
});
