import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInteraction,
  createOrganisation,
  createPerson,
  createTeam,
  createUser,
  sessionHeaders,
} from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { dataAccessLog } from '../../platform/audit/data-access.schema.ts';
import { events } from '../../platform/events/events.schema.ts';

describe('people API', () => {
  let t: TestApp;
  let managerA: Client;
  let userA: Client;
  let userA2: Client;
  let userB: Client;
  /** Team C: holds its own copies of team A's contacts (the per-team e-mail rule). */
  let userC: Client;
  let admin: Client;
  let userCId: string;
  let ids: { userA: string; userA2: string };

  beforeAll(async () => {
    t = await createTestApp();
    const teamA = await createTeam(t.deps);
    const teamB = await createTeam(t.deps);
    const teamC = await createTeam(t.deps);
    const mk = async (role: 'manager' | 'user', teamId: string) => {
      const u = await createUser(t.deps, { role, teamId });
      return { id: u.id, c: client(t.app, await sessionHeaders(t.deps, u)) };
    };
    const m = await mk('manager', teamA.id);
    const u1 = await mk('user', teamA.id);
    const u2 = await mk('user', teamA.id);
    const b = await mk('user', teamB.id);
    managerA = m.c;
    userA = u1.c;
    userA2 = u2.c;
    userB = b.c;
    const c = await mk('user', teamC.id);
    userC = c.c;
    userCId = c.id;
    admin = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'admin' })));
    ids = { userA: u1.id, userA2: u2.id };
  });
  afterAll(async () => t?.close());

  const eventsFor = async (id: string) =>
    (await t.deps.database.db.select().from(events))
      .filter((e) => (e.payload as { person?: { id: string } }).person?.id === id)
      .map((e) => e.type);

  it('creates, reads, updates, deletes and restores, audited, one event per change', async () => {
    const created = await userA.post('/api/v1/people', {
      firstName: 'Jérôme',
      lastName: 'Dupont',
      email: 'jerome.dupont@acme.test',
      language: 'fr',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ firstName: 'Jérôme', language: 'FR', ownerId: ids.userA });
    const id = created.body.id as string;
    expect((await userA.get(`/api/v1/people/${id}`)).body.lastName).toBe('Dupont');
    const patched = await userA.patch(`/api/v1/people/${id}`, { jobTitle: 'Directeur commercial' });
    expect(patched.body.jobTitle).toBe('Directeur commercial');
    expect((await userA.patch(`/api/v1/people/${id}`, { jobTitle: 'Directeur commercial' })).status).toBe(200);
    expect((await userA.delete(`/api/v1/people/${id}`)).status).toBe(204);
    expect((await userA.get(`/api/v1/people/${id}`)).status).toBe(404);
    expect((await userA.post(`/api/v1/people/${id}/restore`)).body.deletedAt).toBeNull();

    const rows = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(await eventsFor(id)).toEqual(['contact.created', 'contact.updated', 'contact.deleted', 'contact.restored']);
    const reads = await t.deps.database.db.select().from(dataAccessLog).where(eq(dataAccessLog.subjectId, id));
    expect(reads.map((r) => r.action)).toEqual(['read']);
  });

  it('answers 409 person.duplicate for a visible e-mail or name, force skips the name check only', async () => {
    await createPerson(userA, { firstName: 'Claire', lastName: 'Martin', email: 'claire@cgp.test' });
    const dupEmail = await userA2.post('/api/v1/people', {
      firstName: 'C.',
      lastName: 'Martin',
      email: 'CLAIRE@cgp.test',
    });
    expect(dupEmail.status).toBe(409);
    expect(dupEmail.body.code).toBe('person.duplicate');
    expect(dupEmail.body.candidates).toEqual([
      expect.objectContaining({ firstName: 'Claire', lastName: 'Martin', email: 'claire@cgp.test' }),
    ]);
    const dupName = await userA.post('/api/v1/people', { firstName: 'claire', lastName: 'MARTIN' });
    expect(dupName.body.code).toBe('person.duplicate');
    expect((await userA.post('/api/v1/people', { firstName: 'claire', lastName: 'MARTIN', force: true })).status).toBe(
      201,
    );
    // force cannot bypass the e-mail's uniqueness within the team
    const forced = await userA.post('/api/v1/people', {
      firstName: 'X',
      lastName: 'Y',
      email: 'claire@cgp.test',
      force: true,
    });
    expect(forced.status).toBe(409);
    expect(forced.body.code).toBe('person.email_taken');
    const other = await createPerson(userA, { firstName: 'Paul', lastName: 'Petit', email: 'paul@x.test' });
    expect((await userA.patch(`/api/v1/people/${other.id}`, { email: 'claire@cgp.test' })).body.code).toBe(
      'person.email_taken',
    );
  });

  it('lets another team hold its own record of the same e-mail: 201, as for a fresh address (no existence oracle)', async () => {
    await createPerson(userA, { firstName: 'Inès', lastName: 'Garnier', email: 'ines@cgp.test' });
    const known = await userC.post('/api/v1/people', { firstName: 'Zoé', lastName: 'Roux', email: 'ines@cgp.test' });
    const fresh = await userC.post('/api/v1/people', { firstName: 'Léa', lastName: 'Roux', email: 'lea@nowhere.test' });
    expect(known.status).toBe(201);
    expect(fresh.status).toBe(201);
    expect(Object.keys(known.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(known.body).toMatchObject({ email: 'ines@cgp.test', lastName: 'Roux' });
    // Team C's copy is now taken within team C, and team A's record is untouched.
    const again = await userC.post('/api/v1/people', {
      firstName: 'Z',
      lastName: 'R',
      email: 'INES@cgp.test',
      force: true,
    });
    expect(again.body.code).toBe('person.email_taken');
    expect((await userA.get('/api/v1/people?email=ines@cgp.test')).body.items).toEqual([
      expect.objectContaining({ lastName: 'Garnier' }),
    ]);
  });

  it('restores a contact unless a live contact of its own team took its e-mail meanwhile', async () => {
    const a = await createPerson(userA, { firstName: 'R', lastName: 'Estore', email: 'restore@cgp.test' });
    expect((await userA.delete(`/api/v1/people/${a.id}`)).status).toBe(204);
    // Another team using the address does not block the restore...
    await createPerson(userC, { firstName: 'R', lastName: 'B', email: 'restore@cgp.test' });
    const restored = await userA.post(`/api/v1/people/${a.id}/restore`);
    expect(restored.status).toBe(200);
    // ...a teammate using it does.
    expect((await userA.delete(`/api/v1/people/${a.id}`)).status).toBe(204);
    await createPerson(userA2, { firstName: 'R', lastName: 'A2', email: 'restore@cgp.test' });
    const refused = await userA.post(`/api/v1/people/${a.id}/restore`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('person.email_taken');
  });

  it('refuses moving a contact to an owner whose team already has its e-mail', async () => {
    const inA = await createPerson(managerA, { firstName: 'M', lastName: 'Ove', email: 'move@cgp.test' });
    await createPerson(userC, { firstName: 'M', lastName: 'Ove', email: 'move@cgp.test' });
    const moved = await admin.patch(`/api/v1/people/${inA.id}`, { ownerId: userCId });
    expect(moved.status).toBe(409);
    expect(moved.body.code).toBe('person.email_taken');
    // Without the e-mail clash the move goes through.
    expect((await admin.patch(`/api/v1/people/${inA.id}`, { email: 'moved@cgp.test', ownerId: userCId })).status).toBe(
      200,
    );
  });

  it('lets an admin merge two teams’ records of the same person, unless the kept team has another contact with it', async () => {
    const inA = await createPerson(userA, { firstName: 'Hugo', lastName: 'Faure' });
    const inC = await createPerson(userC, { firstName: 'Hugo', lastName: 'Faure', email: 'hugo@cgp.test' });
    const other = await createPerson(userA2, { firstName: 'H', lastName: 'Autre', email: 'hugo@cgp.test' });
    // Team A already has a live contact with hugo@…: the duplicate's e-mail cannot move to the kept record.
    const refused = await admin.post(`/api/v1/people/${inA.id}/merge`, { duplicateId: inC.id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('person.email_taken');
    expect((await admin.get(`/api/v1/people/${inC.id}`)).status).toBe(200); // nothing half-done
    expect((await userA2.delete(`/api/v1/people/${other.id}`)).status).toBe(204);
    const merged = await admin.post(`/api/v1/people/${inA.id}/merge`, { duplicateId: inC.id });
    expect(merged.status).toBe(200);
    expect(merged.body.person).toMatchObject({ id: inA.id, email: 'hugo@cgp.test' });
  });

  it('finds people without accents, in any case and with a typo; % and _ are literal', async () => {
    await createPerson(userA2, { firstName: 'Jérôme', lastName: 'Lefèvre' });
    const names = async (q: string) =>
      ((await userA2.get(`/api/v1/people?q=${encodeURIComponent(q)}`)).body.items as { lastName: string }[]).map(
        (p) => p.lastName,
      );
    expect(await names('Jerome')).toEqual(expect.arrayContaining(['Dupont', 'Lefèvre']));
    expect(await names('LEFEVRE')).toEqual(['Lefèvre']);
    expect(await names('dupnt')).toContain('Dupont');
    expect(await names('%')).toEqual([]);
    expect(await names('_')).toEqual([]);
    expect(await userB.get('/api/v1/people?q=dupont').then((r) => r.body.total)).toBe(0);
  });

  it('filters, sorts by last name and pages with a cursor', async () => {
    for (const [firstName, lastName] of [
      ['Anne', 'Zola'],
      ['Bruno', 'Arnaud'],
      ['Anne', 'Moreau'],
      ['Zoé', 'Arnaud'],
    ]) {
      await createPerson(userA2, { firstName, lastName, countryCode: 'LU', source: 'salon' });
    }
    const q = `countryCode=LU&ownerId=${ids.userA2}&sort=lastName&limit=3`;
    const p1 = await userA2.get(`/api/v1/people?${q}`);
    expect(p1.body.total).toBe(4);
    expect(p1.body.items.map((p: { firstName: string }) => p.firstName)).toEqual(['Bruno', 'Zoé', 'Anne']);
    const p2 = await userA2.get(`/api/v1/people?${q}&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Zola']);
    expect(p2.body.nextCursor).toBeNull();
    expect((await userA2.get('/api/v1/people?source=salon&isActive=true&sort=-createdAt')).body.total).toBe(4);
    expect((await userA2.get('/api/v1/people?marketingOptOut=true&countryCode=LU')).body.total).toBe(0);
    expect((await userA2.get('/api/v1/people?sort=-lastActivityAt')).status).toBe(200);
    // The e-mail column sorts now, like every column of the list; an unknown field is refused.
    expect((await userA2.get('/api/v1/people?sort=email')).status).toBe(200);
    expect((await userA2.get('/api/v1/people?sort=colour')).body.code).toBe('list.invalid_sort');
    expect((await userA2.get('/api/v1/people?createdFrom=2000-01-01&updatedTo=2999-01-01')).status).toBe(200);
  });

  it('finds a person by exact e-mail, work or personal, in any case, and never by a near one', async () => {
    const jean = await createPerson(userA, {
      firstName: 'Jean',
      lastName: 'Exact',
      email: 'jean.exact@exemple.fr',
      personalEmail: 'jean@maison.example',
    });
    await createPerson(userA, { firstName: 'Jean', lastName: 'Proche', email: 'jean.exacte@exemple.fr' });
    const ids = async (email: string) =>
      (await userA.get(`/api/v1/people?email=${encodeURIComponent(email)}`)).body.items.map(
        (p: { id: string }) => p.id,
      );
    expect(await ids('JEAN.EXACT@exemple.fr')).toEqual([jean.id]);
    expect(await ids('jean@maison.example')).toEqual([jean.id]);
    expect(await ids('jean.exac@exemple.fr')).toEqual([]);
    expect(await ids('jean.exact@exemple.f')).toEqual([]);
    // Scoped like every list: another team does not find it.
    expect((await userB.get('/api/v1/people?email=jean.exact@exemple.fr')).body.items).toEqual([]);
  });

  it('scopes rows: team B never sees team A, users change only their own', async () => {
    const mine = await createPerson(userA, { firstName: 'Scope', lastName: 'Test' });
    expect((await userB.get(`/api/v1/people/${mine.id}`)).status).toBe(404);
    expect((await userB.get('/api/v1/people?limit=200')).body.items).toEqual([]);
    expect((await userB.patch(`/api/v1/people/${mine.id}`, { phone: '1' })).status).toBe(404);
    expect((await userA2.get(`/api/v1/people/${mine.id}`)).status).toBe(200);
    expect((await userA2.patch(`/api/v1/people/${mine.id}`, { phone: '1' })).status).toBe(403);
    expect((await managerA.patch(`/api/v1/people/${mine.id}`, { phone: '1' })).status).toBe(200);
  });

  it('bulk-updates with a per-row report; bulk delete is for managers', async () => {
    const a = (await createPerson(userA, { firstName: 'Bulk', lastName: 'Un' })).id;
    const b = (await createPerson(userA2, { firstName: 'Bulk', lastName: 'Deux' })).id;
    const report = await userA.post('/api/v1/people/bulk-update', { ids: [a, b], patch: { marketingOptOut: true } });
    expect(report.body.succeeded).toEqual([a]);
    expect(report.body.failed).toEqual([expect.objectContaining({ id: b, code: 'auth.forbidden' })]);
    expect((await userA.post('/api/v1/people/bulk-delete', { ids: [a] })).status).toBe(403);
    const del = await managerA.post('/api/v1/people/bulk-delete', { ids: [a, b] });
    expect(del.body.succeeded.sort()).toEqual([a, b].sort());
    expect(await eventsFor(a)).toEqual(['contact.created', 'contact.updated', 'contact.deleted']);
  });

  // Last in the file: team B gets a contact here, and the scope test above expects it to have none.
  it('filters on the last activity (a date range, or none for N days), within the caller’s scope', async () => {
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    const org = await createOrganisation(userA, { name: 'Activité Conseil' });
    const old = await createPerson(userA, { lastName: 'Ancienne', organisationId: org.id });
    const recent = await createPerson(userA2, { lastName: 'Récente', organisationId: org.id });
    const never = await createPerson(userA, { lastName: 'Jamais' });
    const otherTeam = await createPerson(userB, { lastName: 'Ailleurs' });
    await createInteraction(userA, { personId: old.id, occurredAt: daysAgo(100) });
    await createInteraction(userA2, { personId: recent.id, occurredAt: daysAgo(5) });
    await createInteraction(userB, { personId: otherTeam.id, occurredAt: daysAgo(100) });
    const selection = [old, recent, never, otherTeam].map((p) => p.id).join(',');
    const names = async (c: Client, filters: string) => {
      const res = await c.get(`/api/v1/people?ids=${selection}&sort=lastName&${filters}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.items as { lastName: string }[]).map((p) => p.lastName);
    };
    // "Sans activité depuis 30 jours": the old one and the one never met, not the recent one.
    expect(await names(userA, 'inactiveDays=30')).toEqual(['Ancienne', 'Jamais']);
    expect(await names(userB, 'inactiveDays=30')).toEqual(['Ailleurs']);
    expect(await names(admin, 'inactiveDays=30')).toEqual(['Ailleurs', 'Ancienne', 'Jamais']);
    expect(await names(userA, 'inactiveDays=1')).toEqual(['Ancienne', 'Jamais', 'Récente']);
    // A date range keeps people with an activity in it; never met is in no range.
    const at = (n: number) => encodeURIComponent(daysAgo(n));
    expect(await names(userA, `lastActivityFrom=${at(10)}`)).toEqual(['Récente']);
    expect(await names(userA, `lastActivityTo=${at(10)}`)).toEqual(['Ancienne']);
    expect(await names(admin, `lastActivityTo=${at(10)}`)).toEqual(['Ailleurs', 'Ancienne']);
    expect(await names(userA, `lastActivityFrom=${at(200)}&lastActivityTo=${at(50)}`)).toEqual(['Ancienne']);
    expect(await names(userA, 'lastActivityFrom=1960-01-01')).toEqual(['Ancienne', 'Récente']);
    // The Organisation column: the primary organisation, expanded and sortable (none sorts first).
    const byOrg = await userA.get(`/api/v1/people?ids=${selection}&sort=-organisation&expand=organisation`);
    expect(byOrg.body.items.map((p: { organisation: unknown }) => p.organisation)).toEqual([
      { id: org.id, name: 'Activité Conseil' },
      { id: org.id, name: 'Activité Conseil' },
      null,
    ]);
    // An organisation's contacts take the same filters.
    const ofOrg = await userA.get(`/api/v1/organisations/${org.id}/people?inactiveDays=30`);
    expect(ofOrg.body.items.map((p: { id: string }) => p.id)).toEqual([old.id]);

    const problem = async (query: string) => {
      const res = await userA.get(`/api/v1/people?${query}`);
      expect(res.status, query).toBe(400);
      return { code: res.body.code as string, paths: (res.body.errors ?? []).map((e: { path: string }) => e.path) };
    };
    for (const bad of ['0', '3651', 'trente', '1.5'])
      expect(await problem(`inactiveDays=${bad}`)).toEqual({
        code: 'request.validation',
        paths: ['querystring.inactiveDays'],
      });
    expect(await problem('lastActivityFrom=hier')).toEqual({
      code: 'request.validation',
      paths: ['querystring.lastActivityFrom'],
    });
    expect(await problem('lastActivityFrom=2026-03-01&lastActivityTo=2026-02-01')).toEqual({
      code: 'list.invalid_range',
      paths: ['querystring.lastActivityFrom', 'querystring.lastActivityTo'],
    });
  });
});
