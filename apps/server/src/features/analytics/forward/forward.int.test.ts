import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../../test/factories.ts';
import { FakePostHogHost } from '../../../../test/fakes/posthog-host.ts';
import { createTestApp, type TestApp, waitFor } from '../../../../test/test-app.ts';
import { analyticsEvents } from '../analytics.schema.ts';
import { analyticsRuntimeOf } from '../ingest/ingest.service.ts';

/** With POSTHOG_HOST and POSTHOG_PROJECT_KEY, the sanitised events go on to PostHog's `/batch/`, retried. */
describe('forwarding to a PostHog host', () => {
  let t: TestApp;
  let posthog: FakePostHogHost;
  let user: { id: string; headers: Record<string, string> };

  const send = (events: Record<string, unknown>[]) =>
    t.app.inject({
      method: 'POST',
      url: '/ingest/e/',
      payload: JSON.stringify({ api_key: 'phc_test', batch: events, sent_at: new Date().toISOString() }),
      headers: { ...user.headers, origin: 'http://localhost', 'content-type': 'application/json' },
    });
  const pageview = (uuid: string) => ({
    uuid,
    event: '$pageview',
    properties: {
      distinct_id: 'anon-1',
      $current_url: 'http://localhost/people?q=Jean%20Dupont',
      $set: { email: 'jean@example.com' },
      $session_id: 's-1',
    },
    offset: 3,
  });

  beforeAll(async () => {
    posthog = await FakePostHogHost.start();
    t = await createTestApp({ env: { POSTHOG_HOST: posthog.url, POSTHOG_PROJECT_KEY: 'phc_test' } });
    const u = await createUser(t.deps);
    user = { id: u.id, headers: await sessionHeaders(t.deps, u) };
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/analytics/consent',
      headers: user.headers,
      payload: { analytics: true, replay: false, source: 'prompt' },
    });
    expect(res.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await posthog?.close();
  });

  it('sends the stored (sanitised) events, gzipped, with the project key, attributed to the user', async () => {
    const uuid = '0199b0a4-aaaa-7000-8000-00000000000a';
    expect((await send([pageview(uuid)])).statusCode).toBe(200);
    await t.deps.analytics.flush();
    await analyticsRuntimeOf(t.deps).forwarder?.flush();
    const [event] = await waitFor(async () => {
      const found = posthog.accepted().filter((e) => e.uuid === uuid);
      return found.length ? found : null;
    });
    const call = posthog.calls.find((c) => c.body?.batch?.some((e) => e.uuid === uuid));
    expect(call).toMatchObject({ path: '/batch/', body: { api_key: 'phc_test' } });
    expect(call?.headers['content-encoding']).toBe('gzip');
    expect(event).toMatchObject({
      event: '$pageview',
      distinct_id: user.id,
      properties: { $current_url: '/people', $session_id: 's-1' },
    });
    expect(JSON.stringify(event)).not.toMatch(/Jean|Dupont|jean@example/);
    const [row] = await t.deps.database.db.select().from(analyticsEvents).where(eq(analyticsEvents.id, uuid));
    expect(row?.occurredAt.toISOString()).toBe(event?.timestamp);
  });

  it('retries after a 503 (with backoff), without holding up ingestion', async () => {
    const runtime = analyticsRuntimeOf(t.deps);
    // Nothing else in flight: the scripted failure is this batch's.
    await t.deps.analytics.flush();
    await runtime.forwarder?.flush();
    const retries = runtime.forwarder?.stats.retries ?? 0;
    posthog.failNext(503, 1);
    const uuid = '0199b0a4-bbbb-7000-8000-00000000000b';
    const calls = posthog.calls.length;
    expect((await send([pageview(uuid)])).statusCode).toBe(200);
    await t.deps.analytics.flush();
    // Stored at once, whatever PostHog answers.
    expect(await t.deps.database.db.select().from(analyticsEvents).where(eq(analyticsEvents.id, uuid))).toHaveLength(1);
    await waitFor(async () => posthog.accepted().some((e) => e.uuid === uuid), 15_000);
    const mine = posthog.calls.slice(calls).filter((c) => c.body?.batch?.some((e) => e.uuid === uuid));
    expect(mine.map((c) => c.status)).toEqual([503, 200]);
    expect(runtime.forwarder?.stats.retries).toBe(retries + 1);
  });

  it('a batch PostHog refuses (400) is dropped, not retried forever', async () => {
    const runtime = analyticsRuntimeOf(t.deps);
    await t.deps.analytics.flush();
    await runtime.forwarder?.flush();
    const dropped = runtime.forwarder?.stats.dropped ?? 0;
    posthog.failNext(400, 1);
    const uuid = '0199b0a4-cccc-7000-8000-00000000000c';
    expect((await send([pageview(uuid)])).statusCode).toBe(200);
    await t.deps.analytics.flush();
    await waitFor(async () => (runtime.forwarder?.stats.dropped ?? 0) > dropped);
    expect(posthog.accepted().some((e) => e.uuid === uuid)).toBe(false);
    expect(runtime.forwarder?.stats.queued).toBe(0);
  });
});
