import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyFor } from '../../../test/auth-helpers.ts';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import type { Deps } from '../context.ts';
import { AppError } from '../errors.ts';

const HOUR = 3_600_000;

/** Test routes: one that waits until released (a request still running), one that fails once with a 500. */
let release: () => void = () => {};
let slowStarted = false;
let flakyCalls = 0;
const testRoutes: FastifyPluginAsync<{ deps: Deps }> = async (api) => {
  api.post('/test/slow', { config: { auth: { scope: 'write' } } }, async (_req, reply) => {
    slowStarted = true;
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    return reply.code(201).send({ done: true });
  });
  api.post('/test/flaky', { config: { auth: { scope: 'write' } } }, async () => {
    flakyCalls += 1;
    if (flakyCalls === 1) throw new Error('boom');
    return { calls: flakyCalls };
  });
  api.post('/test/refused', { config: { auth: { scope: 'write' } } }, async () => {
    throw new AppError('test.conflict', 'refused once and for all');
  });
};

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let offsetMs = 0;
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  let aliceKey: Record<string, string>;
  const post = (headers: Record<string, string>, url: string, payload: unknown, key?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload: payload as object,
    });
  const orgCount = async () =>
    Number((await t.deps.database.raw.query('select count(*)::int as n from organisations')).rows[0]?.n);

  beforeAll(async () => {
    t = await createTestApp({
      routes: [testRoutes],
      deps: { clock: { now: () => new Date(Date.now() + offsetMs) } },
    });
    const a = await createUser(t.deps, { role: 'manager' });
    const b = await createUser(t.deps, { role: 'manager' });
    alice = await sessionHeaders(t.deps, a);
    bob = await sessionHeaders(t.deps, b);
    aliceKey = { authorization: `Bearer ${await createApiKeyFor(t.app, alice, ['read', 'write'])}` };
  });
  afterAll(async () => t?.close());

  it('replays the first answer to the same request, and writes once', async () => {
    const before = await orgCount();
    const first = await post(alice, '/organisations', { name: 'Cabinet Idem', force: true }, 'create-org-1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await post(alice, '/organisations', { name: 'Cabinet Idem', force: true }, 'create-org-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.json()).toEqual(first.json());
    expect(await orgCount()).toBe(before + 1);
  });

  it('refuses the same key for another body with 422 idempotency.key_reused', async () => {
    const res = await post(alice, '/organisations', { name: 'Cabinet Autre', force: true }, 'create-org-1');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().code).toBe('idempotency.key_reused');
  });

  it('refuses the same key on another route with 422', async () => {
    const res = await post(alice, '/people', { firstName: 'A', lastName: 'B', force: true }, 'create-org-1');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('idempotency.key_reused');
  });

  it('scopes keys to the caller: another user, or an API key, never gets this answer', async () => {
    const body = { name: 'Cabinet Portée', force: true };
    const mine = await post(alice, '/organisations', body, 'scoped-key');
    const bobs = await post(bob, '/organisations', body, 'scoped-key');
    const viaKey = await post(aliceKey, '/organisations', body, 'scoped-key');
    expect([mine.statusCode, bobs.statusCode, viaKey.statusCode]).toEqual([201, 201, 201]);
    expect(bobs.headers['idempotent-replayed']).toBeUndefined();
    expect(viaKey.headers['idempotent-replayed']).toBeUndefined();
    expect(new Set([mine.json().id, bobs.json().id, viaKey.json().id]).size).toBe(3);
    const viaKeyAgain = await post(aliceKey, '/organisations', body, 'scoped-key');
    expect(viaKeyAgain.headers['idempotent-replayed']).toBe('true');
    expect(viaKeyAgain.json().id).toBe(viaKey.json().id);
  });

  it('answers 409 idempotency.in_progress with Retry-After while the first request runs', async () => {
    const first = post(alice, '/test/slow', {}, 'slow-1');
    while (!slowStarted) await new Promise((r) => setTimeout(r, 10));
    const second = await post(alice, '/test/slow', {}, 'slow-1');
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('idempotency.in_progress');
    expect(second.headers['retry-after']).toBe('1');
    release();
    expect((await first).statusCode).toBe(201);
    const third = await post(alice, '/test/slow', {}, 'slow-1');
    expect(third.statusCode).toBe(201);
    expect(third.headers['idempotent-replayed']).toBe('true');
  });

  it('keeps a 4xx answer and replays it', async () => {
    const first = await post(alice, '/test/refused', {}, 'refused-1');
    expect(first.statusCode).toBe(409);
    const again = await post(alice, '/test/refused', {}, 'refused-1');
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('does not keep a 5xx: the retry runs again', async () => {
    const first = await post(alice, '/test/flaky', {}, 'flaky-1');
    expect(first.statusCode).toBe(500);
    const again = await post(alice, '/test/flaky', {}, 'flaky-1');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ calls: 2 });
  });

  it('claims nothing for a request refused before it ran (validation, CSRF)', async () => {
    const invalid = await post(alice, '/organisations', { name: '' }, 'early-1');
    expect(invalid.statusCode).toBe(400);
    const noCsrf = await post(
      { cookie: alice.cookie as string },
      '/organisations',
      { name: 'X', force: true },
      'early-1',
    );
    expect(noCsrf.statusCode).toBe(403);
    const ok = await post(alice, '/organisations', { name: 'Cabinet Après', force: true }, 'early-1');
    expect(ok.statusCode).toBe(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed key with 400 idempotency.invalid_key', async () => {
    for (const key of ['a'.repeat(256), 'has space', 'quote"d', 'é']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { ...alice, 'idempotency-key': key },
        payload: { name: 'Cabinet Clef', force: true },
      });
      expect(res.statusCode, key).toBe(400);
      expect(res.json().code).toBe('idempotency.invalid_key');
    }
    const longest = await post(alice, '/organisations', { name: 'Cabinet Longue', force: true }, 'k'.repeat(255));
    expect(longest.statusCode).toBe(201);
  });

  it('refuses the header on a multipart upload (POST /imports)', async () => {
    const boundary = 'XyZ';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="entity"',
      '',
      'organisations',
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="a.csv"',
      'Content-Type: text/csv',
      '',
      'nom\nCabinet',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...alice, 'content-type': `multipart/form-data; boundary=${boundary}`, 'idempotency-key': 'imp-1' },
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('idempotency.unsupported_for_multipart');
  });

  it('forgets a key after 24 hours', async () => {
    // Through the API key: the session would have expired by then.
    const first = await post(aliceKey, '/organisations', { name: 'Cabinet Hier', force: true }, 'day-old');
    expect(first.statusCode).toBe(201);
    offsetMs = 24 * HOUR + 1000;
    try {
      const later = await post(aliceKey, '/organisations', { name: 'Cabinet Demain', force: true }, 'day-old');
      expect(later.statusCode).toBe(201);
      expect(later.json().id).not.toBe(first.json().id);
    } finally {
      offsetMs = 0;
    }
  });
});
