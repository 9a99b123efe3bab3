import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { multipartBody } from '../../../test/imports.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { rowsOf } from '../../platform/db/client.ts';

interface Caller {
  id: string;
  headers: Record<string, string>;
  c: Client;
}

type Planned = { row: number; action: 'skip' | 'merge' | 'review'; code: string; match: { id: string | null } };
type Reported = { row: number; outcome: string; code: string; match: { id: string | null; label: string } };

describe('imports: duplicates, rows to review, dry run and run agreeing', () => {
  let t: TestApp;
  let manager: Caller;

  const upload = async (entity: string, name: string, content: string) => {
    const body = multipartBody({ entity }, { name, type: 'text/csv', content: Buffer.from(content) });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...manager.headers, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  const dryRun = async (id: string, body: Record<string, unknown>) => {
    const res = await manager.c.post(`/api/v1/imports/${id}/dry-run`, body);
    if (res.status !== 202) return res;
    const done = await waitFor(async () => {
      const r = await manager.c.get(`/api/v1/imports/${id}`);
      return r.body.status === 'validating' ? null : r.body;
    }, 20_000);
    return { status: 200, body: done.dryRun };
  };

  const run = async (id: string, body?: Parameters<Client['post']>[1]) => {
    const res = await manager.c.post(`/api/v1/imports/${id}/run`, body);
    if (res.status !== 202) return res;
    const done = await waitFor(async () => {
      const r = await manager.c.get(`/api/v1/imports/${id}`);
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
    }, 20_000);
    return { status: 200, body: done };
  };

  /** Upload, dry run with the suggested mapping; returns the import id and the dry run's report. */
  const check = async (entity: string, csv: string, extra: Record<string, unknown> = {}) => {
    const up = await upload(entity, 'file.csv', csv);
    const dry = await dryRun(up.id, { mapping: up.suggestedMapping, duplicates: 'skip', ...extra });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    return { id: up.id as string, dry: dry.body };
  };

  /** Rows of a query (snake_case columns), read behind the API's back. */
  const query = async <R>(q: ReturnType<typeof sql>) => rowsOf<R>(await t.deps.database.db.execute(q));
  type Org = {
    id: string;
    name: string;
    city: string | null;
    category: string;
    source: string | null;
    tags: string[];
    amf_licence: string | null;
  };

  /** The outcome of each planned row, as the run reports it. */
  const OUTCOME = { skip: 'skipped', merge: 'updated' } as const;

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: { RATE_LIMIT_EXPENSIVE_PER_MIN: '100' } });
    const team = await createTeam(t.deps, { name: 'Gestion privée' });
    const u = await createUser(t.deps, { role: 'manager', teamId: team.id });
    const headers = await sessionHeaders(t.deps, u);
    manager = { id: u.id, headers, c: client(t.app, headers) };
  }, 60_000);
  afterAll(async () => t?.close());

  it('creates namesakes without an e-mail; the same name with the same organisation and phone is to review', async () => {
    const org = await manager.c.post('/api/v1/organisations', { name: 'Banque Lumière' });
    const paul = await manager.c.post('/api/v1/people', {
      firstName: 'Paul',
      lastName: 'Durand',
      phone: '+33 1 42 00 00 01',
      organisationId: org.body.id,
    });
    expect(paul.status, JSON.stringify(paul.body)).toBe(201);
    expect((await manager.c.post('/api/v1/people', { firstName: 'Jean', lastName: 'Martin' })).status).toBe(201);
    const csv = [
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Jean,Martin,https://www.linkedin.com/in/jean-martin-1,,Alpha Conseil,Analyste,12 Mar 2024',
      'Jean,Martin,https://www.linkedin.com/in/jean-martin-2,,Beta Finance,Gérant,13 Mar 2024',
      'Jean,Martin,https://www.linkedin.com/in/jean-martin-3,,,,14 Mar 2024',
    ].join('\n');
    const names = await check('people', csv);
    expect(names.dry).toMatchObject({ duplicates: 0, rows: [] });
    expect(names.dry.predicted).toEqual({ created: 3, updated: 0, skipped: 0, failed: 0, review: 0 });
    expect((await run(names.id)).body.report).toMatchObject({ created: 3, skipped: 0, rows: [] });
    const martins = await query<{ connected: string | null }>(
      sql`select linkedin_connected_on::text as connected from people where last_name = 'Martin'`,
    );
    expect(martins).toHaveLength(4);
    // LinkedIn's "Connected On" is kept as the date of the connection.
    expect(martins.map((m) => m.connected).sort()).toEqual(['2024-03-12', '2024-03-13', '2024-03-14', null]);

    const same = ['Prénom,Nom,Téléphone,Société', 'Paul,Durand,01 42 00 00 01,BANQUE LUMIERE SA'].join('\n');
    const review = await check('people', same);
    expect(review.dry.rows).toEqual([
      expect.objectContaining({
        row: 2,
        action: 'review',
        code: 'import.possible_same_person',
        match: { id: paul.body.id, label: 'Paul Durand' },
      }),
    ]);
    expect(review.dry.predicted).toMatchObject({ created: 0, review: 1 });
    // No decision, no run; a decision for a row that is not to review is refused.
    const pending = await manager.c.post(`/api/v1/imports/${review.id}/run`);
    expect(pending.status).toBe(409);
    expect(pending.body).toMatchObject({ code: 'import.review_pending', rows: [2] });
    const unknown = await manager.c.post(`/api/v1/imports/${review.id}/run`, { review: { rows: { '3': 'skip' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('import.review_unknown_row');
    const done = await run(review.id, { review: { rows: { '2': 'skip' } } });
    expect(done.body.review).toEqual({ rows: { '2': 'skip' } });
    expect(done.body.report).toMatchObject({ created: 0, skipped: 1 });
    expect(done.body.report.rows).toEqual([
      {
        row: 2,
        outcome: 'skipped',
        code: 'import.possible_same_person',
        message: expect.any(String),
        match: { id: paul.body.id, label: 'Paul Durand' },
        decision: 'skip',
      },
    ]);
  });

  it('skips only the same normalised organisation name; close names are to review, decided row by row', async () => {
    const rivoli = await manager.c.post('/api/v1/organisations', { name: 'Rivoli Gestion Privée' });
    const kappa = await manager.c.post('/api/v1/organisations', { name: 'Kappa Finance Conseil', city: 'Lyon' });
    const omega = await manager.c.post('/api/v1/organisations', { name: 'Omega Courtage Assurances' });
    const csv = [
      'Nom,Ville',
      'Rivolli Gestion Privee,Paris', // close: to review, created anyway
      'Kappa Finances Conseil,Lyon', // close: to review, merged
      'Omega Courtages Assurance,Nice', // close: to review, skipped
      'RIVOLI GESTION PRIVEE SAS,Paris', // the same normalised name: a duplicate
      'Zêta Family Office,Lille', // new
    ].join('\n');
    const { id, dry } = await check('organisations', csv);
    expect(dry.predicted).toEqual({ created: 1, updated: 0, skipped: 1, failed: 0, review: 3 });
    expect(dry.rows.map((r: Planned) => [r.row, r.action, r.code, r.match.id])).toEqual([
      [2, 'review', 'import.similar_organisation', rivoli.body.id],
      [3, 'review', 'import.similar_organisation', kappa.body.id],
      [4, 'review', 'import.similar_organisation', omega.body.id],
      [5, 'skip', 'import.duplicate_name', rivoli.body.id],
    ]);
    const done = await run(id, { review: { default: 'skip', rows: { '2': 'create', '3': 'merge' } } });
    expect(done.body.report).toMatchObject({ created: 2, updated: 1, skipped: 2, failed: 0 });
    expect(done.body.report.rows.map((r: Reported & { decision?: string }) => [r.row, r.outcome, r.decision])).toEqual([
      [2, 'created', 'create'],
      [3, 'updated', 'merge'],
      [4, 'skipped', 'skip'], // the default
      [5, 'skipped', undefined], // a duplicate: no decision to make
    ]);
    const [rivolli] = await query<Org>(sql`select * from organisations where name = 'Rivolli Gestion Privee'`);
    expect(rivolli).toBeTruthy();
    const [omegaAfter] = await query<Org>(sql`select * from organisations where id = ${omega.body.id}`);
    expect(omegaAfter?.city).toBeNull();
    expect(await query<Org>(sql`select * from organisations where name = 'Omega Courtages Assurance'`)).toEqual([]);
  });

  it('agrees with the run row for row: duplicates within the file and of existing records (organisations)', async () => {
    const existing = await manager.c.post('/api/v1/organisations', { name: 'Sigma Patrimoine' });
    const csv = [
      'Nom,Ville,Tier',
      'Sigma Patrimoine SAS,Paris,', // existing
      'Tau Gestion,Lyon,', // new
      'TAU GESTION,Lyon,', // repeats row 3
      'Tau Gestion SA,Lyon,', // repeats row 3
      'sigma patrimoine,Paris,', // existing
      'Upsilon AM,Nantes,9', // invalid
      'Upsilon AM,Nantes,2', // new (the invalid row above is not a record)
    ].join('\n');
    const { id, dry } = await check('organisations', csv);
    expect(dry.predicted).toEqual({ created: 2, updated: 0, skipped: 4, failed: 1, review: 0 });
    const done = await run(id);
    const { report } = done.body;
    expect({ ...dry.predicted, review: undefined }).toEqual({
      created: report.created,
      updated: report.updated,
      skipped: report.skipped,
      failed: report.failed,
      review: undefined,
    });
    expect(report.rows.map((r: Reported) => [r.row, r.outcome, r.code])).toEqual(
      dry.rows.map((r: Planned) => [r.row, OUTCOME[r.action as 'skip'], r.code]),
    );
    const [tau] = await query<Org>(sql`select * from organisations where name = 'Tau Gestion'`);
    expect(report.rows).toEqual([
      expect.objectContaining({ row: 2, match: { id: existing.body.id, label: 'Sigma Patrimoine' } }),
      expect.objectContaining({ row: 4, match: { id: tau!.id, label: 'Tau Gestion', row: 3 } }),
      expect.objectContaining({ row: 5, match: { id: tau!.id, label: 'Tau Gestion', row: 3 } }),
      expect.objectContaining({ row: 6, match: { id: existing.body.id, label: 'Sigma Patrimoine' } }),
    ]);
  });

  it('agrees with the run row for row when merging people (within the file and existing ones)', async () => {
    const known = await manager.c.post('/api/v1/people', { firstName: 'Léa', lastName: 'Known', email: 'lea@k.fr' });
    const csv = [
      'Prénom,Nom,E-mail,Téléphone',
      'Léa,Known,LEA@k.fr,01 02 03 04 05', // existing: merged
      'Max,New,max@n.fr,', // new
      'Max,New,MAX@n.fr,06 07 08 09 10', // repeats row 3: merged into it
      'Noé,Other,noe@o.fr,', // new
      'Max,New,max@n.fr,', // repeats row 3
      ',Nameless,x@n.fr,', // invalid
    ].join('\n');
    const { id, dry } = await check('people', csv, { duplicates: 'merge' });
    expect(dry.predicted).toEqual({ created: 2, updated: 3, skipped: 0, failed: 1, review: 0 });
    const { report } = (await run(id)).body;
    expect([report.created, report.updated, report.skipped, report.failed]).toEqual([2, 3, 0, 1]);
    expect(report.rows.map((r: Reported) => [r.row, r.outcome, r.code])).toEqual(
      dry.rows.map((r: Planned) => [r.row, OUTCOME[r.action as 'merge'], r.code]),
    );
    const [max] = await query<{ id: string; phone: string | null }>(
      sql`select id, phone from people where email = 'max@n.fr'`,
    );
    expect(max?.phone).toBe('06 07 08 09 10');
    expect(report.rows).toEqual([
      expect.objectContaining({
        row: 2,
        match: { id: known.body.id, label: 'Léa Known' },
        fields: ['phone', 'source', 'dataSource'],
      }),
      expect.objectContaining({ row: 4, match: { id: max!.id, label: 'Max New', row: 3 }, fields: ['phone'] }),
      expect.objectContaining({ row: 6, match: { id: max!.id, label: 'Max New', row: 3 }, fields: [] }),
    ]);
  });

  it('sets a constant value on every row, checked like a mapped column', async () => {
    const csv = ['Nom,Ville', 'Phi Conseil,Dijon', 'Chi Partenaires,Metz'].join('\n');
    const up = await upload('organisations', 'amf.csv', csv);
    const bad = await dryRun(up.id, { mapping: up.suggestedMapping, constants: { category: 'Bidule', tier: '9' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('import.invalid_mapping');
    expect(bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['body.constants.category', 'import.unknown_value'],
      ['body.constants.tier', 'import.invalid_tier'],
    ]);
    const twice = await dryRun(up.id, { mapping: up.suggestedMapping, constants: { city: 'Paris' } });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ code: 'import.mapping_duplicate_field' })]);
    const dry = await dryRun(up.id, {
      mapping: up.suggestedMapping,
      constants: { category: 'SDG', source: 'registre AMF', tags: 'AMF' },
    });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.preview[0]).toMatchObject({ category: 'SDG', source: 'registre_amf', tags: ['AMF'] });
    const done = await run(up.id);
    expect(done.body.constants).toEqual({ category: 'SDG', source: 'registre AMF', tags: 'AMF' });
    const rows = await query<Org>(sql`select * from organisations where city = 'Metz'`);
    expect(rows).toEqual([expect.objectContaining({ category: 'SDG', source: 'registre_amf' })]);
    expect(rows[0]?.tags).toEqual(['AMF']);
  });

  it('imports and checks the AMF licence number of an organisation (API, import, export)', async () => {
    const bad = await manager.c.post('/api/v1/organisations', { name: 'Psi Gestion', amfLicence: 'AMF-123' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'body.amfLicence' })]);
    const psi = await manager.c.post('/api/v1/organisations', { name: 'Psi Gestion', amfLicence: 'gp 04000048' });
    expect(psi.status, JSON.stringify(psi.body)).toBe(201);
    expect(psi.body.amfLicence).toBe('GP-04000048');
    const csv = ['Dénomination;Agrément AMF', 'Oméga Asset Management;GP-05000012', 'Rho Gestion;12345'].join('\n');
    const up = await upload('organisations', 'geco.csv', csv);
    expect(up.suggestedMapping).toEqual({ Dénomination: 'name', 'Agrément AMF': 'amfLicence' });
    const dry = await dryRun(up.id, { mapping: up.suggestedMapping });
    expect(dry.body.errors).toEqual([
      expect.objectContaining({ row: 3, field: 'amfLicence', code: 'import.invalid_amf_licence' }),
    ]);
    await run(up.id);
    const [omega] = await query<Org>(sql`select * from organisations where name = 'Oméga Asset Management'`);
    expect(omega?.amf_licence).toBe('GP-05000012');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organisations/export?format=csv&q=psi',
      headers: manager.headers,
    });
    const [header, row] = res.body.replace(/^\uFEFF/, '').split('\r\n');
    const column = header!.split(',').indexOf('N° agrément AMF');
    expect(column).toBeGreaterThan(-1);
    expect(row!.split(',')[column]).toBe('GP-04000048');
  });
});
