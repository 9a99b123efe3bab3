import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../../test/factories.ts';
import { type Client, client } from '../../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../../test/test-app.ts';
import { auditLog } from '../../../platform/audit/audit.schema.ts';
import { analyticsConsents } from '../analytics.schema.ts';
import { insertAnalyticsEvents } from '../product/test-events.ts';
import { bucketOf, variantFor } from './evaluate.ts';

const NOW = new Date('2026-03-15T12:00:00Z');

let t: TestApp;
let admin: Client;
let adminHeaders: Record<string, string>;
let teamA: string;
let teamB: string;
let alice: { id: string; headers: Record<string, string>; c: Client };
let bob: { id: string; headers: Record<string, string>; c: Client };

const consent = (userId: string, analytics = true) =>
  t.deps.database.db.insert(analyticsConsents).values({ userId, analytics, source: 'prompt' });

beforeAll(async () => {
  t = await createTestApp({ deps: { clock: { now: () => NOW } } });
  adminHeaders = await sessionHeaders(t.deps, await createUser(t.deps, { role: 'admin' }));
  admin = client(t.app, adminHeaders);
  teamA = (await createTeam(t.deps)).id;
  teamB = (await createTeam(t.deps)).id;
  const mk = async (teamId: string) => {
    const u = await createUser(t.deps, { role: 'user', teamId });
    const headers = await sessionHeaders(t.deps, u);
    return { id: u.id, headers, c: client(t.app, headers) };
  };
  alice = await mk(teamA);
  bob = await mk(teamB);
});
afterAll(async () => t?.close());

