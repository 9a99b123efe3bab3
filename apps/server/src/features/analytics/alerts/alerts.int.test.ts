import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../../test/factories.ts';
import { type Client, client } from '../../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../../test/test-app.ts';
import { features } from '../../../features.ts';
import { rowsOf } from '../../../platform/db/client.ts';
import { insertAnalyticsEvents } from '../product/test-events.ts';
import { evaluateAnalyticsAlertsJob } from './alerts.job.ts';
import { alertMessage, evaluateAlerts } from './alerts.service.ts';

const START = Date.parse('2026-03-15T12:00:00Z');
let now = new Date(START);
const minutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString();

let t: TestApp;
let admin: Client;
let adminFr: string;
let adminEn: string;
let inactiveAdmin: string;
let plainUser: string;

/** The notifications of an alert (read in SQL: the notifications feature's tables are its own). */
const noticesOf = async (alertId: string) =>
  rowsOf<{ userId: string; title: string; body: string | null; data: Record<string, unknown> }>(
    await t.deps.database.db.execute(sql`
      select user_id as "userId", title, body, data from notifications
      where type = 'analytics.alert' and data->>'alertId' = ${alertId}`),
  );

const checkOf = async (alertId: string) => (await evaluateAlerts(t.deps)).find((c) => c.alertId === alertId);

beforeAll(async () => {
  t = await createTestApp({ deps: { clock: { now: () => now } } });
  const fr = await createUser(t.deps, { role: 'admin', locale: 'fr' });
  adminFr = fr.id;
  admin = client(t.app, await sessionHeaders(t.deps, fr));
  adminEn = (await createUser(t.deps, { role: 'admin', locale: 'en' })).id;
  inactiveAdmin = (await createUser(t.deps, { role: 'admin', isActive: false })).id;
  plainUser = (await createUser(t.deps, { role: 'manager' })).id;
});
afterAll(async () => t?.close());

