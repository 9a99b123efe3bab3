import { SALES_ANALYTICS_ENDPOINTS } from '@crm/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInteraction,
  createMandat,
  createOrganisation,
  createProduit,
  createTeam,
  createUser,
  sessionHeaders,
} from '../../../../test/factories.ts';
import { type Client, client } from '../../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../../test/test-app.ts';

/**
 * The sales analytics on a fixed dataset (times set by the test's clock), every figure computed by hand in the
 * comments. Period: 2026-01-01 .. 2026-03-31 (90 days; the previous period is 2025-10-03 .. 2025-12-31, the year
 * before 2025-01-01 .. 2025-03-31). Team A: users a1, a2; team B: user b.
 *
 * | mandate | owner | created    | amount (rate)    | moves                                                              |
 * | m1      | a1    | 2026-01-05 | 100,000 (1.5 %) | rdv 01-10, pitch 01-20, due_diligence 02-01, negociation 02-10, gagne 02-20 (salon) |
 * | m2      | a1    | 2026-01-15 | 50,000 (2 %)    | rdv 01-25, perdu 02-05 (linkedin)                                  |
 * | m3      | a1    | 2026-02-01 | 250,000 (1 %)   | created in pitch, gagne 03-15 (salon)                              |
 * | m4      | a2    | 2026-03-01 | 80,000          | negociation 03-10 (80 %), expected 2026-04-15, open                |
 * | m5      | b     | 2026-01-10 | 300,000 (1 %)   | gagne 01-31 (no source)                                            |
 * | m6      | a1    | 2024-12-01 | 40,000          | gagne 2025-02-10 (the year before)                                 |
 * | m7      | a1    | 2025-10-05 | 60,000          | gagne 2025-11-20 (the previous period)                             |
 * | m8      | a1    | 2025-12-15 | 999 USD         | gagne 2026-03-05 (another currency)                                |
 * | m9      | b     | 2025-12-01 | 10,000          | lead, no expected date, open                                       |
 * | m10     | a2    | 2025-12-01 | 20,000          | created in pitch (40 %), expected 2025-12-20, open                 |
 * | m11     | a2    | 2025-12-10 | 70,000          | rdv 01-06, pitch 01-21, perdu 02-10 (prix), negociation 02-12, perdu 02-15 (prix, no text) (salon) |
 * | m12     | b     | 2025-12-10 | 30,000          | perdu 01-20 from lead (concurrent, with a text) (recommandation)   |
 * | m13     | a1    | 2025-12-15 | 5,000 USD       | perdu 03-01 from lead (prix; another currency)                     |
 * | m14     | a2    | 2025-12-10 | 40,000 placement | rdv 01-11, perdu 02-02 with a text alone (so `autre`)             |
 * | m15     | b     | 2025-12-10 | 20,000          | perdu 2025-12-20 (prix; before the period)                         |
 *
 * m2 is lost for `prix` with a text. m11 to m15 were created before the period, so they are in no cohort (funnel,
 * deal status, opened). Every move at 10:00 UTC, so stays are whole days.
 */
