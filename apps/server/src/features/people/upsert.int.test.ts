import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, twoTeams } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { events } from '../../platform/events/events.schema.ts';

describe('people upsert and batch create', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof twoTeams>>;

  beforeAll(async () => {
    t = await createTestApp();
    s = await twoTeams(t);
  });
  afterAll(async () => t?.close());

  const eventsFor = async (id: string) =>
    (await t.deps.database.db.select().from(events))
      .filter((e) => (e.payload as { person?: { id: string } }).person?.id === id)
      .map((e) => e.type);

  it('creates (201) then updates the match by e-mail, any case (200), through the services', async () => {
    const first = await s.userA.c.put('/api/v1/people/upsert', {
      firstName: 'Inès',
      lastName: 'Upsert',
      email: 'ines.upsert@acme.test',
      jobTitle: 'Analyste',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      created: true,
      person: { email: 'ines.upsert@acme.test', ownerId: s.userA.id },
    });
    const id = first.body.person.id as string;

    const second = await s.userA.c.put('/api/v1/people/upsert', {
      firstName: 'Inès',
      lastName: 'Upsert',
      email: 'INES.Upsert@ACME.test',
      jobTitle: 'Directrice',
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ created: false, person: { id, jobTitle: 'Directrice' } });
    // The match keeps its e-mail as stored: the key is not rewritten to the caller's case.
    expect(second.body.person.email).toBe('ines.upsert@acme.test');

    // Nothing new: no event, no audit row (a repeated PUT changes nothing more).
    const third = await s.userA.c.put('/api/v1/people/upsert', {
      firstName: 'Inès',
      lastName: 'Upsert',
      email: 'ines.upsert@acme.test',
      jobTitle: 'Directrice',
    });
    expect(third.status).toBe(200);
    expect(await eventsFor(id)).toEqual(['contact.created', 'contact.updated']);
    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audits.map((a) => a.action)).toEqual(['create', 'update']);
  });

  it('never matches another team’s contact: a user of team B creates their own', async () => {
    const a = await createPerson(s.userA.c, { email: 'shared@acme.test' });
    const b = await s.userB.c.put('/api/v1/people/upsert', {
      firstName: 'Paul',
      lastName: 'B',
      email: 'shared@acme.test',
      jobTitle: 'B',
    });
    expect(b.status).toBe(201);
    expect(b.body.person.id).not.toBe(a.id);
    expect((await s.userA.c.get(`/api/v1/people/${a.id}`)).body.jobTitle).toBeNull();
  });

  it('answers as the PATCH would on a match the caller may not change', async () => {
    await createPerson(s.userA.c, { email: 'owned-by-a@acme.test' });
    const other = await s.userA2.c.put('/api/v1/people/upsert', {
      firstName: 'X',
      lastName: 'Y',
      email: 'owned-by-a@acme.test',
    });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('auth.forbidden');
    const viewer = await s.viewerA.c.put('/api/v1/people/upsert', {
      firstName: 'X',
      lastName: 'Y',
      email: 'new-one@acme.test',
    });
    expect(viewer.status).toBe(403);
    // The manager of the team may change it, as by PATCH.
    const manager = await s.managerA.c.put('/api/v1/people/upsert', {
      firstName: 'X',
      lastName: 'Y',
      email: 'owned-by-a@acme.test',
    });
    expect(manager.status).toBe(200);
    expect(manager.body.person.ownerId).toBe(s.userA.id);
  });

  it('409 person.upsert_ambiguous with the ids when the caller sees two matches (an admin, two teams)', async () => {
    const a = await createPerson(s.userA.c, { email: 'twice@acme.test' });
    const b = await createPerson(s.userB.c, { email: 'twice@acme.test' });
    const r = await s.admin.c.put('/api/v1/people/upsert', { firstName: 'A', lastName: 'B', email: 'twice@acme.test' });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('person.upsert_ambiguous');
    expect([...r.body.ids].sort()).toEqual([a.id, b.id].sort());
  });

  it('validates like the create, strictly: the e-mail is required', async () => {
    const noEmail = await s.userA.c.put('/api/v1/people/upsert', { firstName: 'A', lastName: 'B' });
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.code).toBe('request.validation');
    const unknown = await s.userA.c.put('/api/v1/people/upsert', {
      firstName: 'A',
      lastName: 'B',
      email: 'a@b.test',
      colour: 'red',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('request.unknown_property');
  });

  it('batch: each item on its own, a per-item report, one event per created row', async () => {
    const r = await s.userA.c.post('/api/v1/people/batch', {
      items: [
        { firstName: 'Lot', lastName: 'Un', email: 'lot.un@acme.test' },
        { firstName: 'Lot', lastName: 'Deux', email: 'not-an-email' },
        { firstName: 'Lot', lastName: 'Trois', colour: 'red' },
        { firstName: 'Lot', lastName: 'Quatre', email: 'lot.un@acme.test', force: true },
        'not an object',
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ created: 1, updated: 0, failed: 4 });
    const [ok, bad, unknown, taken, notObject] = r.body.results;
    expect(ok).toMatchObject({ index: 0, status: 'created' });
    expect(bad).toMatchObject({ index: 1, status: 'failed', code: 'request.validation' });
    expect(bad.errors[0].path).toBe('body.items.1.email');
    expect(unknown).toMatchObject({ index: 2, status: 'failed', code: 'request.unknown_property' });
    expect(unknown.errors[0].path).toBe('body.items.2.colour');
    expect(taken).toMatchObject({ index: 3, status: 'failed', code: 'person.email_taken' });
    expect(notObject).toMatchObject({ index: 4, status: 'failed', code: 'request.validation' });
    expect(await eventsFor(ok.id)).toEqual(['contact.created']);
  });

  it('batch ?upsert=true: matched rows are updated, others created; rights per row', async () => {
    const mine = await createPerson(s.userA.c, { email: 'batch-mine@acme.test' });
    const notMine = await createPerson(s.userA2.c, { email: 'batch-a2@acme.test' });
    const r = await s.userA.c.post('/api/v1/people/batch?upsert=true', {
      items: [
        { firstName: 'M', lastName: 'Mine', email: 'BATCH-MINE@acme.test', jobTitle: 'Associé' },
        { firstName: 'N', lastName: 'New', email: 'batch-new@acme.test' },
        { firstName: 'O', lastName: 'Other', email: 'batch-a2@acme.test', jobTitle: 'Nope' },
        { firstName: 'P', lastName: 'NoEmail' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ created: 1, updated: 1, failed: 2 });
    expect(r.body.results[0]).toMatchObject({ status: 'updated', id: mine.id });
    expect(r.body.results[1].status).toBe('created');
    expect(r.body.results[2]).toMatchObject({ status: 'failed', code: 'auth.forbidden' });
    expect(r.body.results[3]).toMatchObject({ status: 'failed', code: 'request.validation' });
    expect((await s.userA2.c.get(`/api/v1/people/${notMine.id}`)).body.jobTitle).toBeNull();
  });

  it('batch: the envelope is strict, 500 items at most (400 batch.too_many_items)', async () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ firstName: 'N', lastName: `${i}` }));
    const tooMany = await s.userA.c.post('/api/v1/people/batch', { items: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('batch.too_many_items');
    const empty = await s.userA.c.post('/api/v1/people/batch', { items: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('request.validation');
    const extra = await s.userA.c.post('/api/v1/people/batch', {
      items: [{ firstName: 'a', lastName: 'b' }],
      dryRun: true,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.code).toBe('request.unknown_property');
    const badQuery = await s.userA.c.post('/api/v1/people/batch?upsert=maybe', {
      items: [{ firstName: 'a', lastName: 'b' }],
    });
    expect(badQuery.status).toBe(400);
    expect(
      (await s.viewerA.c.post('/api/v1/people/batch', { items: [{ firstName: 'a', lastName: 'b' }] })).status,
    ).toBe(403);
  });

  it('batch: an Idempotency-Key replays the stored report and writes nothing twice', async () => {
    const body = { items: [{ firstName: 'Idem', lastName: 'Potent', email: 'idem@acme.test' }] };
    const key = { 'idempotency-key': 'batch-people-1' };
    const first = await s.userA.c.post('/api/v1/people/batch', body, key);
    expect(first.body.created).toBe(1);
    const again = await s.userA.c.post('/api/v1/people/batch', body, key);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const found = await s.userA.c.get('/api/v1/people?email=idem@acme.test');
    expect(found.body.total).toBe(1);
  });
});
