import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { events } from '../../platform/events/events.schema.ts';
import { interactionParticipants, interactions } from '../interactions/interactions.schema.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { attachments, notes } from '../notes/notes.schema.ts';
import { tasks } from '../tasks/tasks.schema.ts';
import { personOrganisations } from './people.schema.ts';

describe('mergePeople', () => {
  let t: TestApp;
  let userA: Client;
  let userA2: Client;
  let userAId: string;
  let teamAId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const teamA = await createTeam(t.deps);
    teamAId = teamA.id;
    const u = await createUser(t.deps, { teamId: teamA.id });
    userAId = u.id;
    userA = client(t.app, await sessionHeaders(t.deps, u));
    userA2 = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { teamId: teamA.id })));
  });
  afterAll(async () => t?.close());

  it('moves links, interactions, participations, tasks, notes, attachments and mandates, then deletes the duplicate', async () => {
    const db = t.deps.database.db;
    const org = async (name: string) => (await userA.post('/api/v1/organisations', { name, force: true })).body.id;
    const [o1, o2, o3] = [await org('Org Un'), await org('Org Deux'), await org('Org Trois')];
    const kept = (
      await userA.post('/api/v1/people', { firstName: 'Jean', lastName: 'Dupont', organisationId: o1, phone: '01' })
    ).body;
    const dup = (
      await userA.post('/api/v1/people', {
        firstName: 'J.',
        lastName: 'Dupont',
        email: 'jean.dupont@acme.test',
        phone: '02',
        mobile: '06',
        organisationId: o2,
      })
    ).body;
    await userA.post(`/api/v1/people/${dup.id}/organisations`, { organisationId: o1 }); // pair the kept one has
    await userA.post(`/api/v1/people/${dup.id}/organisations`, { organisationId: o3 });

    const own = { ownerId: userAId, teamId: teamAId };
    const [call] = await db
      .insert(interactions)
      .values({ type: 'appel', title: 'Appel', occurredAt: new Date(), personId: dup.id, ...own })
      .returning();
    const [meeting] = await db
      .insert(interactions)
      .values({ type: 'reunion', title: 'Réunion', occurredAt: new Date(), ...own })
      .returning();
    const [both] = await db
      .insert(interactions)
      .values({ type: 'visio', title: 'Visio', occurredAt: new Date(), ...own })
      .returning();
    await db.insert(interactionParticipants).values([
      { interactionId: meeting?.id as string, personId: dup.id },
      { interactionId: both?.id as string, personId: dup.id },
      { interactionId: both?.id as string, personId: kept.id },
    ]);
    await db.insert(tasks).values({ title: 'Relancer', personId: dup.id, ...own });
    await db.insert(notes).values({ entityType: 'person', entityId: dup.id, body: '<p>Note</p>', ...own });
    await db.insert(attachments).values({
      entityType: 'person',
      entityId: dup.id,
      fileName: 'cv.pdf',
      mimeType: 'application/pdf',
      sizeBytes: 10,
      sha256: 'x',
      storageKey: 'k',
      ...own,
    });
    await db
      .insert(mandats)
      .values({ kind: 'distribution', title: 'Mandat', organisationId: o1, primaryContactId: dup.id, ...own });

    const res = await userA.post(`/api/v1/people/${kept.id}/merge`, { duplicateId: dup.id });
    expect(res.status).toBe(200);
    expect(res.body.moved).toEqual({
      organisationLinks: 2,
      interactions: 1,
      interactionParticipants: 1,
      tasks: 1,
      notes: 1,
      attachments: 1,
      mandats: 1,
    });
    expect(res.body.person).toMatchObject({ phone: '01', mobile: '06', email: 'jean.dupont@acme.test' });
    expect(res.body.filledFields.sort()).toEqual(['email', 'mobile']);

    const links = await db.select().from(personOrganisations).where(eq(personOrganisations.personId, kept.id));
    expect(links.map((l) => l.organisationId).sort()).toEqual([o1, o2, o3].sort());
    expect(links.filter((l) => l.isPrimary).map((l) => l.organisationId)).toEqual([o1]);
    expect(
      (
        await db
          .select()
          .from(interactions)
          .where(eq(interactions.id, call?.id as string))
      )[0]?.personId,
    ).toBe(kept.id);
    const parts = await db.select().from(interactionParticipants).where(eq(interactionParticipants.personId, kept.id));
    expect(parts.map((p) => p.interactionId).sort()).toEqual([meeting?.id, both?.id].sort());
    expect((await db.select().from(tasks))[0]?.personId).toBe(kept.id);
    expect((await db.select().from(notes))[0]?.entityId).toBe(kept.id);
    expect((await db.select().from(attachments))[0]?.entityId).toBe(kept.id);
    expect((await db.select().from(mandats))[0]?.primaryContactId).toBe(kept.id);

    expect((await userA.get(`/api/v1/people/${dup.id}`)).status).toBe(404);
    const [merge] = await db.select().from(auditLog).where(eq(auditLog.action, 'merge'));
    expect(merge).toMatchObject({ entityId: kept.id, metadata: { duplicateId: dup.id, moved: res.body.moved } });
    const evs = (await db.select().from(events)).map((e) => [
      e.type,
      (e.payload as { person?: { id: string } }).person?.id,
      (e.payload as { mergedInto?: string }).mergedInto,
    ]);
    const movedAudit = await db
      .select()
      .from(auditLog)
      .where(inArray(auditLog.action, ['update', 'link_update']));
    expect(movedAudit.filter((a) => a.entityType === 'attachment')).toHaveLength(1);
    expect(movedAudit.filter((a) => a.action === 'link_update').map((a) => a.entityId)).toEqual([kept.id, kept.id]);
    const merged = evs.slice(-2);
    expect(merged).toEqual([
      ['contact.deleted', dup.id, kept.id],
      ['contact.updated', kept.id, undefined],
    ]);
    // The kept person's event names each field the merge filled, with what it held before.
    const last = (await db.select().from(events)).at(-1)?.payload as { changes: string[]; previous: object };
    expect(last.changes[0]).toBe('merge');
    expect(last.changes.length).toBeGreaterThan(1);
    expect(Object.keys(last.previous)).toEqual(last.changes.slice(1));
  });

  it('moves the records through their owning features: each moved record is audited and announced', async () => {
    const db = t.deps.database.db;
    const orgId = (await userA.post('/api/v1/organisations', { name: 'Org Annonces', force: true })).body.id;
    const kept = (await userA.post('/api/v1/people', { firstName: 'Paul', lastName: 'Lefèvre', force: true })).body;
    const dup = (await userA.post('/api/v1/people', { firstName: 'P.', lastName: 'Lefèvre', force: true })).body;
    const now = new Date().toISOString();
    const call = (
      await userA.post('/api/v1/interactions', { type: 'appel', title: 'Appel', occurredAt: now, personId: dup.id })
    ).body;
    const meeting = (
      await userA.post('/api/v1/interactions', {
        type: 'reunion',
        title: 'Réunion',
        occurredAt: now,
        organisationId: orgId,
        participants: [{ personId: dup.id, role: 'invité' }],
      })
    ).body;
    const task = (await userA.post('/api/v1/tasks', { title: 'Rappeler Paul', personId: dup.id })).body;
    const deal = (
      await userA.post('/api/v1/mandats', {
        kind: 'distribution',
        title: 'Mandat Paul',
        organisationId: orgId,
        primaryContactId: dup.id,
      })
    ).body;
    const note = (await userA.post(`/api/v1/people/${dup.id}/notes`, { body: '<p>Note</p>' })).body;
    expect([call.id, meeting.id, task.id, deal.id, note.id].every(Boolean)).toBe(true);
    const seen = (await db.select({ id: events.id }).from(events)).length;

    const res = await userA.post(`/api/v1/people/${kept.id}/merge`, { duplicateId: dup.id });
    expect(res.status).toBe(200);
    expect(res.body.moved).toMatchObject({
      interactions: 1,
      interactionParticipants: 1,
      tasks: 1,
      notes: 1,
      mandats: 1,
    });

    const emitted = (await db.select().from(events))
      .slice(seen)
      .map((e) => ({ type: e.type, ...(e.payload as object) }));
    expect(emitted.map((e) => e.type)).toEqual([
      'interaction.updated',
      'interaction.updated',
      'task.updated',
      'deal.updated',
      'contact.deleted',
      'contact.updated',
    ]);
    const byId = (id: string) =>
      emitted.find((e) => Object.values(e).some((v) => (v as { id?: string } | null)?.id === id)) as Record<
        string,
        unknown
      >;
    expect(byId(call.id)).toMatchObject({
      interaction: { id: call.id, personId: kept.id },
      changes: ['personId'],
      previous: { personId: dup.id },
    });
    expect(byId(meeting.id)).toMatchObject({
      interaction: { id: meeting.id, participants: [{ personId: kept.id, role: 'invité' }] },
      changes: ['participants'],
      previous: { participants: [{ personId: dup.id, role: 'invité', present: true }] },
    });
    expect(byId(task.id)).toMatchObject({
      task: { id: task.id, personId: kept.id },
      changes: ['personId'],
      previous: { personId: dup.id },
    });
    expect(byId(deal.id)).toMatchObject({
      mandat: { id: deal.id, primaryContactId: kept.id },
      changes: ['primaryContactId'],
      previous: { primaryContactId: dup.id },
    });

    const audited = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'update'),
          inArray(auditLog.entityId, [call.id, meeting.id, task.id, deal.id, note.id]),
        ),
      );
    expect(audited.map((a) => [a.entityType, a.entityId]).sort()).toEqual(
      [
        ['interaction', call.id],
        ['interaction', meeting.id],
        ['task', task.id],
        ['mandat', deal.id],
        ['note', note.id],
      ].sort(),
    );
    const merge = { kind: 'person', from: dup.id, to: kept.id };
    for (const a of audited) expect(a.metadata).toMatchObject({ merge });
    expect(audited.find((a) => a.entityId === task.id)?.changes).toEqual({
      personId: { before: dup.id, after: kept.id },
    });
    expect(audited.find((a) => a.entityId === note.id)?.changes).toEqual({
      entityId: { before: dup.id, after: kept.id },
    });
    expect((await userA.get(`/api/v1/people/${kept.id}/notes`)).body.items.map((n: { id: string }) => n.id)).toEqual([
      note.id,
    ]);
  });

  it('requires the right to change both records and refuses merging a person into itself', async () => {
    const mine = (await userA.post('/api/v1/people', { firstName: 'Alice', lastName: 'Martin' })).body.id;
    const theirs = (await userA2.post('/api/v1/people', { firstName: 'Alice', lastName: 'Martin', force: true })).body
      .id;
    expect((await userA.post(`/api/v1/people/${mine}/merge`, { duplicateId: theirs })).status).toBe(403);
    expect((await userA2.post(`/api/v1/people/${theirs}/merge`, { duplicateId: mine })).status).toBe(403);
    expect((await userA.post(`/api/v1/people/${mine}/merge`, { duplicateId: mine })).body.code).toBe('person.invalid');
  });
});
