import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMandat, createOrganisation, createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { events } from '../../platform/events/events.schema.ts';

describe('moveMandatToStage and the pipeline', () => {
  let t: TestApp;
  let now = new Date('2026-03-15T10:00:00Z');
  let userA: Client;
  let userB: Client;
  let managerA: Client;
  let ids: { userA: string; userB: string; teamA: string };
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await createTestApp({ deps: { clock: { now: () => now } } });
    const teamA = await createTeam(t.deps);
    const teamB = await createTeam(t.deps);
    const ua = await createUser(t.deps, { role: 'user', teamId: teamA.id });
    const ub = await createUser(t.deps, { role: 'user', teamId: teamB.id });
    const ma = await createUser(t.deps, { role: 'manager', teamId: teamA.id });
    userA = client(t.app, await sessionHeaders(t.deps, ua));
    userB = client(t.app, await sessionHeaders(t.deps, ub));
    managerA = client(t.app, await sessionHeaders(t.deps, ma));
    ids = { userA: ua.id, userB: ub.id, teamA: teamA.id };
    orgA = (await createOrganisation(userA, { name: 'Pipeline Gestion' })).id;
    orgB = (await createOrganisation(userB, { name: 'Autre Équipe SA' })).id;
  });
  afterAll(async () => t?.close());

  const open = async (c: Client, body: Record<string, unknown> = {}) =>
    (await createMandat(c, { organisationId: orgA, ...body })).id;
  const move = (id: string, body: Record<string, unknown>, c = userA) => c.post(`/api/v1/mandats/${id}/stage`, body);
  const eventsOf = async (id: string, type?: string) =>
    (
      await t.deps.database.db
        .select()
        .from(events)
        .where(and(sql`${events.payload} -> 'mandat' ->> 'id' = ${id}`, type ? eq(events.type, type) : undefined))
        .orderBy(events.occurredAt, events.id)
    ).map((e) => e.type);

  it('records each move (from, to, at, by) from the creation on, with the default probability unless given', async () => {
    const id = await open(userA);
    now = new Date('2026-03-15T10:05:00Z');
    const rdv = await move(id, { stage: 'rdv' });
    expect(rdv.status).toBe(200);
    expect(rdv.body).toMatchObject({ stage: 'rdv', probability: 20 });
    expect((await move(id, { stage: 'pitch' })).body.probability).toBe(40);
    expect((await move(id, { stage: 'due_diligence', probability: 55 })).body.probability).toBe(55);
    expect((await move(id, { stage: 'negociation' })).body.probability).toBe(80);
    const history = await userA.get(`/api/v1/mandats/${id}/stage-history`);
    expect(history.status).toBe(200);
    expect(
      history.body.items.map((h: { fromStage: string | null; toStage: string }) => [h.fromStage, h.toStage]),
    ).toEqual([
      [null, 'lead'],
      ['lead', 'rdv'],
      ['rdv', 'pitch'],
      ['pitch', 'due_diligence'],
      ['due_diligence', 'negociation'],
    ]);
    expect(history.body.items[0]).toMatchObject({ changedBy: ids.userA, changedAt: '2026-03-15T10:00:00.000Z' });
    expect(history.body.items[1].changedAt).toBe('2026-03-15T10:05:00.000Z');
    expect(await eventsOf(id, 'deal.stage_changed')).toHaveLength(4);
    const [first] = await t.deps.database.db
      .select()
      .from(events)
      .where(and(eq(events.type, 'deal.stage_changed'), sql`${events.payload} -> 'mandat' ->> 'id' = ${id}`))
      .orderBy(events.occurredAt, events.id)
      .limit(1);
    expect(first?.payload).toMatchObject({ from: 'lead', to: 'rdv', mandat: { id, stage: 'rdv' } });
    now = new Date('2026-03-15T10:00:00Z');
  });

  it('requires a lost reason for perdu; gagne and perdu set closedAt, reopening clears it', async () => {
    const id = await open(userA, { stage: 'negociation' });
    const noReason = await move(id, { stage: 'perdu' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('mandat.lost_reason_required');
    expect((await userA.patch(`/api/v1/mandats/${id}`, { stage: 'perdu' })).body.code).toBe(
      'mandat.lost_reason_required',
    );
    expect(
      (await userA.post('/api/v1/mandats', { kind: 'placement', title: 'x', organisationId: orgA, stage: 'perdu' }))
        .body.code,
    ).toBe('mandat.lost_reason_required');
    const lost = await move(id, { stage: 'perdu', lostReasonCode: 'concurrent' });
    expect(lost.body).toMatchObject({ stage: 'perdu', probability: 0, lostReasonCode: 'concurrent', lostReason: null });
    expect(lost.body.closedAt).toBe('2026-03-15T10:00:00.000Z');
    const reopened = await move(id, { stage: 'negociation' });
    expect(reopened.body).toMatchObject({ closedAt: null, lostReasonCode: null, lostReason: null, probability: 80 });
    now = new Date('2026-03-15T10:07:00Z');
    const won = await move(id, { stage: 'gagne' });
    expect(won.body).toMatchObject({ stage: 'gagne', probability: 100, closedAt: '2026-03-15T10:07:00.000Z' });
    now = new Date('2026-03-15T10:00:00Z');
    expect(await eventsOf(id)).toEqual([
      'deal.created',
      'deal.stage_changed',
      'deal.lost',
      'deal.stage_changed',
      'deal.stage_changed',
      'deal.won',
    ]);
  });

  it('takes a lost reason code, its text as a detail (required for autre), a text alone as autre', async () => {
    const payloadOf = async (id: string) => {
      const [e] = await t.deps.database.db
        .select()
        .from(events)
        .where(and(eq(events.type, 'deal.lost'), sql`${events.payload} -> 'mandat' ->> 'id' = ${id}`))
        .orderBy(sql`${events.occurredAt} desc`, sql`${events.id} desc`)
        .limit(1);
      return e?.payload as { lostReasonCode: string; lostReason: string; mandat: Record<string, unknown> };
    };
    // A code with a detail; the event carries both.
    const priced = await open(userA, { stage: 'negociation' });
    const withDetail = await move(priced, { stage: 'perdu', lostReasonCode: 'prix', lostReason: '  Frais d’entrée  ' });
    expect(withDetail.body).toMatchObject({ lostReasonCode: 'prix', lostReason: 'Frais d’entrée' });
    expect(await payloadOf(priced)).toMatchObject({
      lostReasonCode: 'prix',
      lostReason: 'Frais d’entrée',
      mandat: { lostReasonCode: 'prix', lostReason: 'Frais d’entrée' },
    });
    // A code alone: the event's `lostReason` is the code's French name, never empty; the mandate's stays null.
    const silent = await open(userA, { stage: 'rdv' });
    expect((await move(silent, { stage: 'perdu', lostReasonCode: 'pas_de_reponse' })).status).toBe(200);
    expect(await payloadOf(silent)).toMatchObject({
      lostReasonCode: 'pas_de_reponse',
      lostReason: 'Sans réponse',
      mandat: { lostReason: null },
    });
    // `autre` needs its text, wherever the move comes from.
    const other = await open(userA);
    for (const res of [
      await move(other, { stage: 'perdu', lostReasonCode: 'autre' }),
      await userA.patch(`/api/v1/mandats/${other}`, { stage: 'perdu', lostReasonCode: 'autre' }),
      await userA.post('/api/v1/mandats', {
        kind: 'placement',
        title: 'x',
        organisationId: orgA,
        stage: 'perdu',
        lostReasonCode: 'autre',
      }),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('mandat.lost_reason_detail_required');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.lostReason' })]);
    }
    expect((await move(other, { stage: 'perdu', lostReasonCode: 'trop_cher' })).body.code).toBe('request.validation');
    // The API before the codes (old clients, Zapier, Make): a text alone is `autre` with that text.
    const legacy = await move(other, { stage: 'perdu', lostReason: 'Projet abandonné' });
    expect(legacy.body).toMatchObject({ lostReasonCode: 'autre', lostReason: 'Projet abandonné' });
    const created = await createMandat(userA, {
      organisationId: orgA,
      stage: 'perdu',
      lostReason: 'Fonds fermé',
    });
    expect(created).toMatchObject({ lostReasonCode: 'autre', lostReason: 'Fonds fermé' });
    expect(await payloadOf(created.id)).toMatchObject({ lostReasonCode: 'autre', lostReason: 'Fonds fermé' });
    // At another stage a lost reason is not kept.
    const open_ = await createMandat(userA, { organisationId: orgA, lostReasonCode: 'prix', lostReason: 'x' });
    expect(open_).toMatchObject({ stage: 'lead', lostReasonCode: null, lostReason: null });
    expect((await userA.patch(`/api/v1/mandats/${open_.id}`, { lostReasonCode: 'budget' })).body).toMatchObject({
      lostReasonCode: null,
    });
  });

  it('edits the lost reason of a lost mandate: the code kept when only the text changes, never emptied', async () => {
    const id = await open(userA, { stage: 'pitch' });
    await move(id, { stage: 'perdu', lostReasonCode: 'performance', lostReason: 'Sous l’indice sur 3 ans' });
    const patch = (body: Record<string, unknown>) => userA.patch(`/api/v1/mandats/${id}`, body);
    expect((await patch({ lostReason: null })).body).toMatchObject({
      lostReasonCode: 'performance',
      lostReason: null,
    });
    expect((await patch({ lostReason: 'Volatilité' })).body).toMatchObject({
      lostReasonCode: 'performance',
      lostReason: 'Volatilité',
    });
    expect((await patch({ lostReasonCode: 'timing' })).body).toMatchObject({
      lostReasonCode: 'timing',
      lostReason: 'Volatilité',
    });
    expect((await patch({ lostReasonCode: null })).body.code).toBe('mandat.lost_reason_required');
    expect((await patch({ lostReasonCode: 'autre', lostReason: null })).body.code).toBe(
      'mandat.lost_reason_detail_required',
    );
    const autre = await patch({ lostReasonCode: 'autre' });
    expect(autre.body).toMatchObject({ lostReasonCode: 'autre', lostReason: 'Volatilité' });
    expect((await patch({ lostReason: null })).body.code).toBe('mandat.lost_reason_detail_required');
    const [updated] = await t.deps.database.db
      .select()
      .from(events)
      .where(and(eq(events.type, 'deal.updated'), sql`${events.payload} -> 'mandat' ->> 'id' = ${id}`))
      .orderBy(sql`${events.occurredAt} desc`, sql`${events.id} desc`)
      .limit(1);
    expect(updated?.payload).toMatchObject({ changes: ['lostReasonCode'], previous: { lostReasonCode: 'timing' } });
    // Leaving perdu clears both.
    expect((await move(id, { stage: 'pitch' })).body).toMatchObject({ lostReasonCode: null, lostReason: null });
  });

  it('lists, filters and sorts by lost reason', async () => {
    const owned = async (title: string, code: string, lostReason?: string) => {
      const id = await open(userA, { title });
      expect((await move(id, { stage: 'perdu', lostReasonCode: code, lostReason }, managerA)).status).toBe(200);
      return id;
    };
    await owned('LR budget', 'budget', 'Enveloppe 2026 consommée');
    await owned('LR conformité', 'conformite');
    const list = await userA.get('/api/v1/mandats?q=LR&lostReasonCode=budget,conformite&sort=lostReasonCode');
    expect(list.status).toBe(200);
    // The codes' declared order: budget before conformite.
    expect(list.body.items.map((m: { title: string }) => m.title)).toEqual(['LR budget', 'LR conformité']);
    expect((await userA.get('/api/v1/mandats?q=LR&lostReasonCode=prix')).body.items).toEqual([]);
    expect((await userA.get('/api/v1/mandats?lostReasonCode=bof')).body.code).toBe('request.validation');
  });

  it('emits deal.won exactly once per win: repeated, patched and concurrent moves to gagne', async () => {
    const id = await open(userA);
    expect((await move(id, { stage: 'gagne' })).status).toBe(200);
    expect((await move(id, { stage: 'gagne' })).status).toBe(200);
    expect((await userA.patch(`/api/v1/mandats/${id}`, { stage: 'gagne' })).status).toBe(200);
    expect(await eventsOf(id, 'deal.won')).toHaveLength(1);
    expect(await eventsOf(id, 'deal.stage_changed')).toHaveLength(1);
    expect((await userA.get(`/api/v1/mandats/${id}/stage-history`)).body.items).toHaveLength(2);

    const createdWon = await open(userA, { stage: 'gagne' });
    expect(await eventsOf(createdWon)).toEqual(['deal.created', 'deal.won']);
    expect((await move(createdWon, { stage: 'gagne' })).status).toBe(200);
    expect(await eventsOf(createdWon, 'deal.won')).toHaveLength(1);

    const racing = await open(userA, { stage: 'negociation' });
    const answers = await Promise.all([
      move(racing, { stage: 'gagne' }),
      move(racing, { stage: 'gagne' }),
      userA.patch(`/api/v1/mandats/${racing}`, { stage: 'gagne' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await eventsOf(racing, 'deal.won')).toHaveLength(1);
  });

  it('a PATCH with a stage is the same move: history, probability, events, besides deal.updated for fields', async () => {
    const id = await open(userA);
    const res = await userA.patch(`/api/v1/mandats/${id}`, { stage: 'pitch', amount: 1000000 });
    expect(res.body).toMatchObject({ stage: 'pitch', probability: 40, amount: '1000000.00' });
    expect(await eventsOf(id)).toEqual(['deal.created', 'deal.updated', 'deal.stage_changed']);
    const explicit = await userA.patch(`/api/v1/mandats/${id}`, { stage: 'rdv', probability: 33 });
    expect(explicit.body).toMatchObject({ stage: 'rdv', probability: 33 });
    const noop = await move(id, { stage: 'rdv' });
    expect(noop.body.probability).toBe(33);
    expect(await eventsOf(id)).toEqual(['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.stage_changed']);
  });

  it('sums count and amount per stage in pipeline order, within the caller scope and filters', async () => {
    await open(managerA, { title: 'P1', stage: 'pitch', amount: 100000 });
    await open(managerA, { title: 'P2', stage: 'pitch', amount: '250000.50' });
    await open(managerA, { title: 'P3', stage: 'pitch' });
    await open(managerA, { title: 'P4', kind: 'placement', stage: 'rdv', amount: 5000 });
    await createMandat(userB, { title: 'Chez B', organisationId: orgB, stage: 'pitch', amount: 999999 });
    const mine = await managerA.get(
      `/api/v1/mandats/pipeline?ownerId=${(await managerA.get('/api/v1/mandats?q=P1')).body.items[0].ownerId}`,
    );
    expect(mine.status).toBe(200);
    expect(mine.body.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'lead',
      'rdv',
      'pitch',
      'due_diligence',
      'negociation',
      'gagne',
      'perdu',
    ]);
    const pitch = mine.body.stages.find((s: { stage: string }) => s.stage === 'pitch');
    expect(pitch).toEqual({ stage: 'pitch', count: 3, totalAmount: '350000.50' });
    const placements = await managerA.get('/api/v1/mandats/pipeline?kind=placement');
    expect(placements.body.stages.find((s: { stage: string }) => s.stage === 'rdv')).toEqual({
      stage: 'rdv',
      count: 1,
      totalAmount: '5000.00',
    });
    expect(placements.body.stages.find((s: { stage: string }) => s.stage === 'lead').count).toBe(0);

    const b = await userB.get('/api/v1/mandats/pipeline');
    expect(b.body.stages.find((s: { stage: string }) => s.stage === 'pitch')).toEqual({
      stage: 'pitch',
      count: 1,
      totalAmount: '999999.00',
    });
    expect(b.body.stages.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(1);
    const teamA = await userA.get(`/api/v1/mandats/pipeline?teamId=${ids.teamA}`);
    expect(teamA.body.stages.find((s: { stage: string }) => s.stage === 'pitch').totalAmount).toBe('350000.50');
  });
});
