import { PRODUCT_FEATURES } from '@crm/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../../test/factories.ts';
import { type Client, client } from '../../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../../test/test-app.ts';
import { insertAnalyticsEvents, insertRecordingChunk, type TestEvent } from './test-events.ts';

/**
 * The analysis API over fixed event sets whose results are computed by hand in the comments. Each block uses its own
 * month, so the sets never meet. Times are UTC: Paris is UTC+2 in summer, UTC+1 in winter.
 */
const NOW = new Date('2026-03-15T12:00:00Z');

let t: TestApp;
let admin: Client;
let plain: Client;
const db = () => t.deps.database.db;
const insert = (events: TestEvent[]) => insertAnalyticsEvents(db(), events);
const newUser = async (name = 'Test User') => (await createUser(t.deps, { name })).id;

beforeAll(async () => {
  t = await createTestApp({ deps: { clock: { now: () => NOW } } });
  admin = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'admin' })));
  plain = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'manager' })));
});
afterAll(async () => t?.close());

describe('access and validation', () => {
  it('is for administrators only', async () => {
    for (const url of [
      '/api/v1/analytics/product/overview',
      '/api/v1/analytics/product/pages',
      '/api/v1/analytics/product/features',
      '/api/v1/analytics/product/funnels',
      '/api/v1/analytics/product/retention',
      '/api/v1/analytics/product/heatmap?route=/people',
      '/api/v1/analytics/product/errors',
      '/api/v1/analytics/product/recordings',
      '/api/v1/analytics/product/recordings/abc',
    ]) {
      const res = await plain.get(url);
      expect(res.status, url).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
    }
    const adHoc = await plain.post('/api/v1/analytics/product/funnel', {
      steps: [{ event: '$pageview' }, { event: 'contact_created' }],
    });
    expect(adHoc.status).toBe(403);
    expect((await client(t.app).get('/api/v1/analytics/product/overview')).status).toBe(401);
  });

  it('answers the default period, the last 30 Paris days, and says so', async () => {
    const res = await admin.get('/api/v1/analytics/product/overview');
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({
      from: '2026-02-14',
      to: '2026-03-15',
      days: 30,
      timeZone: 'Europe/Paris',
      start: '2026-02-13T23:00:00.000Z',
      end: '2026-03-15T23:00:00.000Z',
      granularity: 'day',
    });
    expect(res.body.series).toHaveLength(30);
  });

  it('refuses bad periods and parameters with stable codes, never a 500', async () => {
    const backwards = await admin.get('/api/v1/analytics/product/pages?from=2025-06-02&to=2025-06-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.code).toBe('product_analytics.invalid_period');
    const long = await admin.get('/api/v1/analytics/product/errors?from=2020-01-01&to=2025-06-01');
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('product_analytics.period_too_long');
    for (const url of [
      '/api/v1/analytics/product/overview?granularity=hour',
      '/api/v1/analytics/product/overview?from=2025-13-01',
      '/api/v1/analytics/product/overview?from=0000-01-01',
      '/api/v1/analytics/product/heatmap',
      '/api/v1/analytics/product/heatmap?route=people',
      '/api/v1/analytics/product/retention?weeks=0',
    ]) {
      const res = await admin.get(url);
      expect(res.status, url).toBe(400);
      expect(res.body.code, url).toBe('request.validation');
    }
    const unknown = await admin.get('/api/v1/analytics/product/overview?form=2025-01-01');
    expect(unknown.body.code).toBe('request.unknown_parameter');
    const cursor = await admin.get('/api/v1/analytics/product/recordings?cursor=nonsense');
    expect(cursor.status).toBe(400);
    expect(cursor.body.code).toBe('list.invalid_cursor');
  });
});

describe('overview', () => {
  it('counts page views, users and sessions per Paris day, week and month, with the previous period', async () => {
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    const pv = (userId: string, at: string, sessionId: string | null) =>
      ({ event: '$pageview', userId, at, sessionId, route: '/people' }) as TestEvent;
    await insert([
      pv(a, '2025-06-02T08:00:00Z', 'sA1'),
      pv(a, '2025-06-02T08:01:00Z', 'sA1'),
      pv(a, '2025-06-03T09:00:00Z', 'sA2'),
      pv(b, '2025-06-02T21:30:00Z', 'sB1'), // 23:30 on 2 June in Paris
      pv(b, '2025-06-02T22:30:00Z', 'sB1'), // 00:30 on 3 June in Paris
      pv(c, '2025-06-08T21:59:00Z', 'sC1'), // 23:59 on 8 June: in
      pv(c, '2025-06-08T22:00:00Z', 'sC1'), // midnight, 9 June: out
      { event: 'contact_created', userId: a, at: '2025-06-02T08:05:00Z', properties: {} }, // not a page view
      pv(a, '2025-06-01T21:00:00Z', 'sA0'), // 23:00 on 1 June: previous period
      pv(b, '2025-05-25T22:30:00Z', 'sB0'), // 00:30 on 26 May: previous period
    ]);
    const day = await admin.get('/api/v1/analytics/product/overview?from=2025-06-02&to=2025-06-08');
    expect(day.status).toBe(200);
    expect(day.body.series).toEqual([
      { bucket: '2025-06-02', views: 3, users: 2, sessions: 2 },
      { bucket: '2025-06-03', views: 2, users: 2, sessions: 2 },
      { bucket: '2025-06-04', views: 0, users: 0, sessions: 0 },
      { bucket: '2025-06-05', views: 0, users: 0, sessions: 0 },
      { bucket: '2025-06-06', views: 0, users: 0, sessions: 0 },
      { bucket: '2025-06-07', views: 0, users: 0, sessions: 0 },
      { bucket: '2025-06-08', views: 1, users: 1, sessions: 1 },
    ]);
    // Users are counted once over the period (3), not summed over the days (5).
    expect(day.body.totals).toEqual({ views: 6, users: 3, sessions: 4 });
    expect(day.body.previous.period).toMatchObject({ from: '2025-05-26', to: '2025-06-01', days: 7 });
    expect(day.body.previous.totals).toEqual({ views: 2, users: 2, sessions: 2 });

    const week = await admin.get('/api/v1/analytics/product/overview?from=2025-06-02&to=2025-06-08&granularity=week');
    expect(week.body.series).toEqual([{ bucket: '2025-06-02', views: 6, users: 3, sessions: 4 }]);
    expect(week.body.period.granularity).toBe('week');
    const month = await admin.get('/api/v1/analytics/product/overview?from=2025-06-01&to=2025-06-30&granularity=month');
    // 1-30 June: the 6 views above, A's view at 23:00 on 1 June and C's at midnight on 9 June.
    expect(month.body.series).toEqual([{ bucket: '2025-06-01', views: 8, users: 3, sessions: 5 }]);
  });
});

describe('pages', () => {
  it('ranks routes with users, time on page (median, P80) and scroll depth', async () => {
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    const at = (s: number, hour = 8) => new Date(Date.UTC(2025, 6, 1, hour, 0, s)).toISOString(); // 1 July 2025
    const w = (id: string, extra: Record<string, unknown> = {}) => ({ $window_id: id, ...extra });
    await insert([
      // Session s1 (A): p1 closed by p2 (30 s, half scrolled), p2 closed by its $pageleave (60 s, all scrolled).
      {
        event: '$pageview',
        userId: a,
        sessionId: 's1',
        at: at(0),
        route: '/people',
        properties: w('w1', { $pageview_id: 'p1' }),
      },
      {
        event: '$pageview',
        userId: a,
        sessionId: 's1',
        at: at(30),
        route: '/people/:id',
        path: '/people/1',
        properties: w('w1', {
          $pageview_id: 'p2',
          $prev_pageview_id: 'p1',
          $prev_pageview_duration: 30,
          $prev_pageview_max_scroll_percentage: 0.5,
        }),
      },
      { event: '$autocapture', userId: a, sessionId: 's1', at: at(50), route: '/people/:id', properties: w('w1') },
      {
        event: '$pageleave',
        userId: a,
        sessionId: 's1',
        at: at(90),
        route: '/people/:id',
        properties: w('w1', {
          $prev_pageview_id: 'p2',
          $prev_pageview_duration: 60,
          $prev_pageview_max_scroll_percentage: 1,
        }),
      },
      // Session s2 (B): q1 closed by q2 (20 s, 0.2); q2 has no closing event: the gap to the next event, 80 s.
      {
        event: '$pageview',
        userId: b,
        sessionId: 's2',
        at: at(0, 9),
        route: '/people',
        properties: w('w2', { $pageview_id: 'q1' }),
      },
      {
        event: '$pageview',
        userId: b,
        sessionId: 's2',
        at: at(20, 9),
        route: '/people',
        properties: w('w2', {
          $pageview_id: 'q2',
          $prev_pageview_id: 'q1',
          $prev_pageview_duration: 20,
          $prev_pageview_max_scroll_percentage: 0.2,
        }),
      },
      { event: '$autocapture', userId: b, sessionId: 's2', at: at(100, 9), route: '/people', properties: w('w2') },
      // Session s3 (B): r2 names another view than r1, so r1 takes the gap (10 s) and no scroll; r2 is never closed.
      {
        event: '$pageview',
        userId: b,
        sessionId: 's3',
        at: at(0, 10),
        route: '/people/:id',
        path: '/people/2',
        properties: w('w3', { $pageview_id: 'r1' }),
      },
      {
        event: '$pageview',
        userId: b,
        sessionId: 's3',
        at: at(10, 10),
        route: '/organisations',
        properties: w('w3', {
          $pageview_id: 'r2',
          $prev_pageview_id: 'zzz',
          $prev_pageview_duration: 999,
          $prev_pageview_max_scroll_percentage: 0.9,
        }),
      },
      // A view without a session: counted, never timed.
      { event: '$pageview', userId: c, at: at(0, 11), route: '/organisations' },
    ]);
    const res = await admin.get('/api/v1/analytics/product/pages?from=2025-07-01&to=2025-07-01');
    expect(res.status).toBe(200);
    expect(res.body.period).toMatchObject({ from: '2025-07-01', to: '2025-07-01' });
    expect(res.body.items).toEqual([
      // /people: [30, 20, 80] s -> median 30, P80 20..80 interpolated at 1.6 -> 30 + 0.6 x 50 = 60; scroll (0.5 + 0.2) / 2
      { route: '/people', views: 3, users: 2, timedViews: 3, medianSeconds: 30, p80Seconds: 60, avgScrollPercent: 35 },
      {
        route: '/organisations',
        views: 2,
        users: 2,
        timedViews: 0,
        medianSeconds: null,
        p80Seconds: null,
        avgScrollPercent: null,
      },
      // /people/:id: [60, 10] s -> median 35, P80 10 + 0.8 x 50 = 50; only p2's scroll is known (1)
      {
        route: '/people/:id',
        views: 2,
        users: 2,
        timedViews: 2,
        medianSeconds: 35,
        p80Seconds: 50,
        avgScrollPercent: 100,
      },
    ]);
    const top1 = await admin.get('/api/v1/analytics/product/pages?from=2025-07-01&to=2025-07-01&limit=1');
    expect(top1.body.items.map((i: { route: string }) => i.route)).toEqual(['/people']);
  });
});

describe('features', () => {
  it('counts the catalogue’s events per feature and lists the features never used', async () => {
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    const ev = (event: string, userId: string, at: string) => ({ event, userId, at, source: 'server' as const });
    await insert([
      ev('contact_created', a, '2025-08-04T10:00:00Z'),
      ev('contact_created', a, '2025-08-05T10:00:00Z'),
      ev('contact_created', b, '2025-08-06T10:00:00Z'),
      ev('task_created', c, '2025-08-06T10:00:00Z'),
      ev('task_completed', c, '2025-08-07T10:00:00Z'),
      ev('task_completed', a, '2025-08-07T11:00:00Z'),
      ev('user_logged_in', b, '2025-08-08T10:00:00Z'),
      ...Array.from({ length: 5 }, () => ev('api_error', a, '2025-08-09T10:00:00Z')), // an error is not use
      ev('$pageview', a, '2025-08-09T10:00:00Z'), // not in the catalogue
      ev('webhook_created', a, '2025-08-31T22:30:00Z'), // 00:30 on 1 September in Paris: out
    ]);
    const res = await admin.get('/api/v1/analytics/product/features?from=2025-08-01&to=2025-08-31');
    expect(res.status).toBe(200);
    const [contacts, tasks, auth, ...rest] = res.body.features;
    expect(contacts).toEqual({
      feature: 'contacts',
      events: 3,
      users: 2,
      byEvent: [{ event: 'contact_created', count: 3, users: 2 }],
    });
    expect(tasks).toEqual({
      feature: 'tasks',
      events: 3,
      users: 2, // C and A, each once across both events
      byEvent: [
        { event: 'task_completed', count: 2, users: 2 },
        { event: 'task_created', count: 1, users: 1 },
      ],
    });
    expect(auth).toMatchObject({ feature: 'auth', events: 1, users: 1 });
    expect(rest.every((f: { events: number }) => f.events === 0)).toBe(true);
    const used = ['contacts', 'tasks', 'auth'];
    expect(res.body.neverUsed).toEqual(PRODUCT_FEATURES.filter((f) => !used.includes(f)).sort());
    expect(res.body.neverUsed).toContain('webhooks');
  });
});

describe('funnels', () => {
  const steps = [{ event: '$pageview', route: '/people' }, { event: 'contact_created' }, { event: 'task_created' }];
  // Hand-computed: 6 users start (U1-U6); U1, U2, U6 reach step 2 after 300, 3600 and 1200 s (median 1200);
  // U1 and U6 reach step 3 after 600 and 2400 s (median 1500).
  const expected = {
    windowDays: 7,
    steps: [
      {
        step: 1,
        event: '$pageview',
        route: '/people',
        users: 6,
        conversionFromPrevious: null,
        conversionFromFirst: 100,
        dropOff: 0,
        medianSecondsFromPrevious: null,
      },
      {
        step: 2,
        event: 'contact_created',
        route: null,
        users: 3,
        conversionFromPrevious: 50,
        conversionFromFirst: 50,
        dropOff: 3,
        medianSecondsFromPrevious: 1200,
      },
      {
        step: 3,
        event: 'task_created',
        route: null,
        users: 2,
        conversionFromPrevious: 66.67,
        conversionFromFirst: 33.33,
        dropOff: 1,
        medianSecondsFromPrevious: 1500,
      },
    ],
    overallConversion: 33.33,
  };

  beforeAll(async () => {
    const u = await Promise.all(Array.from({ length: 7 }, () => newUser()));
    const [u1, u2, u3, u4, u5, u6, u7] = u as [string, string, string, string, string, string, string];
    const pv = (userId: string, at: string, route = '/people') => ({ event: '$pageview', userId, at, route });
    const ev = (event: string, userId: string, at: string) => ({ event, userId, at, source: 'server' as const });
    await insert([
      // U1: all three steps, 5 then 10 minutes apart.
      pv(u1, '2025-09-01T10:00:00Z'),
      ev('contact_created', u1, '2025-09-01T10:05:00Z'),
      ev('task_created', u1, '2025-09-01T10:15:00Z'),
      // U2: step 2 after an hour; step 3 ten days after entering, beyond the 7-day window.
      pv(u2, '2025-09-02T10:00:00Z'),
      ev('contact_created', u2, '2025-09-02T11:00:00Z'),
      ev('task_created', u2, '2025-09-12T10:00:00Z'),
      // U3: a contact before the page view does not count (strict order).
      ev('contact_created', u3, '2025-09-03T09:00:00Z'),
      pv(u3, '2025-09-03T10:00:00Z'),
      // U4: another route does not count; a contact at the very same instant is not after the view.
      pv(u4, '2025-09-04T09:00:00Z', '/organisations'),
      pv(u4, '2025-09-04T10:00:00Z'),
      ev('contact_created', u4, '2025-09-04T10:00:00Z'),
      // U5: first occurrence: entered on the 5th; the contact on the 13th is 8 days later, even though U5 viewed the
      // page again on the 12th.
      pv(u5, '2025-09-05T10:00:00Z'),
      pv(u5, '2025-09-12T10:00:00Z'),
      ev('contact_created', u5, '2025-09-13T10:00:00Z'),
      // U6: a task before the contact is skipped; the next one counts (20 then 40 minutes).
      pv(u6, '2025-09-06T10:00:00Z'),
      ev('task_created', u6, '2025-09-06T10:10:00Z'),
      ev('contact_created', u6, '2025-09-06T10:20:00Z'),
      ev('task_created', u6, '2025-09-06T11:00:00Z'),
      // U7: entered on 31 August at 23:00 Paris time: before the period.
      pv(u7, '2025-08-31T21:00:00Z'),
      ev('contact_created', u7, '2025-09-01T08:00:00Z'),
    ]);
  });

  it('computes an ad-hoc funnel: strict order, first occurrence, within the window', async () => {
    const res = await admin.post('/api/v1/analytics/product/funnel', {
      steps,
      windowDays: 7,
      from: '2025-09-01',
      to: '2025-09-30',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(expected);
    expect(res.body.period).toMatchObject({ from: '2025-09-01', to: '2025-09-30' });
    // A longer window lets U2's task count: 3 users at step 3.
    const wide = await admin.post('/api/v1/analytics/product/funnel', {
      steps,
      windowDays: 14,
      from: '2025-09-01',
      to: '2025-09-30',
    });
    expect(wide.body.steps[2].users).toBe(3);
    expect(wide.body.overallConversion).toBe(50);
  });

  it('refuses a funnel of one step or an unknown body property', async () => {
    const one = await admin.post('/api/v1/analytics/product/funnel', { steps: [{ event: '$pageview' }] });
    expect(one.status).toBe(400);
    expect(one.body.code).toBe('request.validation');
    const extra = await admin.post('/api/v1/analytics/product/funnel', { steps, window: 3 });
    expect(extra.body.code).toBe('request.unknown_property');
  });

  it('saves funnels (create, list, get, change, delete) and gives their results, never stale after a change', async () => {
    const created = await admin.post('/api/v1/analytics/product/funnels', {
      name: 'Contact puis tâche',
      steps,
      windowDays: 7,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ name: 'Contact puis tâche', windowDays: 7, steps });
    expect(
      (await admin.get('/api/v1/analytics/product/funnels')).body.items.map((f: { id: string }) => f.id),
    ).toContain(id);
    expect((await admin.get(`/api/v1/analytics/product/funnels/${id}`)).body.name).toBe('Contact puis tâche');

    const url = `/api/v1/analytics/product/funnels/${id}/results?from=2025-09-01&to=2025-09-30`;
    const first = await admin.get(url);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject(expected);
    const again = await admin.get(url);
    expect(again.headers['x-cache']).toBe('hit');

    const changed = await admin.patch(`/api/v1/analytics/product/funnels/${id}`, { steps: steps.slice(0, 2) });
    expect(changed.status).toBe(200);
    const after = await admin.get(url);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.body.steps).toHaveLength(2);
    expect(after.body.overallConversion).toBe(50);

    expect((await admin.delete(`/api/v1/analytics/product/funnels/${id}`)).status).toBe(204);
    const gone = await admin.get(`/api/v1/analytics/product/funnels/${id}/results`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('funnel.not_found');
    expect((await admin.delete(`/api/v1/analytics/product/funnels/${id}`)).body.code).toBe('funnel.not_found');
  });
});

describe('retention', () => {
  it('puts users in the cohort of their first start event’s week and follows them week by week', async () => {
    const [r1, r2, r3, r4, r5] = await Promise.all(Array.from({ length: 5 }, () => newUser()));
    const ev = (event: string, userId: string | undefined, at: string) => ({ event, userId, at });
    await insert([
      ev('user_logged_in', r1, '2025-10-06T10:00:00Z'), // cohort 6 Oct
      ev('task_created', r1, '2025-10-14T10:00:00Z'), // week 1
      ev('task_created', r1, '2025-10-21T10:00:00Z'), // week 2
      ev('$pageview', r2, '2025-10-08T10:00:00Z'), // cohort 6 Oct
      ev('contact_created', r2, '2025-10-22T10:00:00Z'), // week 2
      ev('user_logged_in', r3, '2025-10-14T10:00:00Z'), // cohort 13 Oct
      ev('task_created', r3, '2025-10-15T10:00:00Z'), // week 0
      ev('contact_created', r3, '2025-10-23T10:00:00Z'), // week 1
      ev('$pageview', r4, '2025-09-20T10:00:00Z'), // seen before the period: in no cohort
      ev('user_logged_in', r4, '2025-10-07T10:00:00Z'),
      ev('user_logged_in', r5, '2025-10-20T10:00:00Z'), // cohort 20 Oct
    ]);
    const url = '/api/v1/analytics/product/retention?from=2025-10-06&to=2025-10-26&weeks=3';
    const res = await admin.get(url);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ startEvents: ['user_logged_in', '$pageview'], returnEvent: null, weeks: 3 });
    const cell = (week: number, users: number | null, percent: number | null) => ({ week, users, percent });
    // Weeks starting after 26 October are not observed yet (null).
    expect(res.body.cohorts).toEqual([
      {
        week: '2025-10-06',
        users: 2,
        retention: [cell(0, 2, 100), cell(1, 1, 50), cell(2, 2, 100), cell(3, null, null)],
      },
      {
        week: '2025-10-13',
        users: 1,
        retention: [cell(0, 1, 100), cell(1, 1, 100), cell(2, null, null), cell(3, null, null)],
      },
      {
        week: '2025-10-20',
        users: 1,
        retention: [cell(0, 1, 100), cell(1, null, null), cell(2, null, null), cell(3, null, null)],
      },
    ]);

    const contacts = await admin.get(`${url}&returnEvent=contact_created`);
    expect(contacts.body.cohorts.map((c: { retention: unknown[] }) => c.retention)).toEqual([
      [cell(0, 0, 0), cell(1, 0, 0), cell(2, 1, 50), cell(3, null, null)],
      [cell(0, 0, 0), cell(1, 1, 100), cell(2, null, null), cell(3, null, null)],
      [cell(0, 0, 0), cell(1, null, null), cell(2, null, null), cell(3, null, null)],
    ]);

    // With `user_logged_in` alone R2 is in no cohort and R4, who never signed in before, is in the first one.
    const logins = await admin.get(`${url}&startEvent=user_logged_in`);
    expect(logins.body.cohorts.map((c: { week: string; users: number }) => [c.week, c.users])).toEqual([
      ['2025-10-06', 2],
      ['2025-10-13', 1],
      ['2025-10-20', 1],
    ]);
    expect(logins.body.cohorts[0].retention[1]).toEqual(cell(1, 1, 50));
  });
});

describe('heatmap', () => {
  it('grids the route’s clicks relative to the viewport width, with scroll depth and top elements', async () => {
    const a = await newUser();
    await insert([
      {
        event: '$pageview',
        userId: a,
        sessionId: 'h1',
        at: '2025-12-01T10:00:00Z',
        route: '/people/:id',
        path: '/people/abc',
        properties: { $pageview_id: 'v1' },
      },
      {
        event: '$pageleave',
        userId: a,
        sessionId: 'h1',
        at: '2025-12-01T10:01:00Z',
        route: '/people/:id',
        properties: { $prev_pageview_id: 'v1', $prev_pageview_max_scroll_percentage: 0.95 },
      },
      {
        event: '$pageview',
        userId: a,
        sessionId: 'h2',
        at: '2025-12-01T11:00:00Z',
        route: '/people/:id',
        path: '/people/def',
        properties: { $pageview_id: 'v2' },
      },
      {
        event: '$pageview',
        userId: a,
        sessionId: 'h2',
        at: '2025-12-01T11:00:30Z',
        route: '/people',
        properties: { $prev_pageview_id: 'v2', $prev_pageview_max_scroll_percentage: 0.33 },
      },
      {
        event: '$pageview',
        userId: a,
        sessionId: 'h3',
        at: '2025-12-01T12:00:00Z',
        route: '/people/:id',
        path: '/people/ghi',
      },
      {
        event: '$$heatmap',
        userId: a,
        sessionId: 'h1',
        at: '2025-12-01T10:00:05Z',
        route: '/people/:id',
        properties: {
          $viewport_width: 1000,
          $heatmap_data: {
            'http://localhost:3000/people/abc?tab=notes': [
              { x: 120, y: 40, type: 'click' }, // cell (2, 0): 50 px cells
              { x: 130, y: 45, type: 'click' }, // cell (2, 0)
              { x: 130, y: 45, type: 'rageclick' },
              { x: 990, y: 2000, type: 'click' }, // cell (19, 40)
              { x: 500, y: 500, type: 'mousemove' },
            ],
            '/people': [{ x: 10, y: 10, type: 'click' }], // another route
            '/people/:id': [{ x: 1500, y: 100, type: 'click' }], // beyond the width: last column, row 2
          },
        },
      },
      // Without a viewport width a point cannot be placed.
      {
        event: '$$heatmap',
        userId: a,
        at: '2025-12-01T10:00:06Z',
        route: '/people/:id',
        properties: { $heatmap_data: { '/people/abc': [{ x: 1, y: 1, type: 'click' }] } },
      },
      ...[1, 1, 1, 2].map((nth) => ({
        event: '$autocapture',
        userId: a,
        at: '2025-12-01T10:00:10Z',
        route: '/people/:id',
        properties: {
          $event_type: 'click',
          $elements_chain: `a.record-link:attr__data-record-link=""nth-child="${nth}"tag_name="a"`,
        },
      })),
      ...[1, 2].map(() => ({
        event: '$autocapture',
        userId: a,
        at: '2025-12-01T10:00:20Z',
        route: '/people/:id',
        properties: {
          $event_type: 'click',
          $elements: [{ tag_name: 'button', classes: ['mantine-Button-root'], 'attr__data-testid': 'save-person' }],
        },
      })),
      {
        event: '$autocapture',
        userId: a,
        at: '2025-12-01T10:00:30Z',
        route: '/people/:id',
        properties: { $event_type: 'submit', $elements_chain: 'form' },
      },
      {
        event: '$autocapture',
        userId: a,
        at: '2025-12-01T10:00:30Z',
        route: '/people',
        properties: { $event_type: 'click', $elements_chain: 'a.other' },
      },
    ]);
    const res = await admin.get('/api/v1/analytics/product/heatmap?route=/people/:id&from=2025-12-01&to=2025-12-07');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ route: '/people/:id', clicks: 4, rageClicks: 1 });
    expect(res.body.grid).toEqual({
      cellSize: 0.05,
      columns: 20,
      cells: [
        { column: 2, row: 0, count: 2 },
        { column: 19, row: 2, count: 1 },
        { column: 19, row: 40, count: 1 },
      ],
    });
    // Two views with a known scroll: 0.95 (90-100 %) and 0.33 (30-40 %); average 64 %.
    expect(res.body.scroll.views).toBe(2);
    expect(res.body.scroll.avgPercent).toBe(64);
    expect(res.body.scroll.distribution.filter((d: { views: number }) => d.views > 0)).toEqual([
      { fromPercent: 30, toPercent: 40, views: 1 },
      { fromPercent: 90, toPercent: 100, views: 1 },
    ]);
    expect(res.body.selectors).toEqual([
      { selector: 'a.record-link[data-record-link]', count: 4 },
      { selector: 'button.mantine-Button-root[data-testid="save-person"]', count: 2 },
    ]);
  });
});