describe('alert rules', () => {
  it('are managed by administrators, with stable codes for what cannot work', async () => {
    const created = await admin.post('/api/v1/analytics/alerts', {
      name: 'Erreurs',
      kind: 'api_errors',
      threshold: 10,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'api_errors',
      threshold: 10,
      windowMinutes: 5,
      active: true,
      funnelId: null,
      lastValue: null,
    });
    const id = created.body.id;
    expect((await admin.get('/api/v1/analytics/alerts')).body.items.map((a: { id: string }) => a.id)).toContain(id);
    const changed = await admin.patch(`/api/v1/analytics/alerts/${id}`, { windowMinutes: 15, active: false });
    expect(changed.body).toMatchObject({ windowMinutes: 15, active: false });
    expect((await admin.get(`/api/v1/analytics/alerts/${id}`)).body.windowMinutes).toBe(15);

    const noFunnel = await admin.post('/api/v1/analytics/alerts', {
      name: 'x',
      kind: 'funnel_conversion',
      threshold: 20,
    });
    expect(noFunnel.status).toBe(400);
    expect(noFunnel.body.code).toBe('analytics_alert.funnel_required');
    const unknown = await admin.post('/api/v1/analytics/alerts', {
      name: 'x',
      kind: 'funnel_conversion',
      threshold: 20,
      funnelId: '0199b0a4-0000-7000-8000-000000000000',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('analytics_alert.funnel_not_found');
    const funnel = await admin.post('/api/v1/analytics/product/funnels', {
      name: 'F',
      steps: [{ event: '$pageview' }, { event: 'contact_created' }],
    });
    const misplaced = await admin.patch(`/api/v1/analytics/alerts/${id}`, { funnelId: funnel.body.id });
    expect(misplaced.body.code).toBe('analytics_alert.invalid');
    const over = await admin.post('/api/v1/analytics/alerts', {
      name: 'x',
      kind: 'funnel_conversion',
      threshold: 150,
      funnelId: funnel.body.id,
    });
    expect(over.body.code).toBe('analytics_alert.invalid');
    // Two decimals are kept (a `real` column could not even hold 1e-136).
    const tiny = await admin.post('/api/v1/analytics/alerts', { name: 'x', kind: 'api_errors', threshold: 2e-136 });
    expect(tiny.status).toBe(201);
    expect(tiny.body.threshold).toBe(0);
    const precise = await admin.patch(`/api/v1/analytics/alerts/${tiny.body.id}`, { threshold: 33.333, active: false });
    expect(precise.body.threshold).toBe(33.33);
    await admin.delete(`/api/v1/analytics/alerts/${tiny.body.id}`);
    const tooLong = await admin.post('/api/v1/analytics/alerts', {
      name: 'x',
      kind: 'api_errors',
      threshold: 1,
      windowMinutes: 200_000,
    });
    expect(tooLong.body.code).toBe('request.validation');

    const manager = client(t.app, await sessionHeaders(t.deps, { id: plainUser }));
    expect((await manager.get('/api/v1/analytics/alerts')).status).toBe(403);
    expect(
      (await manager.post('/api/v1/analytics/alerts', { name: 'x', kind: 'api_errors', threshold: 1 })).status,
    ).toBe(403);

    expect((await admin.delete(`/api/v1/analytics/alerts/${id}`)).status).toBe(204);
    const gone = await admin.get(`/api/v1/analytics/alerts/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('analytics_alert.not_found');
  });
});

describe('alert checks', () => {
  it('fires on API errors above the threshold, notifies each active admin once per cooldown, records the value', async () => {
    now = new Date(START);
    const created = await admin.post('/api/v1/analytics/alerts', {
      name: 'Erreurs API',
      kind: 'api_errors',
      threshold: 3,
      windowMinutes: 10,
    });
    const id = created.body.id;
    const off = await admin.post('/api/v1/analytics/alerts', {
      name: 'Éteinte',
      kind: 'api_errors',
      threshold: 0,
      active: false,
    });
    const apiError = (at: string) => ({
      event: 'api_error',
      at,
      source: 'server' as const,
      properties: { code: 'x.y', status: 500, route: '/x' },
    });
    await insertAnalyticsEvents(t.deps.database.db, [
      apiError(minutes(-1)),
      apiError(minutes(-2)),
      apiError(minutes(-5)),
      apiError(minutes(-9.99)),
      apiError(minutes(-10.02)), // before the 10-minute window
      apiError(minutes(3)), // not yet
      { event: '$exception', at: minutes(-1), properties: { $exception_type: 'TypeError' } }, // not an API error
    ]);
    // 4 errors in the last 10 minutes: more than 3.
    expect(await checkOf(id)).toEqual({ alertId: id, value: 4, firing: true, notified: 2 });
    const notices = await noticesOf(id);
    expect(notices.map((n) => n.userId).sort()).toEqual([adminFr, adminEn].sort());
    expect(notices.map((n) => n.userId)).not.toContain(inactiveAdmin);
    expect(notices.map((n) => n.userId)).not.toContain(plainUser);
    const fr = notices.find((n) => n.userId === adminFr);
    expect(fr).toMatchObject({
      title: 'Alerte\u202f: Erreurs API',
      body: '4 erreurs d’API en 10\u202fmin (seuil\u202f: 3)',
      data: { alertId: id },
    });
    expect(notices.find((n) => n.userId === adminEn)).toMatchObject({
      title: 'Alert: Erreurs API',
      body: '4 API errors in 10 min (threshold: 3)',
    });
    const stored = (await admin.get(`/api/v1/analytics/alerts/${id}`)).body;
    expect(stored).toMatchObject({ lastValue: 4, lastCheckedAt: now.toISOString(), lastFiredAt: now.toISOString() });
    expect((await admin.get(`/api/v1/analytics/alerts/${off.body.id}`)).body.lastCheckedAt).toBeNull();

    // A minute later: the error of 9.99 minutes ago has left the window; 3 is not above 3.
    now = new Date(START + 60_000);
    expect(await checkOf(id)).toMatchObject({ value: 3, firing: false, notified: 0 });
    // One more error: firing again, but within the hour after the last notice: nobody is told twice.
    await insertAnalyticsEvents(t.deps.database.db, [apiError(minutes(-0.5))]);
    expect(await checkOf(id)).toMatchObject({ value: 4, firing: true, notified: 0 });
    const later = (await admin.get(`/api/v1/analytics/alerts/${id}`)).body;
    expect(later).toMatchObject({
      lastValue: 4,
      lastCheckedAt: now.toISOString(),
      lastFiredAt: new Date(START).toISOString(),
    });
    expect(await noticesOf(id)).toHaveLength(2);

    // An hour after the first notice, still firing: notified again.
    now = new Date(START + 61 * 60_000);
    admin = client(t.app, await sessionHeaders(t.deps, { id: adminFr })); // a session of this hour
    await insertAnalyticsEvents(
      t.deps.database.db,
      [1, 2, 3, 4].map((m) => apiError(minutes(-m))),
    );
    expect(await checkOf(id)).toMatchObject({ value: 4, firing: true, notified: 2 });
    expect(await noticesOf(id)).toHaveLength(4);
    await admin.patch(`/api/v1/analytics/alerts/${id}`, { active: false });
  });

  it('fires when a saved funnel’s conversion over the window falls below the threshold', async () => {
    now = new Date(START + 2 * 86_400_000);
    admin = client(t.app, await sessionHeaders(t.deps, { id: adminFr })); // a session of this day
    const funnel = await admin.post('/api/v1/analytics/product/funnels', {
      name: 'Fiche puis contact',
      steps: [{ event: '$pageview', route: '/people' }, { event: 'contact_created' }],
      windowDays: 1,
    });
    const created = await admin.post('/api/v1/analytics/alerts', {
      name: 'Conversion',
      kind: 'funnel_conversion',
      threshold: 50,
      windowMinutes: 7 * 1440,
      funnelId: funnel.body.id,
    });
    const id = created.body.id;
    // Nobody entered the funnel in the window: nothing to measure, no alert.
    expect(await checkOf(id)).toEqual({ alertId: id, value: null, firing: false, notified: 0 });

    const users = await Promise.all([1, 2, 3, 4].map(async () => (await createUser(t.deps)).id));
    await insertAnalyticsEvents(t.deps.database.db, [
      ...users.map((userId, i) => ({ event: '$pageview', userId, at: minutes(-60 * (i + 1)), route: '/people' })),
      { event: 'contact_created', userId: users[0], at: minutes(-30), source: 'server' as const },
      // Entered 8 days ago: outside the 7-day window.
      { event: '$pageview', userId: users[1], at: minutes(-8 * 1440), route: '/people' },
    ]);
    // 1 of 4 converted: 25 % < 50 %.
    expect(await checkOf(id)).toEqual({ alertId: id, value: 25, firing: true, notified: 2 });
    const fr = (await noticesOf(id)).find((n) => n.userId === adminFr);
    expect(fr?.body).toBe(
      'Conversion de l’entonnoir «\u202fFiche puis contact\u202f»\u202f: 25\u202f% en 7\u202fjours (seuil\u202f: 50\u202f%)',
    );
    // Deleting the funnel deletes the alert that watches it.
    await admin.delete(`/api/v1/analytics/product/funnels/${funnel.body.id}`);
    expect((await admin.get(`/api/v1/analytics/alerts/${id}`)).status).toBe(404);
  });

  it('runs as a job every minute, registered with the features', async () => {
    expect(evaluateAnalyticsAlertsJob.cron).toBe('* * * * *');
    expect(features.some((f) => f.jobs?.includes(evaluateAnalyticsAlertsJob))).toBe(true);
    const result = await evaluateAnalyticsAlertsJob.handler?.(
      {},
      { deps: t.deps, log: t.deps.log, jobId: 'j', retryCount: 0 },
    );
    expect(result).toEqual({ checked: expect.any(Number), notified: 0 });
  });

  it('writes window lengths as people read them', () => {
    const a = { name: 'A', kind: 'api_errors', threshold: 2.5, windowMinutes: 120 };
    expect(alertMessage(a, 1234, 'fr').body).toBe('1\u202f234 erreurs d’API en 2\u202fh (seuil\u202f: 2,5)');
    expect(alertMessage({ ...a, windowMinutes: 1440 }, 3, 'en').body).toBe('3 API errors in 1 day (threshold: 2.5)');
  });
});
