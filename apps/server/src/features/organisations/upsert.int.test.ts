import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createPerson, twoTeams } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { events } from '../../platform/events/events.schema.ts';

describe('organisations upsert and batch create', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof twoTeams>>;

  beforeAll(async () => {
    t = await createTestApp();
    s = await twoTeams(t);
  });
  afterAll(async () => t?.close());

  const eventsFor = async (id: string) =>
    (await t.deps.database.db.select().from(events))
      .filter((e) => (e.payload as { organisation?: { id: string } }).organisation?.id === id)
      .map((e) => e.type);

  it('matches the exact normalised name only: legal form, accents and case ignored, close names not', async () => {
    const first = await s.userA.c.put('/api/v1/organisations/upsert', { name: 'Société Générale S.A.', city: 'Paris' });
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    const id = first.body.organisation.id as string;

    const same = await s.userA.c.put('/api/v1/organisations/upsert', { name: 'societe generale', tier: 1 });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({
      created: false,
      organisation: { id, name: 'Société Générale S.A.', tier: 1, city: 'Paris' },
    });
    expect(await eventsFor(id)).toEqual(['organisation.created', 'organisation.updated']);

    // Close but not equal: no match; the creation's duplicate prompt answers, unless `force`.
    const close = await s.userA.c.put('/api/v1/organisations/upsert', { name: 'Société Généralle' });
    expect(close.status).toBe(409);
    expect(close.body.code).toBe('organisation.duplicate');
    const forced = await s.userA.c.put('/api/v1/organisations/upsert', { name: 'Société Généralle', force: true });
    expect(forced.status).toBe(201);
    expect(forced.body.organisation.id).not.toBe(id);
  });

  it('409 organisation.upsert_ambiguous with the ids when two live ones share the key', async () => {
    const a = await createOrganisation(s.userA.c, { name: 'Twin Capital' });
    const b = await createOrganisation(s.userA.c, { name: 'TWIN CAPITAL SAS' });
    const r = await s.userA.c.put('/api/v1/organisations/upsert', { name: 'Twin Capital' });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('organisation.upsert_ambiguous');
    expect([...r.body.ids].sort()).toEqual([a.id, b.id].sort());
  });

  it('scope and rights: team B never matches team A’s record; a user may not change a teammate’s', async () => {
    const a = await createOrganisation(s.userA.c, { name: 'Maison Privée' });
    const b = await s.userB.c.put('/api/v1/organisations/upsert', { name: 'Maison Privee', tier: 3 });
    expect(b.status).toBe(201);
    expect(b.body.organisation.id).not.toBe(a.id);
    const mate = await s.userA2.c.put('/api/v1/organisations/upsert', { name: 'Maison Privée', tier: 2 });
    expect(mate.status).toBe(403);
    expect(mate.body.code).toBe('auth.forbidden');
    expect((await s.userA.c.get(`/api/v1/organisations/${a.id}`)).body.tier).toBeNull();
  });

  it('batch, with and without upsert, per-item failures', async () => {
    const existing = await createOrganisation(s.userA.c, { name: 'Batch Existante' });
    const plain = await s.userA.c.post('/api/v1/organisations/batch', {
      items: [{ name: 'Batch Nouvelle', force: true }, { name: '' }, { name: 'Batch Existante', force: true }],
    });
    expect(plain.body).toMatchObject({ created: 2, updated: 0, failed: 1 });
    expect(plain.body.results[1]).toMatchObject({ status: 'failed', code: 'request.validation' });
    expect(plain.body.results[1].errors[0].path).toBe('body.items.1.name');

    const up = await s.userA.c.post('/api/v1/organisations/batch?upsert=true', {
      items: [
        { name: 'batch nouvelle', tier: 2 },
        { name: 'Batch Tout Neuve', force: true },
      ],
    });
    expect(up.body).toMatchObject({ created: 1, updated: 1, failed: 0 });
    expect(up.body.results[0]).toMatchObject({ status: 'updated', id: plain.body.results[0].id });
    // Two live "Batch Existante" now: ambiguous for that row only.
    const amb = await s.userA.c.post('/api/v1/organisations/batch?upsert=true', {
      items: [{ name: 'Batch Existante' }],
    });
    expect(amb.body.results[0]).toMatchObject({ status: 'failed', code: 'organisation.upsert_ambiguous' });
    expect(existing.id).toBeTruthy();
  });

  it('batch create of mandats, tasks and interactions through the same helper', async () => {
    const mine = await createOrganisation(s.userA.c);
    const theirs = await createOrganisation(s.userB.c);
    const person = await createPerson(s.userA.c);
    const mandats = await s.userA.c.post('/api/v1/mandats/batch', {
      items: [
        { kind: 'placement', title: 'Lot mandat', organisationId: mine.id },
        { kind: 'placement', title: 'Chez B', organisationId: theirs.id },
      ],
    });
    expect(mandats.body).toMatchObject({ created: 1, failed: 1 });
    expect(mandats.body.results[1].code).toMatch(/not_found$/);
    const tasks = await s.userA.c.post('/api/v1/tasks/batch', {
      items: [{ title: 'Lot tâche', personId: person.id }, { title: '' }],
    });
    expect(tasks.body).toMatchObject({ created: 1, failed: 1 });
    const occurredAt = new Date().toISOString();
    const item = {
      type: 'appel',
      title: 'Sync',
      occurredAt,
      personId: person.id,
      externalSource: 'crm-x',
      externalId: 'e-1',
    };
    const interactions = await s.userA.c.post('/api/v1/interactions/batch', { items: [item, item] });
    expect(interactions.body).toMatchObject({ created: 1, updated: 1, failed: 0 });
    expect(interactions.body.results[1].id).toBe(interactions.body.results[0].id);
    // No upsert on these: the parameter is unknown.
    expect((await s.userA.c.post('/api/v1/tasks/batch?upsert=true', { items: [{ title: 'x' }] })).body.code).toBe(
      'request.unknown_parameter',
    );
  });
});
