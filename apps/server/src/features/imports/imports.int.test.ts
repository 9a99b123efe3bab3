import { and, eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { multipartBody } from '../../../test/imports.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { actorForUser } from '../../platform/auth/actor-for-user.ts';
import { users } from '../../platform/auth/auth.schema.ts';
import { events } from '../../platform/events/events.schema.ts';
import { xlsxExportStream } from '../../platform/tabular/index.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people, personOrganisations } from '../people/people.schema.ts';
import { runImport } from './imports.job.ts';
import { matchPeopleForImport } from './imports.repo.ts';
import { importJobs } from './imports.schema.ts';

interface Caller {
  id: string;
  headers: Record<string, string>;
  c: Client;
}

describe('imports API', () => {
  let t: TestApp;
  let admin: Caller;
  let managerA: Caller;
  let managerA2: Caller;
  let userA: Caller;
  let userB: Caller;
  let teamA: string;

  const upload = async (who: Caller, entity: string, name: string, content: Buffer | string, type = 'text/csv') => {
    const body = multipartBody(
      { entity },
      { name, type, content: typeof content === 'string' ? Buffer.from(content) : content },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...who.headers, 'content-type': body.contentType },
      payload: body.payload,
    });
    return { status: res.statusCode, body: res.json() };
  };

  /**
   * Starts a dry run (202, `validating`) and waits for its report: `{ status, ...dryRun }` once `validated`, or the
   * problem when the request is refused.
   */
  const dryRun = async (who: Caller, id: string, body: { mapping: unknown; duplicates: 'skip' | 'merge' }) => {
    const res = await who.c.post(`/api/v1/imports/${id}/dry-run`, body);
    if (res.status !== 202) return res;
    expect(res.body).toMatchObject({ status: 'validating', duplicates: body.duplicates, mapping: body.mapping });
    const done = await waitFor(async () => {
      const r = await who.c.get(`/api/v1/imports/${id}`);
      return r.body.status === 'validating' ? null : r.body;
    }, 20_000);
    return { status: 200, body: { ...done.dryRun, status: done.status } };
  };

  /** Upload, dry run with the suggested mapping (or the given one), run, and wait for the end. */
  const importFile = async (
    who: Caller,
    entity: string,
    name: string,
    content: Buffer | string,
    opts: { duplicates?: 'skip' | 'merge'; type?: string } = {},
  ) => {
    const up = await upload(who, entity, name, content, opts.type);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const dry = await dryRun(who, up.body.id, {
      mapping: up.body.suggestedMapping,
      duplicates: opts.duplicates ?? 'skip',
    });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    const run = await who.c.post(`/api/v1/imports/${up.body.id}/run`);
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    expect(run.body.status).toBe('queued');
    const done = await waitFor(async () => {
      const r = await who.c.get(`/api/v1/imports/${up.body.id}`);
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
    }, 20_000);
    expect(done, 'import finished').toBeTruthy();
    return { id: up.body.id as string, upload: up.body, dry: dry.body, final: done };
  };

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: { RATE_LIMIT_EXPENSIVE_PER_MIN: '100' } });
    const a = await createTeam(t.deps, { name: 'Distribution France' });
    const b = await createTeam(t.deps, { name: 'Luxembourg' });
    teamA = a.id;
    const mk = async (role: 'admin' | 'manager' | 'user', teamId: string | null): Promise<Caller> => {
      const u = await createUser(t.deps, { role, teamId });
      const headers = await sessionHeaders(t.deps, u);
      return { id: u.id, headers, c: client(t.app, headers) };
    };
    admin = await mk('admin', null);
    managerA = await mk('manager', a.id);
    managerA2 = await mk('manager', a.id);
    userA = await mk('user', a.id);
    userB = await mk('user', b.id);
  }, 60_000);
  afterAll(async () => t?.close());

  it('reads an upload and suggests a mapping for French headers', async () => {
    const csv = [
      'Raison sociale;Catégorie;Ville;Code postal;Encours (€);Site web;Colonne inutile',
      'Alpha Patrimoine;CGP;Lyon;69002;1 250 000;alpha.fr;x',
    ].join('\n');
    const res = await upload(managerA, 'organisations', 'societes.csv', csv);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entity: 'organisations',
      fileName: 'societes.csv',
      format: 'csv',
      rowCount: 1,
      skippedPreambleLines: 0,
      linkedin: false,
      suggestedMapping: {
        'Raison sociale': 'name',
        Catégorie: 'category',
        Ville: 'city',
        'Code postal': 'postalCode',
        'Encours (€)': 'aum',
        'Site web': 'website',
        'Colonne inutile': null,
      },
    });
    expect(res.body.confidence['Raison sociale']).toBe(1);
    expect(res.body.fields.map((f: { name: string }) => f.name)).toContain('name');
    const row = await t.deps.database.db.select().from(importJobs).where(eq(importJobs.id, res.body.id));
    expect(row[0]).toMatchObject({ status: 'uploaded', createdBy: managerA.id, teamId: teamA, format: 'csv' });
    expect(row[0]?.storageKey).toBe(`imports/${res.body.id}.csv`);
  });

  it('dry-runs with per-row errors on the lines the user sees, counts duplicates, refuses a bad mapping', async () => {
    expect((await managerA.c.post('/api/v1/organisations', { name: 'Beta Gestion' })).status).toBe(201);
    const csv = [
      'Nom,E-mail,Tier,Ville',
      'Beta Gestion SA,contact@beta.fr,1,Paris',
      ',nobody@x.fr,2,Nantes',
      'Gamma Finance,pas-un-email,7,Lille',
      '',
      'Delta Conseil,delta@delta.fr,,Bordeaux',
    ].join('\n');
    const up = await upload(managerA, 'organisations', 'orgs.csv', csv);
    expect(up.status).toBe(201);
    const bad = await dryRun(managerA, up.body.id, {
      mapping: { Nom: null, 'E-mail': 'email', Tier: 'nope' },
      duplicates: 'skip',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('import.invalid_mapping');
    expect(bad.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([
      'import.mapping_missing_required',
      'import.mapping_unknown_field',
    ]);
    expect((await managerA.c.post(`/api/v1/imports/${up.body.id}/run`)).status).toBe(409);

    const dry = await dryRun(managerA, up.body.id, {
      mapping: up.body.suggestedMapping,
      duplicates: 'merge',
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ status: 'validated', total: 4, valid: 2, invalid: 2, duplicates: 1 });
    expect(dry.body.errors).toEqual([
      { row: 3, field: 'name', code: 'import.required', message: expect.any(String) },
      { row: 4, field: 'email', code: 'import.invalid_email', message: expect.any(String) },
      { row: 4, field: 'tier', code: 'import.invalid_tier', message: expect.any(String) },
    ]);
    expect(dry.body.preview.map((p: { name: string }) => p.name)).toEqual(['Beta Gestion SA', 'Delta Conseil']);
    const saved = await managerA.c.get(`/api/v1/imports/${up.body.id}`);
    expect(saved.body).toMatchObject({ status: 'validated', duplicates: 'merge', totalRows: 4, processedRows: 4 });
  });

  it('imports organisations as the importer (audited, events, team scope), skipping duplicates and reporting errors', async () => {
    const existing = await managerA.c.post('/api/v1/organisations', { name: 'Epsilon Partners', city: 'Paris' });
    const csv = [
      'Raison sociale,Ville,Tier,E-mail',
      'Omicron Courtage,Lyon,2,contact@zeta.fr',
      'EPSILON PARTNERS,Marseille,,',
      'Eta Capital,Nice,9,',
      'Theta AM,Toulouse,1,=HYPERLINK("x")',
    ].join('\n');
    const { id, final } = await importFile(managerA, 'organisations', 'orgs.csv', csv);
    expect(final).toMatchObject({ status: 'done', progress: 100, processedRows: 4, totalRows: 4 });
    expect(final.report).toMatchObject({ created: 1, updated: 0, skipped: 1, failed: 2 });
    expect(final.report.errors).toEqual([
      { row: 4, field: 'tier', code: 'import.invalid_tier', message: expect.any(String) },
      { row: 5, field: 'email', code: 'import.invalid_email', message: expect.any(String) },
    ]);

    const db = t.deps.database.db;
    const [zeta] = await db.select().from(organisations).where(eq(organisations.name, 'Omicron Courtage'));
    expect(zeta).toMatchObject({
      city: 'Lyon',
      tier: 2,
      ownerId: managerA.id,
      teamId: teamA,
      source: 'import',
      legalBasis: 'interet_legitime',
      dataSource: 'Import orgs.csv',
    });
    const [epsilon] = await db.select().from(organisations).where(eq(organisations.id, existing.body.id));
    expect(epsilon?.city).toBe('Paris');
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, zeta!.id));
    expect(audits.map((a) => [a.action, a.actorUserId])).toEqual([['create', managerA.id]]);
    const evs = await db.select().from(events).where(eq(events.type, 'organisation.created'));
    expect(evs.some((e) => (e.payload as { organisation: { id: string } }).organisation.id === zeta!.id)).toBe(true);
    const [importAudit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'import'), eq(auditLog.entityId, id)));
    expect(importAudit?.metadata).toMatchObject({ created: 1, skipped: 1, failed: 2 });

    // Scope: the importer's team sees the record, another team does not.
    expect((await userA.c.get(`/api/v1/organisations/${zeta!.id}`)).status).toBe(200);
    expect((await userB.c.get(`/api/v1/organisations/${zeta!.id}`)).status).toBe(404);

    // A finished import is not run again, nor dry-run again.
    const again = await managerA.c.post(`/api/v1/imports/${id}/run`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'import.already_started', importStatus: 'done' });
    expect(
      (await managerA.c.post(`/api/v1/imports/${id}/dry-run`, { mapping: final.mapping, duplicates: 'skip' })).status,
    ).toBe(409);

    // The report as CSV, by line: failures and the skipped duplicate with the record it matched, cells neutralised.
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}/errors.csv`,
      headers: managerA.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`import-${id}-report.csv`);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Ligne,Résultat,Champ,Code,Message,Fiche correspondante (id),Fiche correspondante,Ligne répétée,Décision,Champs complétés',
    );
    expect(lines[1]).toBe(
      `3,skipped,,import.duplicate_name,Same name as an existing organisation,${existing.body.id},Epsilon Partners,,,`,
    );
    expect(lines[2]).toMatch(/^4,failed,tier,import\.invalid_tier,/);
    expect(lines[3]).toMatch(/^5,failed,email,import\.invalid_email,/);
    expect(lines[3]).not.toMatch(/,=/);
  });

  it('finds near-duplicate organisations through the word-similarity prefilter (create and import dry run)', async () => {
    // The duplicate rule is similarity >= 0.7, prefiltered with `%>` (GIN-indexable; word_similarity >= similarity)
    // rather than pg_trgm's `%`, which can abort embedded PGlite's WASM ("null function or function signature
    // mismatch") and leave the database unusable. A search (word_similarity) first, as in the app.
    await t.deps.database.raw.query("select word_similarity('rivoli', 'rivolli gestion')");
    const created = await managerA.c.post('/api/v1/organisations', { name: 'Rivoli Gestion' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const dup = await managerA.c.post('/api/v1/organisations', { name: 'Rivolli Gestion SA' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('organisation.duplicate');
    const up = await upload(managerA, 'organisations', 'rivoli.csv', 'Nom\nRIVOLI GESTION\nKappa Finance\n');
    const dry = await dryRun(managerA, up.body.id, {
      mapping: up.body.suggestedMapping,
      duplicates: 'skip',
    });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ total: 2, valid: 2, duplicates: 1 });
    expect((await managerA.c.get('/api/v1/organisations?limit=1')).status).toBe(200);
  });

  it('merges duplicates by filling the empty fields of the existing organisation', async () => {
    const existing = await managerA.c.post('/api/v1/organisations', { name: 'Iota Investissements', city: 'Rennes' });
    const csv = ['Nom,Ville,Site web,Tier', 'Iota Investissements SAS,Brest,https://iota.fr,3'].join('\n');
    const { final } = await importFile(managerA, 'organisations', 'iota.csv', csv, { duplicates: 'merge' });
    expect(final.report).toMatchObject({ created: 0, updated: 1, skipped: 0, failed: 0 });
    const [row] = await t.deps.database.db.select().from(organisations).where(eq(organisations.id, existing.body.id));
    expect(row).toMatchObject({ city: 'Rennes', website: 'https://iota.fr', tier: 3 });
    const count = await t.deps.database.db.select().from(organisations).where(eq(organisations.nameKey, row!.nameKey));
    expect(count).toHaveLength(1);
  });

  it('imports a LinkedIn Connections.csv: people from linkedin, linked to organisations found or created', async () => {
    const acme = await managerA.c.post('/api/v1/organisations', { name: 'Acme Gestion' });
    const known = await managerA.c.post('/api/v1/people', {
      firstName: 'Claire',
      lastName: 'Known',
      email: 'claire@known.fr',
    });
    expect(known.status).toBe(201);
    const csv = [
      'Notes:',
      '"When exporting your connection data, you may notice that some of the email addresses are missing."',
      '',
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Jean,Dupont,https://www.linkedin.com/in/jean-dupont,,Acme Gestion,Directeur commercial,24 Nov 2024',
      ',Anonyme,https://www.linkedin.com/in/anonyme,,,,01 Jan 2025',
      'Marie,Curie,https://www.linkedin.com/in/mcurie,marie@radium.fr,"Radium, Polonium & Cie",Gérante,03 Jan 2025',
      'Claire,Known,https://www.linkedin.com/in/claire,claire@known.fr,Acme Gestion,CGP,03 Jan 2025',
    ].join('\n');
    const { upload: up, final } = await importFile(managerA, 'people', 'Connections.csv', csv);
    expect(up).toMatchObject({ linkedin: true, skippedPreambleLines: 3, rowCount: 4 });
    expect(up.suggestedMapping).toEqual({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      URL: 'linkedinUrl',
      'Email Address': 'email',
      Company: 'organisationName',
      Position: 'jobTitle',
      'Connected On': 'connectedOn',
    });
    expect(final.report).toMatchObject({ created: 2, updated: 0, skipped: 1, failed: 1 });
    expect(final.report.errors).toEqual([
      { row: 6, field: 'firstName', code: 'import.required', message: expect.any(String) },
    ]);

    const db = t.deps.database.db;
    const [jean] = await db
      .select()
      .from(people)
      .where(eq(people.linkedinUrl, 'https://www.linkedin.com/in/jean-dupont'));
    expect(jean).toMatchObject({
      firstName: 'Jean',
      lastName: 'Dupont',
      jobTitle: 'Directeur commercial',
      source: 'linkedin',
      legalBasis: 'interet_legitime',
      dataSource: 'Import LinkedIn',
      ownerId: managerA.id,
      teamId: teamA,
    });
    const jeanLinks = await db.select().from(personOrganisations).where(eq(personOrganisations.personId, jean!.id));
    expect(jeanLinks).toEqual([expect.objectContaining({ organisationId: acme.body.id, isPrimary: true })]);

    const [marie] = await db.select().from(people).where(eq(people.email, 'marie@radium.fr'));
    const [radium] = await db.select().from(organisations).where(eq(organisations.name, 'Radium, Polonium & Cie'));
    expect(radium).toMatchObject({ source: 'linkedin', dataSource: 'Import LinkedIn', teamId: teamA });
    const marieLinks = await db.select().from(personOrganisations).where(eq(personOrganisations.personId, marie!.id));
    expect(marieLinks).toEqual([expect.objectContaining({ organisationId: radium!.id, isPrimary: true })]);

    const evs = await db.select().from(events).where(eq(events.type, 'contact.created'));
    const ids = evs.map((e) => (e.payload as { person: { id: string } }).person.id);
    expect(ids).toEqual(expect.arrayContaining([jean!.id, marie!.id]));
    const created = await db
      .select()
      .from(auditLog)
      .where(and(inArray(auditLog.entityId, [jean!.id, marie!.id]), eq(auditLog.action, 'create')));
    expect(created).toHaveLength(2);
    // Claire existed (same e-mail): skipped, untouched.
    const [claire] = await db.select().from(people).where(eq(people.id, known.body.id));
    expect(claire?.linkedinUrl).toBeNull();
  });

  it('imports an XLSX file and links people to organisations', async () => {
    await managerA.c.post('/api/v1/organisations', { name: 'Kappa Asset Management' });
    const columns = [
      { key: 'prenom', header: 'Prénom' },
      { key: 'nom', header: 'Nom' },
      { key: 'email', header: 'E-mail' },
      { key: 'societe', header: 'Société' },
    ];
    const rows = [
      { prenom: 'Lucie', nom: 'Martin', email: 'lucie@kappa.fr', societe: 'Kappa Asset Management' },
      { prenom: 'Paul', nom: 'Bernard', email: 'paul@lambda.fr', societe: 'Lambda Conseil' },
    ];
    const chunks: Buffer[] = [];
    for await (const chunk of xlsxExportStream(columns, rows)) chunks.push(chunk as Buffer);
    const { upload: up, final } = await importFile(managerA, 'people', 'contacts.xlsx', Buffer.concat(chunks), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(up).toMatchObject({ format: 'xlsx', rowCount: 2, linkedin: false });
    expect(up.suggestedMapping).toMatchObject({ Prénom: 'firstName', Nom: 'lastName', Société: 'organisationName' });
    expect(final.report).toMatchObject({ created: 2, failed: 0 });
    const [lucie] = await t.deps.database.db.select().from(people).where(eq(people.email, 'lucie@kappa.fr'));
    expect(lucie).toMatchObject({ source: 'import', dataSource: 'Import contacts.xlsx' });

    // Then a links file: role and primary flag on an existing person and organisation; unknowns are errors.
    const links = [
      'E-mail,Société,Rôle,Principal',
      'paul@lambda.fr,Kappa Asset Management,Décideur,oui',
      'nobody@nowhere.fr,Kappa Asset Management,,',
      'lucie@kappa.fr,Unknown Org,,',
    ].join('\n');
    const l = await importFile(managerA, 'links', 'links.csv', links);
    expect(l.dry.duplicates).toBeNull();
    expect(l.final.report).toMatchObject({ created: 1, failed: 2 });
    expect(l.final.report.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'import.person_not_found'],
      [4, 'import.organisation_not_found'],
    ]);
    const [paul] = await t.deps.database.db.select().from(people).where(eq(people.email, 'paul@lambda.fr'));
    const paulLinks = await t.deps.database.db
      .select()
      .from(personOrganisations)
      .where(eq(personOrganisations.personId, paul!.id));
    expect(paulLinks).toHaveLength(2);
    expect(paulLinks.filter((x) => x.isPrimary)).toEqual([expect.objectContaining({ role: 'decideur' })]);
  });

  it('merges people by e-mail (fills empty fields, adds the organisation link) and imports many rows', async () => {
    const person = await managerA.c.post('/api/v1/people', {
      firstName: 'Hugo',
      lastName: 'Merge',
      email: 'hugo@merge.fr',
    });
    expect(person.status).toBe(201);
    const rows = Array.from({ length: 120 }, (_, i) => `Prénom${i},Nom${i},p${i}@bulk.fr,,`);
    const csv = [
      'Prénom,Nom,E-mail,Téléphone,Société',
      'Hugo,Merge,HUGO@merge.fr,01 23 45 67 89,Mu Merge Conseil',
      ...rows,
    ].join('\n');
    const { dry, final } = await importFile(managerA, 'people', 'bulk.csv', csv, { duplicates: 'merge' });
    expect(dry).toMatchObject({ total: 121, valid: 121, duplicates: 1 });
    expect(final).toMatchObject({ status: 'done', processedRows: 121, progress: 100 });
    expect(final.report).toMatchObject({ created: 120, updated: 1, skipped: 0, failed: 0 });
    const db = t.deps.database.db;
    const [hugo] = await db.select().from(people).where(eq(people.id, person.body.id));
    expect(hugo?.phone).toBeTruthy();
    expect(hugo?.email).toBe('hugo@merge.fr');
    const links = await db.select().from(personOrganisations).where(eq(personOrganisations.personId, hugo!.id));
    expect(links).toEqual([expect.objectContaining({ isPrimary: true })]);
  });

  it('links contacts to the same or a very close company name, never to one whose numbers differ', async () => {
    const one = await managerA.c.post('/api/v1/organisations', { name: 'Omega Gestion Privée 1' });
    const privee = await managerA.c.post('/api/v1/organisations', { name: 'Omicron Gestion Privée' });
    expect([one.status, privee.status]).toEqual([201, 201]);
    const csv = [
      'Prénom,Nom,E-mail,Société',
      'Anne,Exact,anne@omega.fr,OMEGA GESTION PRIVEE 1 SAS', // the same normalised name
      'Bruno,Close,bruno@omicron.fr,Omicron Gestion Privées', // 0.87 close, no digits
      'Chloé,Twelve,chloe@omega.fr,Omega Gestion Privée 12', // 0.88 close, but 12 is not 1
      'Denis,Twelve,denis@omega.fr,Omega Gestion Privee 12', // the one just created
      'Emma,One,emma@omega.fr,Omega Gestion Privées 1', // 0.88 close, the same digits
    ].join('\n');
    const { final } = await importFile(managerA, 'people', 'omega.csv', csv);
    expect(final.report).toMatchObject({ created: 5, failed: 0 });
    const db = t.deps.database.db;
    const orgOf = async (email: string) => {
      const [p] = await db.select().from(people).where(eq(people.email, email));
      const links = await db.select().from(personOrganisations).where(eq(personOrganisations.personId, p!.id));
      expect(links).toHaveLength(1);
      const [org] = await db.select().from(organisations).where(eq(organisations.id, links[0]!.organisationId));
      return org!;
    };
    expect((await orgOf('anne@omega.fr')).id).toBe(one.body.id);
    expect((await orgOf('emma@omega.fr')).id).toBe(one.body.id);
    expect((await orgOf('bruno@omicron.fr')).id).toBe(privee.body.id);
    const twelve = await orgOf('chloe@omega.fr');
    expect(twelve).toMatchObject({ name: 'Omega Gestion Privée 12', source: 'import' });
    expect((await orgOf('denis@omega.fr')).id).toBe(twelve.id);
  });

  it('matches a batch against the people the importer sees, and tells which buckets hold each e-mail', async () => {
    const seen = await userA.c.post('/api/v1/people', { firstName: 'Vue', lastName: 'Équipe', email: 'vue@match.fr' });
    const hidden = await userB.c.post('/api/v1/people', {
      firstName: 'Cachée',
      lastName: 'Autre',
      email: 'cache@match.fr',
    });
    expect([seen.status, hidden.status]).toEqual([201, 201]);
    const actor = await actorForUser(t.deps.database.db, userA.id);
    const { matches, emailBuckets } = await matchPeopleForImport(t.deps.database.db, actor!, [
      { firstName: 'X', lastName: 'Y', email: 'VUE@match.fr' }, // by e-mail, seen
      { firstName: 'vue', lastName: 'EQUIPE', email: null }, // by name, seen
      { firstName: 'Cachee', lastName: 'Autre', email: 'cache@match.fr' }, // another team's: not a match
      { firstName: 'Vue', lastName: 'Equipe', email: 'vue@match.fr' }, // e-mail and name: one match
    ]);
    expect(matches.sort((a, b) => a.idx - b.idx)).toEqual([
      { idx: 0, id: seen.body.id, email: 'vue@match.fr' },
      { idx: 1, id: seen.body.id, email: 'vue@match.fr' },
      { idx: 3, id: seen.body.id, email: 'vue@match.fr' },
    ]);
    expect(emailBuckets).toEqual(
      new Map([
        ['vue@match.fr', new Set([teamA])],
        ['cache@match.fr', new Set([hidden.body.teamId])],
      ]),
    );
  });

  it('is for managers and admins only, and each sees their own imports (admins all)', async () => {
    const csv = 'Nom\nMu Gestion\n';
    expect((await upload(userA, 'organisations', 'a.csv', csv)).status).toBe(403);
    expect((await userA.c.get('/api/v1/imports')).status).toBe(403);
    const mine = await upload(managerA2, 'organisations', 'a.csv', csv);
    expect(mine.status).toBe(201);
    expect((await managerA.c.get(`/api/v1/imports/${mine.body.id}`)).status).toBe(404);
    expect((await admin.c.get(`/api/v1/imports/${mine.body.id}`)).status).toBe(200);
    const list = await managerA2.c.get('/api/v1/imports');
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([mine.body.id]);
    const all = await admin.c.get('/api/v1/imports?limit=100');
    expect(all.body.items.length).toBeGreaterThan(1);
  });

  it('refuses files that are too large, unreadable, of another format or without an entity', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 10, 'a');
    const tooBig = await upload(managerA, 'organisations', 'big.csv', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('import.too_large');
    const broken = await upload(managerA, 'organisations', 'broken.xlsx', Buffer.from('not a zip at all'));
    expect(broken.status).toBe(422);
    expect(broken.body.code).toBe('import.unreadable');
    const empty = await upload(managerA, 'organisations', 'empty.csv', Buffer.alloc(0));
    expect(empty.body.code).toBe('import.unreadable');
    const pdf = await upload(managerA, 'organisations', 'file.pdf', Buffer.from('%PDF'), 'application/pdf');
    expect(pdf.status).toBe(415);
    expect(pdf.body.code).toBe('import.unsupported_format');
    const noEntity = await upload(managerA, 'deals', 'a.csv', 'Nom\nX\n');
    expect(noEntity.status).toBe(400);
  });

  it('resumes after the last saved row when the job is retried after a crash', async () => {
    const up = await upload(
      managerA,
      'organisations',
      'resume.csv',
      'Nom\nXi Resume Un\nXi Resume Deux\nPi Resume Trois\n',
    );
    await dryRun(managerA, up.body.id, {
      mapping: up.body.suggestedMapping,
      duplicates: 'skip',
    });
    const partial = { created: 1, updated: 0, skipped: 0, failed: 0, errors: [] };
    await t.deps.database.db
      .update(importJobs)
      .set({ status: 'running', processedRows: 1, report: partial })
      .where(eq(importJobs.id, up.body.id));
    await runImport(t.deps, pino({ level: 'silent' }), up.body.id, { attempt: 0, lastAttempt: true });
    const done = await managerA.c.get(`/api/v1/imports/${up.body.id}`);
    expect(done.body).toMatchObject({ status: 'done', processedRows: 3, report: { created: 3, failed: 0 } });
    const db = t.deps.database.db;
    expect(await db.select().from(organisations).where(eq(organisations.name, 'Xi Resume Un'))).toEqual([]);
    expect(await db.select().from(organisations).where(eq(organisations.name, 'Pi Resume Trois'))).toHaveLength(1);
  });

  it('fails with a clear report when the importer has been deactivated', async () => {
    const up = await upload(managerA2, 'organisations', 'late.csv', 'Nom\nNu Finance\n');
    const dry = await dryRun(managerA2, up.body.id, {
      mapping: up.body.suggestedMapping,
      duplicates: 'skip',
    });
    expect(dry.status).toBe(200);
    // Queued, then the importer leaves before the job runs.
    await t.deps.database.db.update(importJobs).set({ status: 'queued' }).where(eq(importJobs.id, up.body.id));
    await t.deps.database.db.update(users).set({ isActive: false }).where(eq(users.id, managerA2.id));
    await runImport(t.deps, pino({ level: 'silent' }), up.body.id, { attempt: 0, lastAttempt: true });
    const [row] = await t.deps.database.db.select().from(importJobs).where(eq(importJobs.id, up.body.id));
    expect(row?.status).toBe('failed');
    expect(row?.report).toMatchObject({
      created: 0,
      errors: [expect.objectContaining({ code: 'import.importer_inactive' })],
    });
    expect(await t.deps.database.db.select().from(organisations).where(eq(organisations.name, 'Nu Finance'))).toEqual(
      [],
    );
  });
});