describe('sales analytics', () => {
  let t: TestApp;
  let now = new Date('2026-01-01T10:00:00Z');
  let admin: Client;
  let a1: Client;
  let a2: Client;
  let b: Client;
  const ids: Record<string, string> = {};

  const at = (day: string) => {
    now = new Date(`${day}T10:00:00Z`);
  };
  // Sessions live by the clock: each step of the dataset signs in at its own date.
  const users: Record<'admin' | 'a1' | 'a2' | 'b', { id: string }> = {} as never;
  const as = async (who: keyof typeof users) => client(t.app, await sessionHeaders(t.deps, users[who]));
  const move = async (
    who: keyof typeof users,
    id: string,
    day: string,
    stage: string,
    extra: Record<string, unknown> = {},
  ) => {
    at(day);
    const res = await (await as(who)).post(`/api/v1/mandats/${id}/stage`, { stage, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const open = async (who: keyof typeof users, day: string, body: Record<string, unknown>) => {
    at(day);
    return (await createMandat(await as(who), body)).id;
  };

  beforeAll(async () => {
    t = await createTestApp({ deps: { clock: { now: () => now } } });
    const teamA = await createTeam(t.deps);
    const teamB = await createTeam(t.deps);
    Object.assign(users, {
      admin: await createUser(t.deps, { role: 'admin' }),
      a1: await createUser(t.deps, { role: 'user', teamId: teamA.id, name: 'Alice Martin' }),
      a2: await createUser(t.deps, { role: 'user', teamId: teamA.id, name: 'Arnaud Petit' }),
      b: await createUser(t.deps, { role: 'user', teamId: teamB.id, name: 'Bruno Durand' }),
    });
    Object.assign(ids, { teamA: teamA.id, teamB: teamB.id, a1: users.a1.id, a2: users.a2.id, b: users.b.id });
    at('2024-11-30');
    const org = async (who: keyof typeof users, body: Record<string, unknown>) =>
      (await createOrganisation(await as(who), body)).id;
    const orgA = await org('a1', { name: 'Alpha Gestion', type: 'client', postalCode: '75008' });
    const orgA2 = await org('a2', { name: 'Azur Patrimoine', type: 'investisseur', postalCode: '69002' });
    const orgB = await org('b', { name: 'Beta Capital', type: 'distributeur', postalCode: '13 008' });
    // Organisations without mandates: one in Brussels, one in France without a postal code.
    await org('admin', { name: 'Bruxelles Fonds', type: 'fournisseur', countryCode: 'BE', postalCode: '1000' });
    await org('admin', { name: 'Sans Adresse', type: 'fournisseur' });
    ids.orgB = orgB;

    const m6 = await open('a1', '2024-12-01', { organisationId: orgA, amount: 40000 });
    await move('a1', m6, '2025-02-10', 'gagne');
    const m7 = await open('a1', '2025-10-05', { organisationId: orgA, amount: 60000 });
    await move('a1', m7, '2025-11-20', 'gagne');
    ids.m9 = await open('b', '2025-12-01', { organisationId: orgB, amount: 10000 });
    ids.m10 = await open('a2', '2025-12-01', {
      organisationId: orgA2,
      amount: 20000,
      stage: 'pitch',
      expectedCloseDate: '2025-12-20',
    });
    const m11 = await open('a2', '2025-12-10', { organisationId: orgA2, amount: 70000, source: 'salon' });
    const m12 = await open('b', '2025-12-10', { organisationId: orgB, amount: 30000, source: 'recommandation' });
    const m14 = await open('a2', '2025-12-10', { organisationId: orgA2, amount: 40000, kind: 'placement' });
    const m15 = await open('b', '2025-12-10', { organisationId: orgB, amount: 20000 });
    const m8 = await open('a1', '2025-12-15', { organisationId: orgA, amount: 999, currency: 'USD' });
    const m13 = await open('a1', '2025-12-15', { organisationId: orgA, amount: 5000, currency: 'USD' });
    await move('b', m15, '2025-12-20', 'perdu', { lostReasonCode: 'prix' });
    await move('a2', m11, '2026-01-06', 'rdv');
    await move('a2', m14, '2026-01-11', 'rdv');
    await move('b', m12, '2026-01-20', 'perdu', {
      lostReasonCode: 'concurrent',
      lostReason: 'Choix d’un distributeur concurrent',
    });
    await move('a2', m11, '2026-01-21', 'pitch');

    const m1 = await open('a1', '2026-01-05', {
      organisationId: orgA,
      amount: 100000,
      commissionRate: 1.5,
      source: 'salon',
    });
    await move('a1', m1, '2026-01-10', 'rdv');
    const m5 = await open('b', '2026-01-10', { organisationId: orgB, amount: 300000, commissionRate: 1 });
    const m2 = await open('a1', '2026-01-15', {
      organisationId: orgA,
      amount: 50000,
      commissionRate: 2,
      source: 'linkedin',
    });
    await move('a1', m1, '2026-01-20', 'pitch');
    await move('a1', m2, '2026-01-25', 'rdv');
    await move('b', m5, '2026-01-31', 'gagne');
    const m3 = await open('a1', '2026-02-01', {
      organisationId: orgA,
      amount: 250000,
      commissionRate: 1,
      source: 'salon',
      stage: 'pitch',
    });
    await move('a1', m1, '2026-02-01', 'due_diligence');
    await move('a2', m14, '2026-02-02', 'perdu', { lostReason: 'Projet abandonné par le client' });
    await move('a1', m2, '2026-02-05', 'perdu', { lostReasonCode: 'prix', lostReason: 'Frais trop élevés' });
    await move('a1', m1, '2026-02-10', 'negociation');
    await move('a2', m11, '2026-02-10', 'perdu', { lostReasonCode: 'prix', lostReason: 'Frais d’entrée' });
    await move('a2', m11, '2026-02-12', 'negociation');
    await move('a2', m11, '2026-02-15', 'perdu', { lostReasonCode: 'prix' });
    await move('a1', m1, '2026-02-20', 'gagne');
    const m4 = await open('a2', '2026-03-01', {
      organisationId: orgA2,
      amount: 80000,
      expectedCloseDate: '2026-04-15',
    });
    await move('a1', m13, '2026-03-01', 'perdu', { lostReasonCode: 'prix' });
    await move('a1', m8, '2026-03-05', 'gagne');
    await move('a2', m4, '2026-03-10', 'negociation');
    await move('a1', m3, '2026-03-15', 'gagne');
    Object.assign(ids, { m1, m2, m3, m4, m5 });

    // Interactions: b a pitch on 01-12; a1 a meeting and a call on 02-03; a2 a video call on 03-02.
    at('2026-03-20');
    admin = await as('admin');
    a1 = await as('a1');
    a2 = await as('a2');
    b = await as('b');
    // Funds: m1 holds two (its 100,000 split 50,000 each), m3 one.
    const fund = async (name: string, assetClass: string, category: string) =>
      (await createProduit(admin, { name, assetClass, category })).id;
    const f1 = await fund('Europe Actions', 'Actions', 'Actions Europe');
    const f2 = await fund('Crédit Court Terme', 'Obligations', 'Crédit IG');
    for (const [m, f] of [
      [m1, f1],
      [m1, f2],
      [m3, f1],
    ] as const) {
      expect((await a1.post(`/api/v1/mandats/${m}/produits`, { produitId: f })).status).toBe(201);
    }
    await createInteraction(b, { type: 'pitch', organisationId: orgB, occurredAt: '2026-01-12T09:00:00Z' });
    await createInteraction(a1, { type: 'reunion', organisationId: orgA, occurredAt: '2026-02-03T09:00:00Z' });
    await createInteraction(a1, { type: 'appel', organisationId: orgA, occurredAt: '2026-02-03T15:00:00Z' });
    await createInteraction(a2, { type: 'visio', organisationId: orgA2, occurredAt: '2026-03-02T09:00:00Z' });
  });
  afterAll(async () => t?.close());

  const Q = 'from=2026-01-01&to=2026-03-31&granularity=month';

  it('computes won amounts and commissions per month, against the previous period and the year before', async () => {
    const res = await admin.get(`/api/v1/analytics/revenue?${Q}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.query).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      granularity: 'month',
      teamId: null,
      ownerIds: [],
      kind: null,
      currency: 'EUR',
    });
    // Jan m5 300,000 (3,000); Feb m1 100,000 (1,500); Mar m3 250,000 (2,500). Before: Oct, Nov (m7 60,000), Dec;
    // a year before: Jan, Feb (m6 40,000), Mar. m8 is in USD: counted apart.
    expect(res.body.series).toEqual([
      {
        bucket: '2026-01-01',
        won: 1,
        amount: 300000,
        commission: 3000,
        previousAmount: 0,
        yearAgoAmount: 0,
        target: null,
      },
      {
        bucket: '2026-02-01',
        won: 1,
        amount: 100000,
        commission: 1500,
        previousAmount: 60000,
        yearAgoAmount: 40000,
        target: null,
      },
      {
        bucket: '2026-03-01',
        won: 1,
        amount: 250000,
        commission: 2500,
        previousAmount: 0,
        yearAgoAmount: 0,
        target: null,
      },
    ]);
    expect(res.body.totals).toEqual({ won: 3, amount: 650000, commission: 7000 });
    expect(res.body.previous).toMatchObject({
      period: { from: '2025-10-03', to: '2025-12-31' },
      totals: { won: 1, amount: 60000, commission: 0 },
    });
    expect(res.body.yearAgo).toMatchObject({
      period: { from: '2025-01-01', to: '2025-03-31' },
      totals: { won: 1, amount: 40000 },
    });
    expect(res.body.otherCurrencies).toBe(1);
    expect(res.body.target).toEqual({ level: 'firm', total: null });
  });

  it('scopes every figure: the same URL gives each team its own numbers, and the cache never mixes them', async () => {
    const url = `/api/v1/analytics/revenue?${Q}`;
    const first = await a1.get(url);
    // Team A: m1 (Feb) and m3 (Mar); m5 is team B's.
    expect(first.body.totals).toEqual({ won: 2, amount: 350000, commission: 4000 });
    const theirs = await b.get(url);
    expect(theirs.body.totals).toEqual({ won: 1, amount: 300000, commission: 3000 });
    expect(theirs.body.otherCurrencies).toBe(0);
    const again = await a1.get(url);
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.body.totals.amount).toBe(350000);
    const bAgain = await b.get(url);
    expect(bAgain.headers['x-cache']).toBe('hit');
    expect(bAgain.body.totals.amount).toBe(300000);
    // A colleague of a1 shares the team's view.
    expect((await a2.get(url)).body.totals.amount).toBe(350000);
    // Filters narrow within the scope: a team B filter shows a1 nothing.
    expect((await a1.get(`${url}&teamId=${ids.teamB}`)).body.totals.amount).toBe(0);
    expect((await admin.get(`${url}&ownerIds=${ids.b}`)).body.totals.amount).toBe(300000);
    expect((await admin.get(`${url}&kind=placement`)).body.totals.amount).toBe(0);
  });

  it('evicts the answers of those who see a new won mandate, and only theirs', async () => {
    const url = '/api/v1/analytics/revenue?from=2026-03-01&to=2026-03-31&granularity=month';
    expect((await b.get(url)).body.totals.amount).toBe(0);
    expect((await a1.get(url)).body.totals.amount).toBe(250000);
    const id = await open('b', '2026-03-20', { organisationId: ids.orgB, amount: 5000 });
    await move('b', id, '2026-03-20', 'gagne');
    const fresh = await b.get(url);
    expect(fresh.headers['x-cache']).toBe('miss');
    expect(fresh.body.totals.amount).toBe(5000);
    const untouched = await a1.get(url);
    expect(untouched.headers['x-cache']).toBe('hit');
    expect(untouched.body.totals.amount).toBe(250000);
    // Back as it was for the other tests: the mandate goes to the bin.
    expect((await b.delete(`/api/v1/mandats/${id}`)).status).toBe(204);
  });

  it('computes the stage funnel from the stage history: reached, conversion, lost, time in each stage', async () => {
    const res = await admin.get(`/api/v1/analytics/funnel?${Q}`);
    expect(res.status).toBe(200);
    // Cohort: m1..m5 (created in the period). Furthest stage: m1 gagne, m2 rdv, m3 gagne (from pitch), m4
    // negociation, m5 gagne. Stays: lead m1 5, m2 10, m4 9, m5 21 days (median 9.5, P80 10 + 0.4 × 11 = 14.4);
    // rdv m1 10, m2 11 (10.5, 10.8); pitch m1 12, m3 42 (27, 36); due_diligence m1 9; negociation m1 10 (m4 still in).
    expect(res.body.cohort).toBe(5);
    expect(res.body.steps).toEqual([
      {
        stage: 'lead',
        reached: 5,
        conversionFromPrevious: null,
        conversionFromFirst: null,
        lostFrom: 0,
        medianDays: 9.5,
        p80Days: 14.4,
        timed: 4,
      },
      {
        stage: 'rdv',
        reached: 5,
        conversionFromPrevious: 100,
        conversionFromFirst: 100,
        lostFrom: 1,
        medianDays: 10.5,
        p80Days: 10.8,
        timed: 2,
      },
      {
        stage: 'pitch',
        reached: 4,
        conversionFromPrevious: 80,
        conversionFromFirst: 80,
        lostFrom: 0,
        medianDays: 27,
        p80Days: 36,
        timed: 2,
      },
      {
        stage: 'due_diligence',
        reached: 4,
        conversionFromPrevious: 100,
        conversionFromFirst: 80,
        lostFrom: 0,
        medianDays: 9,
        p80Days: 9,
        timed: 1,
      },
      {
        stage: 'negociation',
        reached: 4,
        conversionFromPrevious: 100,
        conversionFromFirst: 80,
        lostFrom: 0,
        medianDays: 10,
        p80Days: 10,
        timed: 1,
      },
      {
        stage: 'gagne',
        reached: 3,
        conversionFromPrevious: 75,
        conversionFromFirst: 60,
        lostFrom: 0,
        medianDays: null,
        p80Days: null,
        timed: 0,
      },
    ]);
    // Team B's user: m5 alone.
    const theirs = await b.get(`/api/v1/analytics/funnel?${Q}`);
    expect(theirs.body.steps.map((s: { reached: number }) => s.reached)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('forecasts the open pipeline by month of expected closing, weighted by probability', async () => {
    at('2026-03-20');
    const res = await admin.get('/api/v1/analytics/forecast?from=2026-04-01&to=2026-06-30');
    expect(res.status).toBe(200);
    // m4 80,000 × 80 % in April; m10 20,000 × 40 % overdue; m9 10,000 × 10 % undated.
    expect(res.body.months).toEqual([
      { bucket: '2026-04-01', count: 1, amount: 80000, weighted: 64000, won: 0, target: null },
      { bucket: '2026-05-01', count: 0, amount: 0, weighted: 0, won: 0, target: null },
      { bucket: '2026-06-01', count: 0, amount: 0, weighted: 0, won: 0, target: null },
    ]);
    expect(res.body.overdue).toEqual({ count: 1, amount: 20000, weighted: 8000 });
    expect(res.body.undated).toEqual({ count: 1, amount: 10000, weighted: 1000 });
    expect(res.body.later).toEqual({ count: 0, amount: 0, weighted: 0 });
    expect(res.body.totals).toEqual({ count: 3, amount: 110000, weighted: 73000 });
    // 2026-03-13 10:00 .. 03-20 10:00: m3 won on the 15th; nothing created or lost.
    expect(res.body.lastWeek).toEqual({
      created: { count: 0, amount: 0 },
      won: { count: 1, amount: 250000 },
      lost: { count: 0, amount: 0 },
    });
  });

  it('gives each user their interactions, mandates, win rate, average deal and cycle', async () => {
    const res = await admin.get(`/api/v1/analytics/performance?${Q}`);
    expect(res.status).toBe(200);
    // a1: opened m1 m2 m3, won m1 m3 (m8 is USD), lost m2 (m13 is USD); cycles 46 and 42 days. b: won m5 in 21
    // days, lost m12 (1 / 2 = 50 %). a2: m4 open, lost m11 and m14 (0 / 2 = 0 %).
    expect(res.body.users).toEqual([
      {
        userId: ids.a1,
        name: 'Alice Martin',
        interactions: 2,
        opened: 3,
        won: 2,
        lost: 1,
        winRate: 66.67,
        wonAmount: 350000,
        averageDeal: 175000,
        cycleDays: 44,
      },
      {
        userId: ids.b,
        name: 'Bruno Durand',
        interactions: 1,
        opened: 1,
        won: 1,
        lost: 1,
        winRate: 50,
        wonAmount: 300000,
        averageDeal: 300000,
        cycleDays: 21,
      },
      {
        userId: ids.a2,
        name: 'Arnaud Petit',
        interactions: 1,
        opened: 1,
        won: 0,
        lost: 2,
        winRate: 0,
        wonAmount: 0,
        averageDeal: null,
        cycleDays: null,
      },
    ]);
    const team = await a2.get(`/api/v1/analytics/performance?${Q}`);
    expect(team.body.users.map((u: { userId: string }) => u.userId)).toEqual([ids.a1, ids.a2]);
  });

  it('counts interactions per day and type, and activity per month', async () => {
    const res = await admin.get(`/api/v1/analytics/activity?${Q}`);
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(90);
    const busy = res.body.days.filter((d: { total: number }) => d.total > 0);
    expect(busy).toEqual([
      { day: '2026-01-12', total: 1, byType: { pitch: 1 } },
      { day: '2026-02-03', total: 2, byType: { appel: 1, reunion: 1 } },
      { day: '2026-03-02', total: 1, byType: { visio: 1 } },
    ]);
    expect(res.body.totals).toEqual({ pitch: 1, appel: 1, reunion: 1, visio: 1 });

    const trends = await admin.get(`/api/v1/analytics/activity-trends?${Q}`);
    // Closings count every won mandate whatever its currency: March has m3 and m8.
    expect(trends.body.series).toEqual([
      { bucket: '2026-01-01', meetings: 0, pitches: 1, calls: 0, emails: 0, closings: 1 },
      { bucket: '2026-02-01', meetings: 1, pitches: 0, calls: 1, emails: 0, closings: 1 },
      { bucket: '2026-03-01', meetings: 1, pitches: 0, calls: 0, emails: 0, closings: 2 },
    ]);
    const mine = await b.get(`/api/v1/analytics/activity?${Q}`);
    expect(mine.body.totals).toEqual({ pitch: 1 });
  });

  it('lists deal status, top organisations, organisation types and sources', async () => {
    const status = await admin.get(`/api/v1/analytics/deal-status?${Q}`);
    const byStage = Object.fromEntries(
      status.body.stages.map((s: { stage: string; count: number; amount: number }) => [s.stage, [s.count, s.amount]]),
    );
    expect(byStage).toEqual({
      lead: [0, 0],
      rdv: [0, 0],
      pitch: [0, 0],
      due_diligence: [0, 0],
      negociation: [1, 80000],
      gagne: [3, 650000],
      perdu: [1, 50000],
    });

    const top = await admin.get(`/api/v1/analytics/top-organisations?${Q}&limit=5`);
    expect(top.body.items).toMatchObject([
      { name: 'Alpha Gestion', type: 'client', won: 2, amount: 350000 },
      { name: 'Beta Capital', type: 'distributeur', won: 1, amount: 300000 },
    ]);

    const types = await admin.get(`/api/v1/analytics/organisation-types?${Q}`);
    expect(types.body.types).toEqual([
      { type: 'client', organisations: 1, won: 2, amount: 350000 },
      { type: 'distributeur', organisations: 1, won: 1, amount: 300000 },
      { type: 'fournisseur', organisations: 2, won: 0, amount: 0 },
      { type: 'investisseur', organisations: 1, won: 0, amount: 0 },
    ]);

    const sources = await admin.get(`/api/v1/analytics/sources?${Q}`);
    // Closed in the period, in EUR: salon m1 m3 won, m11 lost; none m5 won, m14 lost; linkedin m2 lost;
    // recommandation m12 lost (m13 is USD, m15 lost before). By closed count, then by name.
    expect(sources.body.sources).toEqual([
      { source: 'salon', won: 2, lost: 1, wonAmount: 350000 },
      { source: null, won: 1, lost: 1, wonAmount: 300000 },
      { source: 'linkedin', won: 0, lost: 1, wonAmount: 0 },
      { source: 'recommandation', won: 0, lost: 1, wonAmount: 0 },
    ]);
  });

  it('counts the mandates lost by reason, with their share and the stages they were lost from', async () => {
    const res = await admin.get(`/api/v1/analytics/lost-reasons?${Q}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.query).toMatchObject({ from: '2026-01-01', to: '2026-03-31', currency: 'EUR' });
    expect(res.body.period).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    // Lost in the period, in EUR: prix m2 (50,000, from rdv) and m11 (70,000: its last move to perdu left
    // negociation; its first, from pitch, was undone); concurrent m12 (30,000, from lead); autre m14 (40,000, from
    // rdv: a text alone). 4 mandates, 190,000: 2/4 = 50 %, 1/4 = 25 % each; the tie goes to the larger amount.
    // m13 is USD (counted apart); m15 was lost before the period.
    expect(res.body.reasons).toEqual([
      {
        code: 'prix',
        count: 2,
        amount: 120000,
        share: 50,
        fromStages: [
          { stage: 'rdv', count: 1 },
          { stage: 'negociation', count: 1 },
        ],
      },
      { code: 'autre', count: 1, amount: 40000, share: 25, fromStages: [{ stage: 'rdv', count: 1 }] },
      { code: 'concurrent', count: 1, amount: 30000, share: 25, fromStages: [{ stage: 'lead', count: 1 }] },
    ]);
    expect(res.body.totals).toEqual({ count: 4, amount: 190000 });
    expect(res.body.otherCurrencies).toBe(1);

    // Team A (m2, m11, m14; m13 in USD): 2/3 = 66.67 %, 1/3 = 33.33 %. Team B: m12 alone.
    const team = await a1.get(`/api/v1/analytics/lost-reasons?${Q}`);
    expect(team.body.reasons.map((r: { code: string; share: number }) => [r.code, r.share])).toEqual([
      ['prix', 66.67],
      ['autre', 33.33],
    ]);
    expect(team.body.otherCurrencies).toBe(1);
    const theirs = await b.get(`/api/v1/analytics/lost-reasons?${Q}`);
    expect(theirs.body.reasons).toEqual([
      { code: 'concurrent', count: 1, amount: 30000, share: 100, fromStages: [{ stage: 'lead', count: 1 }] },
    ]);
    expect(theirs.body.otherCurrencies).toBe(0);
    // Filters: m14 is the only placement; in USD, m13 (from lead) alone and the EUR ones apart.
    const placements = await admin.get(`/api/v1/analytics/lost-reasons?${Q}&kind=placement`);
    expect(placements.body.reasons.map((r: { code: string }) => r.code)).toEqual(['autre']);
    const usd = await admin.get(`/api/v1/analytics/lost-reasons?${Q}&currency=USD`);
    expect(usd.body.reasons).toEqual([
      { code: 'prix', count: 1, amount: 5000, share: 100, fromStages: [{ stage: 'lead', count: 1 }] },
    ]);
    expect(usd.body.otherCurrencies).toBe(4);
    // January alone: m12; the quarter before: m15 (from lead), nothing else.
    const january = await admin.get('/api/v1/analytics/lost-reasons?from=2026-01-01&to=2026-01-31');
    expect(january.body.totals).toEqual({ count: 1, amount: 30000 });
    const before = await admin.get('/api/v1/analytics/lost-reasons?from=2025-10-01&to=2025-12-31');
    expect(before.body.reasons).toEqual([
      { code: 'prix', count: 1, amount: 20000, share: 100, fromStages: [{ stage: 'lead', count: 1 }] },
    ]);
    // Nothing lost: no reason, and nothing to divide.
    const empty = await admin.get('/api/v1/analytics/lost-reasons?from=2024-01-01&to=2024-03-31');
    expect(empty.body).toMatchObject({ reasons: [], totals: { count: 0, amount: 0 }, otherCurrencies: 0 });
  });

  it('places organisations and won amounts by country, French region and department', async () => {
    const res = await admin.get(`/api/v1/analytics/geography?${Q}`);
    expect(res.status).toBe(200);
    // Alpha 75008 (m1 + m3), Beta 13 008 (m5), Azur 69002, Bruxelles (BE), Sans Adresse (FR, no postal code).
    expect(res.body.countries).toEqual([
      { countryCode: 'FR', organisations: 4, won: 3, amount: 650000 },
      { countryCode: 'BE', organisations: 1, won: 0, amount: 0 },
    ]);
    expect(res.body.regions).toEqual([
      { code: '11', name: 'Île-de-France', organisations: 1, won: 2, amount: 350000 },
      { code: '93', name: 'Provence-Alpes-Côte d’Azur', organisations: 1, won: 1, amount: 300000 },
      { code: '84', name: 'Auvergne-Rhône-Alpes', organisations: 1, won: 0, amount: 0 },
    ]);
    expect(res.body.departments.map((d: { code: string; name: string }) => [d.code, d.name])).toEqual([
      ['75', 'Paris'],
      ['13', 'Bouches-du-Rhône'],
      ['69', 'Rhône'],
    ]);
    expect(res.body.unknown).toEqual({ organisations: 1, won: 0, amount: 0 });
    const theirs = await b.get(`/api/v1/analytics/geography?${Q}`);
    expect(theirs.body.countries).toEqual([{ countryCode: 'FR', organisations: 1, won: 1, amount: 300000 }]);
  });

  it('splits won amounts between the funds of each mandate, by asset class and category', async () => {
    const res = await admin.get(`/api/v1/analytics/revenue-by-category?${Q}`);
    expect(res.status).toBe(200);
    // m1 100,000 → 50,000 to each of its two funds; m3 250,000 → Europe Actions; m5 300,000 has no fund.
    expect(res.body.items).toEqual([
      {
        produitId: expect.any(String),
        name: 'Europe Actions',
        assetClass: 'Actions',
        category: 'Actions Europe',
        mandats: 2,
        amount: 300000,
      },
      { produitId: null, name: null, assetClass: null, category: null, mandats: 1, amount: 300000 },
      {
        produitId: expect.any(String),
        name: 'Crédit Court Terme',
        assetClass: 'Obligations',
        category: 'Crédit IG',
        mandats: 1,
        amount: 50000,
      },
    ]);
    expect(res.body.totals).toEqual({ amount: 650000 });
  });

  it('sets targets by level and right, and compares revenue and forecast with the level the view implies', async () => {
    const mA = await createUser(t.deps, { role: 'manager', teamId: ids.teamA });
    const mgr = client(t.app, await sessionHeaders(t.deps, mA));
    const put = (c: Client, body: Record<string, unknown>) => c.put('/api/v1/analytics/targets', body);

    const firm = await put(admin, { month: '2026-02', amount: 120000 });
    expect(firm.status).toBe(201);
    expect(firm.body).toMatchObject({ month: '2026-02', level: 'firm', teamId: null, userId: null, amount: 120000 });
    const changed = await put(admin, { month: '2026-02', amount: 150000 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: firm.body.id, amount: 150000 });
    expect((await put(mgr, { month: '2026-03', teamId: ids.teamA, amount: 200000 })).status).toBe(201);
    expect((await put(mgr, { month: '2026-03', userId: ids.a1, amount: 100000 })).status).toBe(201);
    for (const [c, body] of [
      [mgr, { month: '2026-03', teamId: ids.teamB, amount: 1 }],
      [mgr, { month: '2026-03', userId: ids.b, amount: 1 }],
      [mgr, { month: '2026-03', amount: 1 }],
      [a1, { month: '2026-03', userId: ids.a1, amount: 1 }],
    ] as const) {
      const res = await put(c, body);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
    }
    const both = await put(admin, { month: '2026-03', teamId: ids.teamA, userId: ids.a1, amount: 1 });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('sales_target.invalid');
    const unknownTeam = await put(admin, {
      month: '2026-03',
      teamId: '0190a000-0000-7000-8000-00000000dead',
      amount: 1,
    });
    expect(unknownTeam.body).toMatchObject({ code: 'sales_target.invalid' });
    expect((await put(admin, { month: '2026-13', amount: 1 })).body.code).toBe('request.validation');
    expect((await put(admin, { month: '2026-03', amount: -5 })).body.code).toBe('request.validation');

    // Who reads what: b the firm's; a1 the firm's, team A's and their own; the admin all three.
    const listed = async (c: Client) =>
      (await c.get('/api/v1/analytics/targets?from=2026-01&to=2026-12')).body.items.map(
        (i: { level: string; month: string }) => `${i.level} ${i.month}`,
      );
    expect(await listed(b)).toEqual(['firm 2026-02']);
    expect((await listed(a1)).sort()).toEqual(['firm 2026-02', 'team 2026-03', 'user 2026-03']);
    expect((await listed(admin)).sort()).toEqual(['firm 2026-02', 'team 2026-03', 'user 2026-03']);

    // The revenue compares with the firm's (admin), the team's (a1, and b whose team has none), the owners' named.
    const revenue = async (c: Client, extra = '') => (await c.get(`/api/v1/analytics/revenue?${Q}${extra}`)).body;
    const adminView = await revenue(admin);
    expect(adminView.series.map((r: { target: number | null }) => r.target)).toEqual([null, 150000, null]);
    expect(adminView.target).toEqual({ level: 'firm', total: 150000 });
    const teamView = await revenue(a1);
    expect(teamView.series.map((r: { target: number | null }) => r.target)).toEqual([null, null, 200000]);
    expect(teamView.target).toEqual({ level: 'team', total: 200000 });
    expect((await revenue(admin, `&ownerIds=${ids.a1}`)).target).toEqual({ level: 'user', total: 100000 });
    expect((await revenue(b)).target).toEqual({ level: 'team', total: null });
    const weekly = await admin.get('/api/v1/analytics/revenue?from=2026-01-01&to=2026-03-31&granularity=week');
    expect(weekly.body.series.every((r: { target: number | null }) => r.target === null)).toBe(true);
    expect(weekly.body.target).toEqual({ level: 'firm', total: 150000 });

    const forecast = await admin.get('/api/v1/analytics/forecast?from=2026-02-01&to=2026-03-31');
    expect(forecast.body.months).toEqual([
      { bucket: '2026-02-01', count: 0, amount: 0, weighted: 0, won: 100000, target: 150000 },
      { bucket: '2026-03-01', count: 0, amount: 0, weighted: 0, won: 250000, target: null },
    ]);

    // Removing one: audited, gone from the answers at once.
    expect((await mgr.delete(`/api/v1/analytics/targets/${firm.body.id}`)).status).toBe(403);
    expect((await b.delete(`/api/v1/analytics/targets/${firm.body.id}`)).status).toBe(403);
    expect((await admin.delete(`/api/v1/analytics/targets/${firm.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/analytics/targets/${firm.body.id}`)).body.code).toBe('sales_target.not_found');
    expect((await revenue(admin)).target).toEqual({ level: 'firm', total: null });
    const trail = await admin.get('/api/v1/audit?entityType=sales_target');
    expect(trail.body.items.map((i: { action: string }) => i.action).sort()).toEqual([
      'create',
      'create',
      'create',
      'delete',
      'update',
    ]);
  });

  it('answers bad queries with problem+json and stable codes, and nobody signed out', async () => {
    const backwards = await admin.get('/api/v1/analytics/revenue?from=2026-03-01&to=2026-01-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.code).toBe('sales_analytics.invalid_period');
    const long = await admin.get('/api/v1/analytics/revenue?from=2020-01-01&to=2026-01-01');
    expect(long.body.code).toBe('sales_analytics.period_too_long');
    const badOwner = await admin.get('/api/v1/analytics/performance?ownerIds=nobody');
    expect(badOwner.status).toBe(400);
    expect(badOwner.body.code).toBe('request.validation');
    expect((await client(t.app).get('/api/v1/analytics/revenue')).status).toBe(401);
  });

  it('serves every endpoint of the shared list, each echoing its query', async () => {
    for (const endpoint of SALES_ANALYTICS_ENDPOINTS) {
      const res = await admin.get(`/api/v1/analytics/${endpoint}?from=2026-01-01&to=2026-03-31&kind=distribution`);
      expect(res.status, endpoint).toBe(200);
      expect(res.body.query, endpoint).toMatchObject({ from: '2026-01-01', to: '2026-03-31', kind: 'distribution' });
      const anonymous = await client(t.app).get(`/api/v1/analytics/${endpoint}`);
      expect(anonymous.status, endpoint).toBe(401);
    }
  });
});