describe('errors', () => {
  it('groups web exceptions and API errors by type or code, with counts, users and last seen', async () => {
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    const exc = (userId: string, at: string, properties: Record<string, unknown>) => ({
      event: '$exception',
      userId,
      at,
      properties,
    });
    const api = (userId: string, at: string, properties: Record<string, unknown>) => ({
      event: 'api_error',
      userId,
      at,
      properties,
      source: 'server' as const,
    });
    await insert([
      exc(a, '2026-01-05T10:00:00Z', { $exception_type: 'TypeError' }),
      exc(b, '2026-01-06T10:00:00Z', { $exception_type: 'TypeError' }),
      exc(a, '2026-01-07T10:00:00Z', { $exception_type: 'TypeError' }),
      exc(c, '2026-01-08T10:00:00Z', { $exception_list: [{ type: 'ChunkLoadError' }] }),
      api(a, '2026-01-05T10:00:00Z', { code: 'person.not_found', status: 404, route: '/people/:id' }),
      api(a, '2026-01-09T12:00:00Z', { code: 'person.not_found', status: 404, route: '/people/:id' }),
      api(b, '2026-01-06T10:00:00Z', { code: 'request.validation', status: 400, route: '/people' }),
      api(b, '2026-01-10T10:00:00Z', { code: 'internal.error', status: 'oops', route: '/people' }),
      api(b, '2026-01-12T10:00:00Z', { code: 'internal.error', status: 500, route: '/people' }), // after the period
    ]);
    const res = await admin.get('/api/v1/analytics/product/errors?from=2026-01-05&to=2026-01-11');
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({ exceptions: 4, apiErrors: 4 });
    expect(res.body.items).toEqual([
      { source: 'web', code: 'TypeError', status: null, count: 3, users: 2, lastSeenAt: '2026-01-07T10:00:00.000Z' },
      {
        source: 'api',
        code: 'person.not_found',
        status: 404,
        count: 2,
        users: 1,
        lastSeenAt: '2026-01-09T12:00:00.000Z',
      },
      {
        source: 'api',
        code: 'internal.error',
        status: null,
        count: 1,
        users: 1,
        lastSeenAt: '2026-01-10T10:00:00.000Z',
      },
      {
        source: 'web',
        code: 'ChunkLoadError',
        status: null,
        count: 1,
        users: 1,
        lastSeenAt: '2026-01-08T10:00:00.000Z',
      },
      {
        source: 'api',
        code: 'request.validation',
        status: 400,
        count: 1,
        users: 1,
        lastSeenAt: '2026-01-06T10:00:00.000Z',
      },
    ]);
  });
});

