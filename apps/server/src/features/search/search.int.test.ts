import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMandat,
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
    // Names a salesperson mistypes, and their neighbours.
    await createPerson(userA, { firstName: 'Bérenger', lastName: 'Lacoste' });
    const muller = await createOrganisation(userA, { name: 'Cabinet Müller', category: 'CGPI', city: 'Lyon' });
    await createOrganisation(userA, { name: 'Cabinet Mercier', category: 'CGPI' });
    await createPerson(userA, { firstName: 'Inès', lastName: 'Roux' });
    await createPerson(userA, { firstName: 'Hugo', lastName: 'Roussel' });
    await createPerson(userA, { firstName: 'Paul', lastName: 'Rousseau' });
    await createPerson(userA, { firstName: 'Anne', lastName: 'Dupontel' });
    await createPerson(userA, { firstName: 'Marc', lastName: 'Dupond' });
    await createOrganisation(userA, { name: 'Dupont Conseil' });
    await createMandat(userA, { title: 'Référencement Müller', organisationId: muller.id, stage: 'gagne' });
    await createTask(userA, { title: 'Appeler Müller', status: 'doing', dueAt: '2026-12-10T09:00:00.000Z' });
  });
  afterAll(async () => t?.close());

  const search = async (c: Client, q: string, types?: string) =>
    (await c.get(`/api/v1/search?q=${encodeURIComponent(q)}${types ? `&types=${types}` : ''}`)).body.items as {
      type: string;
      label: string;
      sublabel: string | null;
      details: unknown[];
      rank: number;
    }[];
  const labels = async (q: string, types?: string) => (await search(userA, q, types)).map((h) => h.label);

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

  it('holds every word of the query, the row starting with it first, and rows with a typo after every exact one', async () => {
    // 'générali' is one letter from 'générale': it comes, after the rows holding the word as typed.
    const broad = await labels('generale');
    expect(broad.slice(0, 3)).toEqual(
      expect.arrayContaining(['Société Générale Gestion', 'Relancer Société Générale', 'Générale Actions Europe']),
    );
    expect(broad.slice(3)).toEqual(['Générali Patrimoine']);
    expect(await labels('gestion societe')).toEqual(['Société Générale Gestion']);
    const ranked = await search(userA, 'societe generale', 'organisation,task');
    expect(ranked.map((h) => h.label)).toEqual(['Société Générale Gestion', 'Relancer Société Générale']);
    expect(ranked[0]?.rank).toBeGreaterThan(ranked[1]?.rank ?? 0);
    // No row holds 'generalle': the typo search finds both spellings.
    expect(await labels('generalle')).toEqual(
      expect.arrayContaining(['Société Générale Gestion', 'Générali Patrimoine']),
    );
  });

  it('finds a single word with one typo', async () => {
    // One wrong letter in the middle of 'berenger': word_similarity 0.56, under pg_trgm's default 0.6.
    expect(await labels('berenjer')).toEqual(['Bérenger Lacoste']);
    expect((await labels('lacoste berenjer'))[0]).toBe('Bérenger Lacoste');
  });

  it('finds a typo in each of several words, the record named so before those that only mention it', async () => {
    const hits = await labels('Cabnet Muler');
    expect(hits[0]).toBe('Cabinet Müller');
    expect(hits).not.toContain('Cabinet Mercier');
    // One word as typed, the other with a typo.
    expect((await labels('cabinet muler'))[0]).toBe('Cabinet Müller');
  });

  it('finds a short surname with a typo', async () => {
    // Four letters, the last one wrong: Roux first, before the names that only share 'rou'.
    const rouz = await search(userA, 'rouz', 'person');
    expect(rouz[0]?.label).toBe('Inès Roux');
    expect(rouz[0]?.rank).toBeGreaterThan(rouz[1]?.rank ?? 0);
    expect((await labels('rousel', 'person'))[0]).toBe('Hugo Roussel');
    expect(await labels('dupnd', 'person')).toContain('Marc Dupond');
  });

  it('ranks the row starting with the words, then holding them, then a word starting with them, then typos', async () => {
    const hits = await search(userA, 'dupont', 'organisation,person');
    expect(hits.map((h) => h.label)).toEqual([
      'Dupont Conseil', // starts with the word
      'Jérôme Dupont', // holds the word
      'Anne Dupontel', // a word starts with it
      'Marc Dupond', // one letter wrong
    ]);
    const ranks = hits.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(ranks).size).toBe(4);
    // A typo hit before a row that only shares the first letters ('rousse' of Rousseau).
    const rousel = await search(userA, 'rousel', 'person');
    expect(rousel.map((h) => h.label)).toEqual(['Hugo Roussel', 'Paul Rousseau']);
    expect(rousel[0]?.rank).toBeGreaterThan(rousel[1]?.rank ?? 1);
  });

  it('describes each hit in parts the web app names: codes of a list, dates, texts', async () => {
    const [mandat] = await search(userA, 'referencement muller', 'mandat');
    expect(mandat?.details).toEqual([
      { kind: 'enum', list: 'mandatKind', value: 'distribution' },
      { kind: 'enum', list: 'stage', value: 'gagne' },
    ]);
    expect(mandat?.sublabel).toBe('distribution · gagne');
    const [task] = await search(userA, 'appeler muller', 'task');
    expect(task?.details).toEqual([
      { kind: 'enum', list: 'taskStatus', value: 'doing' },
      { kind: 'date', value: '2026-12-10T09:00:00Z' },
    ]);
    const [org] = await search(userA, 'cabinet muller', 'organisation');
    expect(org?.details).toEqual([
      { kind: 'text', value: 'CGPI' },
      { kind: 'text', value: 'Lyon' },
    ]);
    // Empty parts are left out.
    expect((await search(userA, 'berenger'))[0]?.details).toEqual([]);
  });

  it('filters by type', async () => {
    const hits = await search(userA, 'generale', 'produit');
    expect(hits.map((h) => h.type)).toEqual(['produit']);
  });

  it('never returns records of another team (the fund catalogue is shared)', async () => {
    const hits = await search(userB, 'generale');
    expect(hits.map((h) => h.type)).toEqual(['produit']);
    expect(await search(userB, 'dupont')).toEqual([]);
    // Nor with a typo.
    expect(await search(userB, 'berenjer')).toEqual([]);
    expect(await search(userB, 'Cabnet Muler')).toEqual([]);
  });

  it('validates the query', async () => {
    expect((await userA.get('/api/v1/search')).status).toBe(400);
    expect((await userA.get('/api/v1/search?q=x&types=planet')).status).toBe(400);
  });
});
