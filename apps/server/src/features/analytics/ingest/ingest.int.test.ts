import { gzipSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../test/test-app.ts';
import { newId } from '../../../platform/db/ids.ts';
import { analyticsEvents } from '../analytics.schema.ts';
import { AnalyticsRuntime, analyticsRuntimeOf } from './ingest.service.ts';

/**
 * The `/ingest` routes with bodies in the exact shapes the real clients send (posthog-js 1.449: its request queue's
 * `{ api_key, batch, sent_at }` capture body, gzipped as `text/plain` without a `compression` parameter, or base64 in
 * a form for `sendBeacon`; posthog-node: JSON with `Content-Encoding: gzip`).
 */

const ORIGIN = 'http://localhost:80';
const PERSON = '0199b0a4-1111-7000-8000-000000000001';

let t: TestApp;
let consented: { id: string; headers: Record<string, string> };
let refused: { id: string; headers: Record<string, string> };

/** An event as posthog-js' capture() builds it, after its request queue replaced `timestamp` with `offset`. */
function jsEvent(event: string, properties: Record<string, unknown> = {}, uuid = newId()) {
  return {
    uuid,
    event,
    properties: {
      $os: 'Linux',
      $browser: 'Chrome',
      $device_type: 'Desktop',
      $current_url: `http://localhost/people/${PERSON}?q=Jean%20Dupont#notes`,
      $host: 'localhost',
      $pathname: `/people/${PERSON}`,
      $screen_width: 1440,
      $viewport_height: 900,
      $lib: 'web',
      $lib_version: '1.449.2',
      $referrer: 'http://localhost/people?q=Dupont',
      $session_id: '0199b0a4-2222-7000-8000-000000000002',
      $window_id: '0199b0a4-3333-7000-8000-000000000003',
      $pageview_id: '0199b0a4-4444-7000-8000-000000000004',
      token: 'crm',
      distinct_id: 'anon-0199b0a4',
      $set_once: { $initial_referrer: 'https://mail.example.com/?to=jean@example.com' },
      $raw_user_agent: 'Mozilla/5.0',
      ...properties,
    },
    $set: { email: 'jean@example.com' },
    offset: 12,
  };
}
const captureBody = (events: unknown[]) => ({ api_key: 'crm', batch: events, sent_at: new Date().toISOString() });

function post(
  url: string,
  payload: string | Buffer,
  headers: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url, payload, headers: { origin: ORIGIN, ...headers, ...extra } });
}
const gzipJs = (body: unknown) => gzipSync(Buffer.from(JSON.stringify(body)));
const base64Form = (body: unknown) =>
  `data=${encodeURIComponent(Buffer.from(JSON.stringify(body), 'utf8').toString('base64'))}`;

/** The web events stored about a user (server events, such as `api_error` for a refused request, aside). */
async function stored(userId: string) {
  await t.deps.analytics.flush();
  return t.deps.database.db
    .select()
    .from(analyticsEvents)
    .where(and(eq(analyticsEvents.userId, userId), eq(analyticsEvents.source, 'web')));
}

beforeAll(async () => {
  t = await createTestApp();
  const a = await createUser(t.deps);
  const b = await createUser(t.deps);
  consented = { id: a.id, headers: await sessionHeaders(t.deps, a) };
  refused = { id: b.id, headers: await sessionHeaders(t.deps, b) };
  for (const [u, analytics] of [
    [consented, true],
    [refused, false],
  ] as const) {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/analytics/consent',
      headers: u.headers,
      payload: { analytics, replay: false, source: 'prompt' },
    });
    expect(res.statusCode).toBe(200);
  }
});
afterAll(async () => t?.close());

beforeEach(async () => {
  await t.deps.analytics.flush();
  await t.deps.database.db.delete(analyticsEvents);
});