describe('recordings', () => {
  it('lists sessions with a replay, newest first and paged, and returns one in time order', async () => {
    const alice = await newUser('Alice Martin');
    const bob = await newUser('Bob Durand');
    const t0 = Date.parse('2026-02-02T10:00:00Z');
    await insertRecordingChunk(db(), {
      sessionId: 'rec-1',
      userId: alice,
      windowId: 'win-1',
      firstAt: new Date(t0),
      lastAt: new Date(t0 + 30_000),
      data: [
        { type: 4, timestamp: t0 },
        { type: 2, timestamp: t0 + 1 },
      ],
    });
    await insertRecordingChunk(db(), {
      sessionId: 'rec-1',
      userId: alice,
      windowId: 'win-1',
      firstAt: new Date(t0 + 30_000),
      lastAt: new Date(t0 + 120_000),
      data: [
        { type: 3, timestamp: t0 + 31_000 },
        { type: 3, timestamp: t0 + 20_000 }, // sent late: played in time order
      ],
    });
    await insertRecordingChunk(db(), {
      sessionId: 'rec-2',
      userId: bob,
      firstAt: new Date('2026-02-03T09:00:00Z'),
      lastAt: new Date('2026-02-03T09:05:00Z'),
      data: [{ type: 4, timestamp: Date.parse('2026-02-03T09:00:00Z') }],
    });
    await insertRecordingChunk(db(), {
      sessionId: 'rec-old',
      userId: bob,
      firstAt: new Date('2026-01-31T09:00:00Z'),
      lastAt: new Date('2026-01-31T09:05:00Z'),
      data: [],
    });
    await insert([
      { event: '$pageview', userId: alice, sessionId: 'rec-1', at: '2026-02-02T10:00:01Z', route: '/people' },
      { event: '$pageview', userId: alice, sessionId: 'rec-1', at: '2026-02-02T10:01:00Z', route: '/people/:id' },
      { event: '$pageview', userId: alice, sessionId: 'rec-1', at: '2026-02-02T10:01:30Z', route: '/people' },
    ]);
    const base = '/api/v1/analytics/product/recordings?from=2026-02-02&to=2026-02-08&limit=1';
    const page1 = await admin.get(base);
    expect(page1.status).toBe(200);
    expect(page1.body.total).toBe(2);
    expect(page1.body.items).toEqual([
      {
        sessionId: 'rec-2',
        userId: bob,
        userName: 'Bob Durand',
        startedAt: '2026-02-03T09:00:00.000Z',
        endedAt: '2026-02-03T09:05:00.000Z',
        durationSeconds: 300,
        pageViews: 0,
        pages: [],
      },
    ]);
    const page2 = await admin.get(`${base}&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items).toEqual([
      {
        sessionId: 'rec-1',
        userId: alice,
        userName: 'Alice Martin',
        startedAt: '2026-02-02T10:00:00.000Z',
        endedAt: '2026-02-02T10:02:00.000Z',
        durationSeconds: 120,
        pageViews: 3,
        pages: ['/people', '/people/:id'],
      },
    ]);
    expect(page2.body.nextCursor).toBeNull();

    const one = await admin.get('/api/v1/analytics/product/recordings/rec-1');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      sessionId: 'rec-1',
      userName: 'Alice Martin',
      durationSeconds: 120,
      windowIds: ['win-1'],
    });
    expect(one.body.events.map((e: { timestamp: number }) => e.timestamp - t0)).toEqual([0, 1, 20_000, 31_000]);
    const missing = await admin.get('/api/v1/analytics/product/recordings/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('product_analytics.recording_not_found');
  });
});
