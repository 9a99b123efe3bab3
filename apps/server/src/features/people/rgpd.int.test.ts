import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { dataAccessLog } from '../../platform/audit/data-access.schema.ts';
import { events } from '../../platform/events/events.schema.ts';
import { interactionParticipants, interactions } from '../interactions/interactions.schema.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { attachments, notes } from '../notes/notes.schema.ts';
import { tasks } from '../tasks/tasks.schema.ts';

describe('RGPD: export, anonymisation, data-access log', () => {
  let t: TestApp;
  let admin: Client;
  let managerA: Client;
  let userA: Client;
  let managerB: Client;
  let own: { ownerId: string; teamId: string };
  let teamBOwn: { ownerId: string; teamId: string };

  beforeAll(async () => {
    t = await createTestApp();
    const teamA = await createTeam(t.deps);
    const teamB = await createTeam(t.deps);
    const u = await createUser(t.deps, { teamId: teamA.id });
    const mb = await createUser(t.deps, { role: 'manager', teamId: teamB.id });
    own = { ownerId: u.id, teamId: teamA.id };
    teamBOwn = { ownerId: mb.id, teamId: teamB.id };
    userA = client(t.app, await sessionHeaders(t.deps, u));
    managerB = client(t.app, await sessionHeaders(t.deps, mb));
    admin = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'admin' })));
    managerA = client(
      t.app,
      await sessionHeaders(t.deps, await createUser(t.deps, { role: 'manager', teamId: teamA.id })),
    );
  });
  afterAll(async () => t?.close());

  it('exports everything held on a person, logs the export and audits it; managers get their scope only', async () => {
    const db = t.deps.database.db;
    const orgId = (await userA.post('/api/v1/organisations', { name: 'Acme Gestion' })).body.id;
    const p = (
      await userA.post('/api/v1/people', {
        firstName: 'Jean',
        lastName: 'Dupont',
        email: 'jean@acme.test',
        organisationId: orgId,
        role: 'decideur',
      })
    ).body;
    await userA.get(`/api/v1/people/${p.id}`);
    await db
      .insert(interactions)
      .values({ type: 'appel', title: 'Appel', occurredAt: new Date(), personId: p.id, ...own });
    const [meeting] = await db
      .insert(interactions)
      .values({ type: 'reunion', title: 'Réunion', occurredAt: new Date(), ...own })
      .returning();
    await db
      .insert(interactionParticipants)
      .values({ interactionId: meeting?.id as string, personId: p.id, role: 'invité' });
    await db
      .insert(interactions)
      .values({ type: 'email', title: 'Autre équipe', occurredAt: new Date(), personId: p.id, ...teamBOwn });
    await db.insert(tasks).values({ title: 'Relancer Jean', personId: p.id, ...own });
    await db.insert(notes).values({ entityType: 'person', entityId: p.id, body: '<p>Aime le golf</p>', ...own });
    await db.insert(attachments).values({
      entityType: 'person',
      entityId: p.id,
      fileName: 'cv.pdf',
      mimeType: 'application/pdf',
      sizeBytes: 10,
      sha256: 'x',
      storageKey: 'secret/key',
      ...own,
    });
    await db
      .insert(mandats)
      .values({ kind: 'distribution', title: 'Mandat Jean', organisationId: orgId, primaryContactId: p.id, ...own });

    expect((await userA.get(`/api/v1/people/${p.id}/rgpd-export`)).status).toBe(403);
    expect((await managerB.get(`/api/v1/people/${p.id}/rgpd-export`)).status).toBe(404);

    const full = await admin.get(`/api/v1/people/${p.id}/rgpd-export`);
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ complete: true, person: { id: p.id, email: 'jean@acme.test' } });
    expect(full.body.organisations).toEqual([
      expect.objectContaining({ organisationName: 'Acme Gestion', role: 'decideur' }),
    ]);
    expect(full.body.interactions.map((i: { title: string }) => i.title).sort()).toEqual([
      'Appel',
      'Autre équipe',
      'Réunion',
    ]);
    expect(full.body.interactions.find((i: { title: string }) => i.title === 'Réunion').participantRole).toBe('invité');
    expect(full.body.tasks.map((x: { title: string }) => x.title)).toEqual(['Relancer Jean']);
    expect(full.body.notes).toHaveLength(1);
    // The same sections as ever, each feature's rows with the same fields (no search text, no storage key).
    expect(Object.keys(full.body)).toEqual([
      'exportedAt',
      'complete',
      'person',
      'organisations',
      'interactions',
      'tasks',
      'notes',
      'attachments',
      'mandats',
      'audit',
      'dataAccess',
      'places',
    ]);
    expect(full.body.attachments).toEqual([expect.objectContaining({ fileName: 'cv.pdf', deletedAt: null })]);
    expect(full.body.attachments[0]).not.toHaveProperty('storageKey');
    expect(full.body.mandats).toEqual([expect.objectContaining({ title: 'Mandat Jean', primaryContactId: p.id })]);
    expect(full.body.mandats[0]).not.toHaveProperty('searchText');
    expect(full.body.tasks[0]).not.toHaveProperty('searchText');
    expect(full.body.tasks[0]).toHaveProperty('deletedBy');
    expect(full.body.notes[0]).toMatchObject({ body: '<p>Aime le golf</p>', entityType: 'person', entityId: p.id });
    expect(full.body.interactions[0]).toHaveProperty('participantRole');
    expect(full.body.audit.map((a: { action: string }) => a.action)).toEqual(['create', 'link_add', 'rgpd_export']);
    expect(full.body.dataAccess.map((a: { action: string }) => a.action)).toEqual(['read', 'export']);

    const mine = await managerA.get(`/api/v1/people/${p.id}/rgpd-export`);
    expect(mine.body.complete).toBe(false);
    expect(mine.body.places).toBeNull(); // the places cross row scope: admins only
    expect(mine.body.interactions.map((i: { title: string }) => i.title).sort()).toEqual(['Appel', 'Réunion']);

    const logged = await db
      .select()
      .from(dataAccessLog)
      .where(and(eq(dataAccessLog.subjectId, p.id), eq(dataAccessLog.action, 'export')));
    expect(logged).toHaveLength(2);
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'rgpd_export'));
    expect(audits.map((a) => a.entityId)).toEqual([p.id, p.id]);
  });

  it('anonymises a person: identifying fields cleared, ids and activity kept, audited without values, one event', async () => {
    const db = t.deps.database.db;
    const orgId = (await userA.post('/api/v1/organisations', { name: 'Beta Patrimoine' })).body.id;
    const p = (
      await userA.post('/api/v1/people', {
        firstName: 'Sophie',
        lastName: 'Bernard',
        email: 'sophie@beta.test',
        mobile: '0600000000',
        linkedinUrl: 'https://www.linkedin.com/in/sophie',
        notes: 'Préfère les appels le matin',
        organisationId: orgId,
      })
    ).body;
    const link = (await userA.get(`/api/v1/people/${p.id}/organisations`)).body.items[0];
    await userA.patch(`/api/v1/people/${p.id}/organisations/${link.id}`, { workEmail: 'sb@beta.test' });
    await db
      .insert(interactions)
      .values({ type: 'appel', title: 'Appel', occurredAt: new Date(), personId: p.id, ...own });
    const before = (await db.select().from(events)).length;

    const reason = { reason: 'Demande du 3 mars (courrier)' };
    expect((await userA.post(`/api/v1/people/${p.id}/anonymise`, reason)).status).toBe(403);
    const res = await managerA.post(`/api/v1/people/${p.id}/anonymise`, reason);
    expect(res.status).toBe(200);
    expect(res.body.reason).toBe(reason.reason);
    expect(res.body.person).toMatchObject({
      id: p.id,
      firstName: 'Anonyme',
      lastName: 'Anonyme',
      email: null,
      mobile: null,
      linkedinUrl: null,
      notes: null,
      marketingOptOut: true,
      anonymisationReason: reason.reason,
    });
    expect(res.body.person.anonymisedAt).not.toBeNull();
    const links = (await userA.get(`/api/v1/people/${p.id}/organisations`)).body.items;
    expect(links).toEqual([expect.objectContaining({ organisationId: orgId, workEmail: null })]);
    expect((await db.select().from(interactions).where(eq(interactions.personId, p.id))).length).toBe(1);
    const [row] = await db.select().from(auditLog).where(eq(auditLog.action, 'anonymise'));
    expect(row?.entityId).toBe(p.id);
    expect(JSON.stringify(row)).not.toContain('sophie');
    const after = await db.select().from(events);
    expect(after.slice(before).map((e) => e.type)).toEqual(['contact.updated']);
    expect((await managerA.post(`/api/v1/people/${p.id}/anonymise`, reason)).status).toBe(409);
    // the e-mail is free again
    expect(
      (await userA.post('/api/v1/people', { firstName: 'S', lastName: 'B', email: 'sophie@beta.test' })).status,
    ).toBe(201);
  });
});