describe('feature flags: administration', () => {
  it('creates, lists, changes and deletes flags, audited, for administrators only', async () => {
    const created = await admin.post('/api/v1/analytics/flags', {
      key: 'new-timeline',
      name: 'Nouvelle frise',
      rolloutPercent: 50,
      teamIds: [teamA],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: 'new-timeline',
      active: false,
      rolloutPercent: 50,
      teamIds: [teamA],
      variants: null,
      goalEvent: null,
    });
    const id = created.body.id;
    expect((await admin.get('/api/v1/analytics/flags')).body.items.map((f: { key: string }) => f.key)).toContain(
      'new-timeline',
    );

    const changed = await admin.patch(`/api/v1/analytics/flags/${id}`, { active: true, description: 'Essai' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ active: true, description: 'Essai', rolloutPercent: 50 });
    expect((await admin.get(`/api/v1/analytics/flags/${id}`)).body.active).toBe(true);

    expect((await alice.c.get('/api/v1/analytics/flags')).status).toBe(403);
    expect((await alice.c.post('/api/v1/analytics/flags', { key: 'x', name: 'x' })).status).toBe(403);
    expect((await alice.c.patch(`/api/v1/analytics/flags/${id}`, { active: false })).status).toBe(403);

    expect((await admin.delete(`/api/v1/analytics/flags/${id}`)).status).toBe(204);
    const gone = await admin.get(`/api/v1/analytics/flags/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('feature_flag.not_found');
    const trail = await t.deps.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'feature_flag'), eq(auditLog.entityId, id)));
    expect(trail.map((r) => r.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('keeps keys unique with a stable code, and refuses bad variants, teams and dates', async () => {
    expect((await admin.post('/api/v1/analytics/flags', { key: 'unique-key', name: 'A' })).status).toBe(201);
    const dup = await admin.post('/api/v1/analytics/flags', { key: 'unique-key', name: 'B' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('feature_flag.already_exists');
    expect(dup.body.errors[0].path).toBe('body.key');
    const other = await admin.post('/api/v1/analytics/flags', { key: 'other-key', name: 'C' });
    const renamed = await admin.patch(`/api/v1/analytics/flags/${other.body.id}`, { key: 'unique-key' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.code).toBe('feature_flag.already_exists');

    const sum = await admin.post('/api/v1/analytics/flags', {
      key: 'bad-sum',
      name: 'x',
      variants: [
        { key: 'control', rolloutPercent: 50 },
        { key: 'test', rolloutPercent: 40 },
      ],
    });
    expect(sum.status).toBe(400);
    expect(sum.body.code).toBe('request.validation');
    const twice = await admin.post('/api/v1/analytics/flags', {
      key: 'twice',
      name: 'x',
      variants: [
        { key: 'a', rolloutPercent: 50 },
        { key: 'a', rolloutPercent: 50 },
      ],
    });
    expect(twice.body.code).toBe('request.validation');
    const badKey = await admin.post('/api/v1/analytics/flags', { key: 'with space', name: 'x' });
    expect(badKey.body.code).toBe('request.validation');

    const team = await admin.post('/api/v1/analytics/flags', {
      key: 'no-team',
      name: 'x',
      teamIds: ['0199b0a4-0000-7000-8000-000000000000'],
    });
    expect(team.status).toBe(400);
    expect(team.body.code).toBe('feature_flag.invalid');
    expect(team.body.errors).toEqual([expect.objectContaining({ path: 'body.teamIds.0', code: 'team_unknown' })]);
    const dates = await admin.post('/api/v1/analytics/flags', {
      key: 'dates',
      name: 'x',
      experimentStartedAt: '2026-03-10T00:00:00Z',
      experimentEndedAt: '2026-03-01T00:00:00Z',
    });
    expect(dates.body.code).toBe('feature_flag.invalid');
    const boolean = await admin.get(`/api/v1/analytics/flags/${other.body.id}/results`);
    expect(boolean.status).toBe(409);
    expect(boolean.body.code).toBe('feature_flag.not_an_experiment');
  });
});

describe('feature flags: serving', () => {
  const variants = [
    { key: 'control', rolloutPercent: 50 },
    { key: 'test', rolloutPercent: 50 },
  ];
  beforeAll(async () => {
    await admin.post('/api/v1/analytics/flags', {
      key: 'team-a-only',
      name: 'Équipe A',
      active: true,
      rolloutPercent: 100,
      teamIds: [teamA],
    });
    await admin.post('/api/v1/analytics/flags', {
      key: 'ab-home',
      name: 'AB',
      active: true,
      rolloutPercent: 100,
      variants,
    });
    await admin.post('/api/v1/analytics/flags', {
      key: 'switched-off',
      name: 'Off',
      active: false,
      rolloutPercent: 100,
    });
  });

  it('serves each user their flags at /flags/mine: team, rollout and a stable variant', async () => {
    const mine = await alice.c.get('/api/v1/analytics/flags/mine');
    expect(mine.status).toBe(200);
    const aliceVariant = variantFor(variants, bucketOf('ab-home', alice.id, 'variant'));
    expect(mine.body.featureFlags).toMatchObject({ 'team-a-only': true, 'ab-home': aliceVariant });
    expect(mine.body.featureFlags).not.toHaveProperty('switched-off');
    expect(mine.body.flags['team-a-only']).toMatchObject({
      key: 'team-a-only',
      enabled: true,
      variant: null,
      reason: { code: 'condition_match' },
    });
    const bobs = await bob.c.get('/api/v1/analytics/flags/mine');
    expect(bobs.body.featureFlags['team-a-only']).toBe(false);
    expect(bobs.body.flags['team-a-only'].reason.code).toBe('no_condition_match');
    expect((await client(t.app).get('/api/v1/analytics/flags/mine')).status).toBe(401);
  });

  const ingest = (url: string, headers: Record<string, string> = {}, payload: string | object = {}) =>
    t.app.inject({ method: 'POST', url, headers, payload });

  it('answers posthog-js at /ingest/flags/?v=2 only for a signed-in user who accepted analytics', async () => {
    const cookieOf = (h: Record<string, string>) => ({ cookie: h.cookie as string });
    const body = { token: 'phc_x', distinct_id: 'someone-else' };
    const none = await ingest('/ingest/flags/?v=2', {}, body);
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ flags: {}, errorsWhileComputingFlags: false, requestId: expect.any(String) });
    // Signed in but not asked yet (no consent row): no flags either.
    expect((await ingest('/ingest/flags/?v=2', cookieOf(alice.headers), body)).json().flags).toEqual({});
    await consent(alice.id);
    await consent(bob.id, false);
    const flags = (await ingest('/ingest/flags/?v=2', cookieOf(alice.headers), body)).json();
    expect(flags.errorsWhileComputingFlags).toBe(false);
    expect(flags.flags['team-a-only']).toEqual({
      key: 'team-a-only',
      enabled: true,
      variant: null,
      reason: { code: 'condition_match', condition_index: 0, description: expect.any(String) },
      metadata: { id: expect.any(Number), version: expect.any(Number), description: null, payload: null },
    });
    expect(flags.flags['ab-home'].variant).toBe(variantFor(variants, bucketOf('ab-home', alice.id, 'variant')));
    expect(flags.flags).not.toHaveProperty('switched-off');
    expect((await ingest('/ingest/flags/?v=2', cookieOf(bob.headers), body)).json().flags).toEqual({});
    // A page of another site cannot read them with the user's cookie.
    const foreign = await ingest('/ingest/flags/?v=2', { ...cookieOf(alice.headers), origin: 'https://evil.example' });
    expect(foreign.json().flags).toEqual({});
    const own = await ingest('/ingest/flags/?v=2', {
      ...cookieOf(alice.headers),
      origin: 'http://localhost:3000',
      host: 'localhost:3000',
    });
    expect(Object.keys(own.json().flags)).toContain('team-a-only');
  });

  it('speaks the older shapes: /flags without v=2 and /decide', async () => {
    await consent(alice.id).catch(() => undefined);
    const cookie = { cookie: alice.headers.cookie as string };
    const v1 = (await ingest('/ingest/flags/', cookie)).json();
    expect(v1).toEqual({
      featureFlags: expect.objectContaining({ 'team-a-only': true }),
      featureFlagPayloads: {},
      errorsWhileComputingFlags: false,
      requestId: expect.any(String),
    });
    expect(v1).not.toHaveProperty('flags');
    const decide = (await ingest('/ingest/decide/?v=3', cookie)).json();
    expect(decide.featureFlags['team-a-only']).toBe(true);
    expect(decide.flags['team-a-only'].enabled).toBe(true);
    expect((await ingest('/ingest/decide', {})).json()).toMatchObject({ featureFlags: {}, featureFlagPayloads: {} });
  });

  it('takes whatever body posthog-js sends: JSON, a base64 form, nothing, even garbage', async () => {
    const cookie = alice.headers.cookie as string;
    const form = await t.app.inject({
      method: 'POST',
      url: '/ingest/flags/?v=2&compression=base64',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `data=${Buffer.from(JSON.stringify({ distinct_id: 'x' })).toString('base64')}`,
    });
    expect(form.statusCode).toBe(200);
    expect(form.json().flags['team-a-only'].enabled).toBe(true);
    const garbage = await t.app.inject({
      method: 'POST',
      url: '/ingest/flags/?v=2',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(garbage.statusCode).toBe(200);
    const empty = await t.app.inject({ method: 'POST', url: '/ingest/flags/?v=2', headers: { cookie } });
    expect(empty.statusCode).toBe(200);
  });
});

describe('experiments', () => {
  it('counts exposures and conversions per variant and tests each against the control (hand-computed)', async () => {
    const created = await admin.post('/api/v1/analytics/flags', {
      key: 'checkout-test',
      name: 'Test du tunnel',
      active: true,
      rolloutPercent: 100,
      variants: [
        { key: 'control', rolloutPercent: 50 },
        { key: 'test', rolloutPercent: 50 },
      ],
      goalEvent: 'deal_created',
      experimentStartedAt: '2026-03-01T00:00:00Z',
      experimentEndedAt: '2026-03-10T00:00:00Z',
    });
    expect(created.status).toBe(201);
    const users = async (n: number) =>
      Promise.all(Array.from({ length: n }, async () => (await createUser(t.deps)).id));
    const [c, tt, x] = [await users(10), await users(10), await users(3)];
    const called = (userId: string, at: string, response: unknown, flag = 'checkout-test') => ({
      event: '$feature_flag_called',
      userId,
      at,
      properties: { $feature_flag: flag, $feature_flag_response: response },
    });
    const goal = (userId: string, at: string) => ({ event: 'deal_created', userId, at, source: 'server' as const });
    await insertAnalyticsEvents(t.deps.database.db, [
      // Control: 10 exposed; c0 and c1 convert; c2's deal came before exposure, c3's after the end: not conversions.
      ...c.map((u) => called(u, '2026-03-02T10:00:00Z', 'control')),
      goal(c[0] as string, '2026-03-02T11:00:00Z'),
      goal(c[1] as string, '2026-03-05T11:00:00Z'),
      goal(c[2] as string, '2026-03-02T09:00:00Z'),
      goal(c[3] as string, '2026-03-11T09:00:00Z'),
      called(c[4] as string, '2026-03-04T10:00:00Z', 'test'), // a later exposure: c4 stays in control
      // Test: 10 exposed, 6 convert.
      ...tt.map((u) => called(u, '2026-03-03T10:00:00Z', 'test')),
      ...tt.slice(0, 6).map((u) => goal(u, '2026-03-03T12:00:00Z')),
      // Not exposed: outside the rollout (false), before the start, another flag.
      called(x[0] as string, '2026-03-02T10:00:00Z', false),
      goal(x[0] as string, '2026-03-02T11:00:00Z'),
      called(x[1] as string, '2026-02-27T10:00:00Z', 'control'),
      called(x[2] as string, '2026-03-02T10:00:00Z', 'control', 'another-flag'),
    ]);
    const res = await admin.get(`/api/v1/analytics/flags/${created.body.id}/results`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      key: 'checkout-test',
      goalEvent: 'deal_created',
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-03-10T00:00:00.000Z',
      control: 'control',
    });
    // By hand: pooled p = 8/20 = 0.4, se = √(0.4 × 0.6 × (1/10 + 1/10)) = 0.219089, z = (0.6 − 0.2) / se = 1.8257,
    // p-value = 2 × (1 − Φ(1.8257)) = 0.067889: not significant at 95 %.
    expect(res.body.variants).toEqual([
      { key: 'control', exposed: 10, conversions: 2, conversionRate: 20, vsControl: null },
      {
        key: 'test',
        exposed: 10,
        conversions: 6,
        conversionRate: 60,
        vsControl: { z: 1.8257, pValue: 0.067889, confidence: 93.21, significant: false, lift: 200 },
      },
    ]);

    // A window given in the query: from 3 March, the exposures of 2 March are out, and c4's first exposure in it is
    // to `test`.
    const later = await admin.get(
      `/api/v1/analytics/flags/${created.body.id}/results?from=2026-03-03T00:00:00Z&to=2026-03-10T00:00:00Z`,
    );
    expect(later.body.variants.map((v: { exposed: number }) => v.exposed)).toEqual([0, 11]);
    const backwards = await admin.get(
      `/api/v1/analytics/flags/${created.body.id}/results?from=2026-03-10T00:00:00Z&to=2026-03-03T00:00:00Z`,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.code).toBe('feature_flag.invalid');
  });

  it('puts a user whose exposure names no variant in their evaluated variant', async () => {
    const created = await admin.post('/api/v1/analytics/flags', {
      key: 'server-side-test',
      name: 'x',
      active: true,
      rolloutPercent: 100,
      variants: [
        { key: 'control', rolloutPercent: 50 },
        { key: 'test', rolloutPercent: 50 },
      ],
      goalEvent: 'task_created',
      experimentStartedAt: '2026-03-01T00:00:00Z',
    });
    const ids = await Promise.all(Array.from({ length: 6 }, async () => (await createUser(t.deps)).id));
    await insertAnalyticsEvents(
      t.deps.database.db,
      ids.map((userId) => ({
        event: '$feature_flag_called',
        userId,
        at: '2026-03-02T10:00:00Z',
        properties: { $feature_flag: 'server-side-test', $feature_flag_response: true },
      })),
    );
    const expected = { control: 0, test: 0 };
    for (const id of ids) {
      const v = variantFor(
        [
          { key: 'control', rolloutPercent: 50 },
          { key: 'test', rolloutPercent: 50 },
        ],
        bucketOf('server-side-test', id, 'variant'),
      ) as 'control' | 'test';
      expected[v]++;
    }
    const res = await admin.get(`/api/v1/analytics/flags/${created.body.id}/results`);
    expect(res.body.end).toBe(NOW.toISOString());
    expect(res.body.variants.map((v: { key: string; exposed: number }) => [v.key, v.exposed])).toEqual([
      ['control', expected.control],
      ['test', expected.test],
    ]);
  });
});
