import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  createInteraction,
  createMandat,
  createOrganisation,
  createPerson,
  twoTeams,
} from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { events } from '../../platform/events/events.schema.ts';
import { people } from '../people/people.schema.ts';

describe('interactions API', () => {
  let t: TestApp;
  let who: Awaited<ReturnType<typeof twoTeams>>;
  let userA: Caller;
  let userB: Caller;
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await createTestApp();
    who = await twoTeams(t);
    userA = who.userA;
    userB = who.userB;
    orgA = (await createOrganisation(userA.c, { name: 'Acme Gestion' })).id;
    orgB = (await createOrganisation(userB.c, { name: 'Lux Fund Partners' })).id;
  });
  afterAll(async () => t?.close());

  it('logs a call with participants, audits it, emits interaction.created and moves last activity', async () => {
    const jean = await createPerson(userA.c, { firstName: 'Jean', lastName: 'Dupont' });
    const marie = await createPerson(userA.c, { firstName: 'Marie', lastName: 'Curie' });
    const res = await userA.c.post('/api/v1/interactions', {
      type: 'appel',
      title: 'Premier appel',
      body: 'Présentation de la gamme',
      occurredAt: '2025-03-10T09:30:00+01:00',
      direction: 'sortant',
      organisationId: orgA,
      personId: jean.id,
      participants: [{ personId: marie.id, role: 'analyste', present: false }],
      externalParticipants: [{ name: 'Paul Externe', email: 'paul@example.test' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'appel',
      ownerId: userA.id,
      teamId: who.teamA.id,
      createdBy: userA.id,
      participants: [{ personId: marie.id, role: 'analyste', present: false }],
      externalParticipants: [{ name: 'Paul Externe', email: 'paul@example.test' }],
    });
    const id = res.body.id as string;
    const activity = await t.deps.database.db
      .select({ id: people.id, at: people.lastActivityAt })
      .from(people)
      .where(eq(people.lastName, 'Curie'));
    expect(activity[0]?.at?.toISOString()).toBe('2025-03-10T08:30:00.000Z');
    const [jeanRow] = await t.deps.database.db.select().from(people).where(eq(people.id, jean.id));
    expect(jeanRow?.lastActivityAt?.toISOString()).toBe('2025-03-10T08:30:00.000Z');

    const evs = await t.deps.database.db.select().from(events).where(eq(events.type, 'interaction.created'));
    expect(evs.filter((e) => (e.payload as { interaction: { id: string } }).interaction.id === id)).toHaveLength(1);

    // Participants are replaced on update.
    const patched = await userA.c.patch(`/api/v1/interactions/${id}`, {
      participants: [{ personId: jean.id }],
      outcome: 'Intéressé',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.participants).toEqual([{ personId: jean.id, role: null, present: true }]);
    expect(patched.body.outcome).toBe('Intéressé');

    expect((await userA.c.delete(`/api/v1/interactions/${id}`)).status).toBe(204);
    expect((await userA.c.get(`/api/v1/interactions/${id}`)).status).toBe(404);
    const bin = await userA.c.get('/api/v1/interactions/deleted');
    expect(bin.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const restored = await userA.c.post(`/api/v1/interactions/${id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.deletedAt).toBeNull();

    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.map((r) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    const mine = (await t.deps.database.db.select().from(events).orderBy(events.id)).filter(
      (e) => (e.payload as { interaction?: { id: string } }).interaction?.id === id,
    );
    expect(mine.map((e) => e.type)).toEqual([
      'interaction.created',
      'interaction.updated',
      'interaction.deleted',
      'interaction.restored',
    ]);
    expect(mine[1]?.payload).toMatchObject({
      changes: expect.arrayContaining(['outcome', 'participants']),
      previous: { outcome: null },
    });
  });

  it('shows the new last activity on the contact at once, the read cache on', async () => {
    const cached = await createTestApp({ env: { CACHE_ENABLED: 'true' } });
    try {
      const w = await twoTeams(cached);
      const org = await createOrganisation(w.userA.c, { name: 'Cache Gestion' });
      const person = await createPerson(w.userA.c, { firstName: 'Léa', lastName: 'Cache' });
      expect((await w.userA.c.get(`/api/v1/people/${person.id}`)).body.lastActivityAt).toBeNull();
      await createInteraction(w.userA.c, {
        type: 'appel',
        title: 'Appel',
        occurredAt: '2026-03-10T09:30:00+01:00',
        organisationId: org.id,
        personId: person.id,
      });
      const after = await w.userA.c.get(`/api/v1/people/${person.id}`);
      expect(after.body.lastActivityAt).toBe('2026-03-10T08:30:00.000Z');
    } finally {
      await cached.close();
    }
  });

  it('requires an organisation or a person, and linked records the caller can see', async () => {
    const none = await userA.c.post('/api/v1/interactions', {
      type: 'note',
      title: 'Sans cible',
      occurredAt: '2025-03-10T09:30:00Z',
    });
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('interaction.target_required');

    const foreign = await userA.c.post('/api/v1/interactions', {
      type: 'note',
      title: 'Chez les autres',
      occurredAt: '2025-03-10T09:30:00Z',
      organisationId: orgB,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('interaction.link_not_found');

    const personB = await createPerson(userB.c);
    const foreignParticipant = await userA.c.post('/api/v1/interactions', {
      type: 'reunion',
      title: 'Réunion',
      occurredAt: '2025-03-10T09:30:00Z',
      organisationId: orgA,
      participants: [{ personId: personB.id }],
    });
    expect(foreignParticipant.status).toBe(400);
    expect(foreignParticipant.body.code).toBe('interaction.link_not_found');
  });

  it('is idempotent on externalSource + externalId', async () => {
    const body = {
      type: 'reunion',
      title: 'Rendez-vous agenda',
      occurredAt: '2025-04-01T14:00:00Z',
      organisationId: orgA,
      externalSource: 'google_calendar',
      externalId: 'evt-123',
    };
    const first = await userA.c.post('/api/v1/interactions', body);
    expect(first.status).toBe(201);
    const again = await userA.c.post('/api/v1/interactions', { ...body, title: 'Autre titre' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.title).toBe('Rendez-vous agenda');
    const list = await userA.c.get(`/api/v1/interactions?q=${encodeURIComponent('rendez-vous agenda')}`);
    expect(list.body.total).toBe(1);
    // Someone who cannot see the existing row gets a conflict, not the row.
    const b = await userB.c.post('/api/v1/interactions', { ...body, organisationId: orgB });
    expect(b.status).toBe(409);
  });

  it('filters, searches, sorts and pages', async () => {
    const org = (await createOrganisation(who.userA2.c, { name: 'Filtres SA' })).id;
    const person = await createPerson(who.userA2.c, { firstName: 'Éloïse', lastName: 'Martin' });
    const mandat = await createMandat(who.userA2.c, { organisationId: org });
    const mk = (over: Record<string, unknown>) => createInteraction(who.userA2.c, { organisationId: org, ...over });
    await mk({ type: 'appel', direction: 'entrant', title: 'Appel entrant', occurredAt: '2025-01-05T10:00:00Z' });
    await mk({ type: 'email', title: 'Email 100% ESG', occurredAt: '2025-01-06T10:00:00Z', mandatId: mandat.id });
    await mk({
      type: 'reunion',
      title: 'Réunion équipe',
      body: 'Stratégie crédit',
      occurredAt: '2025-01-07T10:00:00Z',
      participants: [{ personId: person.id }],
    });
    const get = async (qs: string) => {
      const r = await who.userA2.c.get(`/api/v1/interactions?organisationId=${org}&${qs}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as { items: { title: string }[]; total: number; nextCursor: string | null };
    };
    expect((await get('')).items.map((i) => i.title)).toEqual(['Réunion équipe', 'Email 100% ESG', 'Appel entrant']);
    expect((await get('sort=occurredAt')).items[0]?.title).toBe('Appel entrant');
    expect((await get('type=appel,email')).total).toBe(2);
    expect((await get('direction=entrant')).items.map((i) => i.title)).toEqual(['Appel entrant']);
    expect((await get(`mandatId=${mandat.id}`)).total).toBe(1);
    expect((await get(`personId=${person.id}`)).items.map((i) => i.title)).toEqual(['Réunion équipe']);
    expect((await get(`createdBy=${who.userA2.id}&ownerId=${who.userA2.id}&teamId=${who.teamA.id}`)).total).toBe(3);
    expect((await get('occurredFrom=2025-01-06&occurredTo=2025-01-06T23:59:59Z')).total).toBe(1);
    expect((await get('q=strategie%20CREDIT')).items.map((i) => i.title)).toEqual(['Réunion équipe']);
    expect((await get('q=100%25')).total).toBe(1);
    expect((await get('q=_')).total).toBe(0);
    const p1 = await get('limit=2');
    expect(p1.items).toHaveLength(2);
    const p2 = await get(`limit=2&cursor=${p1.nextCursor}`);
    expect(p2.items.map((i) => i.title)).toEqual(['Appel entrant']);
    expect(p2.nextCursor).toBeNull();
  });

  it('never shows team A interactions to team B, and lets only owners or managers change them', async () => {
    const { id } = await createInteraction(userA.c, {
      type: 'visio',
      title: 'Visio confidentielle',
      occurredAt: '2025-02-01T10:00:00Z',
      organisationId: orgA,
    });
    expect((await userB.c.get(`/api/v1/interactions/${id}`)).status).toBe(404);
    expect((await userB.c.get('/api/v1/interactions?q=confidentielle')).body.total).toBe(0);
    expect((await userB.c.patch(`/api/v1/interactions/${id}`, { title: 'pris' })).status).toBe(404);
    expect((await who.userA2.c.get(`/api/v1/interactions/${id}`)).status).toBe(200);
    expect((await who.userA2.c.patch(`/api/v1/interactions/${id}`, { title: 'pris' })).status).toBe(403);
    expect((await who.viewerA.c.patch(`/api/v1/interactions/${id}`, { title: 'pris' })).status).toBe(403);
    expect((await who.managerA.c.patch(`/api/v1/interactions/${id}`, { title: 'Visio revue' })).status).toBe(200);
    expect((await who.admin.c.get(`/api/v1/interactions/${id}`)).status).toBe(200);
  });
});