describe('the /ingest routes decode what the real clients send', () => {
  it('posthog-js gzip (text/plain, no compression parameter): stored, attributed to the session, sanitised', async () => {
    const res = await post('/ingest/e/?ver=1.449.2&_=1700000000000', gzipJs(captureBody([jsEvent('$pageview')])), {
      ...consented.headers,
      'content-type': 'text/plain',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 1 });
    const [row] = await stored(consented.id);
    expect(row).toMatchObject({
      event: '$pageview',
      userId: consented.id,
      distinctId: 'anon-0199b0a4',
      source: 'web',
      sessionId: '0199b0a4-2222-7000-8000-000000000002',
      path: `/people/${PERSON}`,
      route: '/people/:id',
    });
    const props = row?.properties ?? {};
    expect(props.$current_url).toBe(`/people/${PERSON}`);
    expect(props.$referrer).toBe('/people');
    expect(props.$ip).toBe('127.0.0.0');
    expect(JSON.stringify(row)).not.toMatch(/Jean|Dupont|jean@example|mail\.example|Mozilla|token/);
  });

  it('the legacy ?compression=gzip-js and Content-Encoding: gzip (posthog-node) are read too', async () => {
    const a = await post('/ingest/i/v0/e/?compression=gzip-js', gzipJs(captureBody([jsEvent('$pageleave')])), {
      ...consented.headers,
      'content-type': 'text/plain',
    });
    const b = await post('/ingest/batch/', gzipJs(captureBody([jsEvent('$autocapture')])), {
      ...consented.headers,
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect((await stored(consented.id)).map((r) => r.event).sort()).toEqual(['$autocapture', '$pageleave']);
  });

  it('posthog-js base64 form (sendBeacon at page unload): data=<base64>, ?compression=base64', async () => {
    const body = captureBody([jsEvent('$pageleave', { $prev_pageview_duration: 42.5 })]);
    const res = await post('/ingest/e/?compression=base64', base64Form(body), {
      ...consented.headers,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.statusCode).toBe(200);
    const [row] = await stored(consented.id);
    expect(row?.properties.$prev_pageview_duration).toBe(42.5);
  });

  it('plain JSON: one event on /capture/, a bare array on /e/', async () => {
    const one = await post('/ingest/capture/', JSON.stringify(jsEvent('search_performed', { length: 5, results: 3 })), {
      ...consented.headers,
      'content-type': 'application/json',
    });
    const list = await post('/ingest/e', JSON.stringify([jsEvent('$pageview')]), {
      ...consented.headers,
      'content-type': 'text/plain;charset=UTF-8',
    });
    expect([one.statusCode, list.statusCode]).toEqual([200, 200]);
    const rows = await stored(consented.id);
    expect(rows.map((r) => r.event).sort()).toEqual(['$pageview', 'search_performed']);
    expect(rows.find((r) => r.event === 'search_performed')?.properties).toMatchObject({ length: 5, results: 3 });
  });

  it('a batch sent twice (a client retry) is stored once', async () => {
    const body = gzipJs(captureBody([jsEvent('$pageview', {}, '0199b0a4-5555-7000-8000-000000000005')]));
    for (let i = 0; i < 2; i++) {
      const res = await post('/ingest/e/', body, { ...consented.headers, 'content-type': 'text/plain' });
      expect(res.statusCode).toBe(200);
    }
    expect(await stored(consented.id)).toHaveLength(1);
  });

  it('drops what the catalogue does not allow, and counts it', async () => {
    const runtime = analyticsRuntimeOf(t.deps);
    const before = { ...runtime.stats.dropped };
    const res = await post(
      '/ingest/e/',
      JSON.stringify(
        captureBody([
          jsEvent('clicked_client_name', { name: 'Jean Dupont' }),
          jsEvent('search_performed', { length: 'Jean' }),
          jsEvent('deal_won', { mandatId: PERSON }),
          jsEvent('$identify'),
          jsEvent('saved_view_applied', { entity: 'people', extra: 'Jean Dupont' }),
        ]),
      ),
      { ...consented.headers, 'content-type': 'application/json' },
    );
    expect(res.statusCode).toBe(200);
    const rows = await stored(consented.id);
    expect(rows.map((r) => r.event)).toEqual(['saved_view_applied']);
    expect(rows[0]?.properties).not.toHaveProperty('extra');
    const after = runtime.stats.dropped;
    expect((after.unknown_event ?? 0) - (before.unknown_event ?? 0)).toBe(2);
    expect((after.invalid_properties ?? 0) - (before.invalid_properties ?? 0)).toBe(1);
    expect((after.wrong_source ?? 0) - (before.wrong_source ?? 0)).toBe(1);
  });
});

describe('who and whether', () => {
  it('a user without consent: answered 200, nothing stored, counted', async () => {
    const runtime = analyticsRuntimeOf(t.deps);
    const before = runtime.stats.dropped.no_consent ?? 0;
    const res = await post('/ingest/e/', JSON.stringify(captureBody([jsEvent('$pageview'), jsEvent('$pageview')])), {
      ...refused.headers,
      'content-type': 'application/json',
    });
    expect(res.statusCode).toBe(200);
    expect(await stored(refused.id)).toHaveLength(0);
    expect((runtime.stats.dropped.no_consent ?? 0) - before).toBe(2);
  });

  it('a user never asked stores nothing either', async () => {
    const u = await createUser(t.deps);
    const res = await post('/ingest/e/', JSON.stringify(captureBody([jsEvent('$pageview')])), {
      ...(await sessionHeaders(t.deps, u)),
      'content-type': 'application/json',
    });
    expect(res.statusCode).toBe(200);
    expect(await stored(u.id)).toHaveLength(0);
  });

  it('the claimed distinct_id never attributes: the session does', async () => {
    const res = await post(
      '/ingest/e/',
      JSON.stringify(captureBody([jsEvent('$pageview', { distinct_id: refused.id })])),
      { ...consented.headers, 'content-type': 'application/json' },
    );
    expect(res.statusCode).toBe(200);
    const [row] = await stored(consented.id);
    expect(row).toMatchObject({ userId: consented.id, distinctId: refused.id });
    expect(await stored(refused.id)).toHaveLength(0);
  });

  it('no session: 401; another origin or none: 403', async () => {
    const body = JSON.stringify(captureBody([jsEvent('$pageview')]));
    const anonymous = await post('/ingest/e/', body, { 'content-type': 'application/json' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('auth.unauthenticated');
    const foreign = await post('/ingest/e/', body, {
      ...consented.headers,
      'content-type': 'application/json',
      origin: 'https://evil.example',
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(foreign.json().code).toBe('analytics.origin_forbidden');
    const none = await t.app.inject({
      method: 'POST',
      url: '/ingest/e/',
      payload: body,
      headers: { ...consented.headers, 'content-type': 'application/json' },
    });
    expect(none.statusCode).toBe(403);
    expect(await stored(consented.id)).toHaveLength(0);
  });
});

describe('malformed and oversized input: problem+json with stable codes, never a 500', () => {
  const send = (payload: string | Buffer, extra: Record<string, string> = {}, url = '/ingest/e/') =>
    post(url, payload, { ...consented.headers, 'content-type': 'text/plain' }, extra);

  it.each([
    ['not JSON', 'hello'],
    ['JSON that is no event', '42'],
    ['an object without batch or event', '{"foo":1}'],
    ['gzip magic without gzip', Buffer.from([0x1f, 0x8b, 1, 2, 3])],
    ['a form without data', 'data'],
  ])('%s: 400 analytics.malformed_payload', async (_label, payload) => {
    const res = await send(payload as string | Buffer, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().code).toBe('analytics.malformed_payload');
  });

  it('an empty body and an unknown Content-Encoding', async () => {
    expect((await send('')).json().code).toMatch(/^(analytics\.malformed_payload|request\.malformed)$/);
    const br = await send('{}', { 'content-encoding': 'br' });
    expect(br.statusCode).toBe(415);
    expect(br.json().code).toBe('analytics.unsupported_encoding');
  });

  it('a gzip bomb: 413 analytics.payload_too_large before it is inflated', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await send(bomb);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('analytics.payload_too_large');
  });

  it('a body over 1 MB: 413; the replay endpoint takes 5 MB', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 0x20);
    const res = await send(big);
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const replay = await send(
      JSON.stringify([{ event: '$snapshot', properties: { pad: 'x'.repeat(2_000_000) } }]),
      {},
      '/ingest/s/',
    );
    expect(replay.statusCode).toBe(200);
  });

  it('NUL characters and lone surrogates anywhere: stored cleanly or dropped, never a 500', async () => {
    const res = await send(
      JSON.stringify(
        captureBody([
          jsEvent('$pageview', { $session_id: 'a\u0000b', $browser: '\ud800', '$x\u0000': 1 }),
          { event: 'search_performed', distinct_id: 'x\u0000', properties: { length: 1, results: 1 } },
        ]),
      ),
    );
    expect(res.statusCode).toBe(200);
    const rows = await stored(consented.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.properties).not.toHaveProperty('$browser');
  });
});

describe('the batched writer', () => {
  it('many events in many requests are written in few inserts', async () => {
    const runtime = analyticsRuntimeOf(t.deps);
    runtime.writer.stopTimer();
    await runtime.flush();
    const inserts = runtime.writer.stats.inserts;
    for (let r = 0; r < 6; r++) {
      const events = Array.from({ length: 100 }, () => jsEvent('$autocapture'));
      const res = await post('/ingest/e/', gzipJs(captureBody(events)), {
        ...consented.headers,
        'content-type': 'text/plain',
      });
      expect(res.statusCode).toBe(200);
    }
    await runtime.flush();
    expect(await stored(consented.id)).toHaveLength(600);
    // 600 events from 6 requests: one insert of 500 (at the batch size) and one of the rest.
    expect(runtime.writer.stats.inserts - inserts).toBe(2);
  });

  it('a full queue refuses with 503 analytics.overloaded and Retry-After', async () => {
    const runtime = new AnalyticsRuntime(
      { config: t.deps.config, database: t.deps.database, log: t.deps.log, clock: t.deps.clock },
      { flushIntervalMs: 0, maxQueue: 3 },
    );
    try {
      const body = { body: Buffer.from(JSON.stringify([jsEvent('$pageview'), jsEvent('$pageview')])) };
      await runtime.ingest(body, { source: 'web', userId: consented.id, ip: null });
      const refusedWrite = runtime.ingest(body, { source: 'web', userId: consented.id, ip: null });
      await expect(refusedWrite).rejects.toMatchObject({ code: 'analytics.overloaded', status: 503, retryAfter: 2 });
      expect(runtime.writer.stats.refused).toBe(2);
    } finally {
      await runtime.close();
    }
    expect(await stored(consented.id)).toHaveLength(2);
  });
});

describe('the ingest rate-limit budget', () => {
  it('is its own: the ingestion runs out, the API does not', async () => {
    const own = await createTestApp({ env: { RATE_LIMIT_INGEST_PER_MIN: '2' } });
    try {
      const u = await createUser(own.deps);
      const headers = { ...(await sessionHeaders(own.deps, u)), origin: ORIGIN, 'content-type': 'application/json' };
      const send = () =>
        own.app.inject({ method: 'POST', url: '/ingest/e/', payload: JSON.stringify([jsEvent('$pageview')]), headers });
      expect((await send()).statusCode).toBe(200);
      const second = await send();
      expect(second.statusCode).toBe(200);
      expect(second.headers['ratelimit-policy']).toBe('"ingest";q=2;w=60');
      const third = await send();
      expect(third.statusCode).toBe(429);
      expect(third.json().code).toBe('rate_limit.exceeded');
      expect(third.headers['retry-after']).toBeTruthy();
      const api = await own.app.inject({ method: 'GET', url: '/api/v1/analytics/consent', headers });
      expect(api.statusCode).toBe(200);
      // posthog-js' flag requests count against the same budget (not the API's).
      const flags = await own.app.inject({ method: 'POST', url: '/ingest/flags/?v=2', payload: '{}', headers });
      expect(flags.statusCode).toBe(429);
      expect(flags.headers['ratelimit-policy']).toBe('"ingest";q=2;w=60');
    } finally {
      await own.close();
    }
  });
});
