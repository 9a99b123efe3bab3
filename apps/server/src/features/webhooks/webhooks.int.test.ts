import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { startArrivalRecorder, WebhookReceiver } from '../../../test/fakes/webhook-receiver.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { chaosDelivery, FAST_WEBHOOKS, rateLimitScene, webhookPerson } from '../../../test/webhook-chaos.ts';
import { systemCtx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { emit } from '../../platform/events/emit.ts';
import { notifications } from '../notifications/notifications.schema.ts';
import { webhookDeliveries, webhookEndpoints } from './webhooks.schema.ts';

const FAST = FAST_WEBHOOKS;

const SERVER_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../..');

type Who = { id: string; c: Client };
const person = webhookPerson;

describe('outgoing webhooks', () => {
  let t: TestApp;
  let rx: WebhookReceiver;
  let admin: Who;
  let userA: Who;
  let userB: Who;
  let viewer: Who;

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: FAST });
    rx = await WebhookReceiver.start();
    const teamA = await createTeam(t.deps);
    const teamB = await createTeam(t.deps);
    const mk = async (role: 'admin' | 'user' | 'viewer', teamId: string | null): Promise<Who> => {
      const u = await createUser(t.deps, { role, teamId });
      return { id: u.id, c: client(t.app, await sessionHeaders(t.deps, u)) };
    };
    admin = await mk('admin', null);
    userA = await mk('user', teamA.id);
    userB = await mk('user', teamB.id);
    viewer = await mk('viewer', teamA.id);
  });
  afterAll(async () => {
    await t?.close();
    await rx?.close();
  });

  const create = async (who: Who, body: Record<string, unknown>) => {
    const r = await who.c.post('/api/v1/webhooks', { url: rx.url, eventTypes: ['contact.created'], ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; secret: string };
  };

  it('creates an endpoint with a whsec_ secret shown once, masks credential headers, and refuses bad input', async () => {
    const w = await create(userA, { headers: { Authorization: 'Bearer s3cret', 'X-Team': 'ops' }, description: 'ops' });
    expect(w.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const got = await userA.c.get(`/api/v1/webhooks/${w.id}`);
    expect(got.body.headers).toEqual({ Authorization: '••••••', 'X-Team': 'ops' });
    expect(JSON.stringify(got.body)).not.toContain(w.secret);
    const bad = [
      { url: 'ftp://example.com/hook', eventTypes: ['contact.created'] },
      { url: rx.url, eventTypes: ['contact.exploded'] },
      { url: rx.url, eventTypes: [] },
      { url: rx.url, eventTypes: ['*'], headers: { 'webhook-id': 'x' } },
      { url: rx.url, eventTypes: ['*'], headers: { 'X-Bad': 'a\r\nb' } },
      { url: 'https://user:pw@example.com/hook', eventTypes: ['*'] },
    ];
    for (const body of bad) {
      const r = await userA.c.post('/api/v1/webhooks', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    const reserved = await userA.c.post('/api/v1/webhooks', {
      url: rx.url,
      eventTypes: ['*'],
      headers: { 'Webhook-Id': 'x' },
    });
    expect(reserved.body.errors).toEqual([
      expect.objectContaining({ path: 'body.headers.Webhook-Id', message: 'set by the CRM, cannot be overridden' }),
    ]);
    const scheme = await userA.c.post('/api/v1/webhooks', { url: 'ftp://example.com/', eventTypes: ['*'] });
    expect(scheme.body).toMatchObject({
      code: 'webhooks.url_invalid',
      errors: [expect.objectContaining({ path: 'body.url' })],
    });
    // A masked value sent back keeps the stored one; a new value replaces it.
    const kept = await userA.c.patch(`/api/v1/webhooks/${w.id}`, {
      headers: { Authorization: '••••••', 'X-Team': 'sales' },
    });
    expect(kept.status).toBe(200);
    const [row] = await t.deps.database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, w.id));
    expect(row?.headers).toEqual({ Authorization: 'Bearer s3cret', 'X-Team': 'sales' });
    expect((await viewer.c.post('/api/v1/webhooks', { url: rx.url, eventTypes: ['*'] })).status).toBe(403);
    // Another user's endpoint does not exist for them; an admin sees it.
    expect((await userB.c.get(`/api/v1/webhooks/${w.id}`)).status).toBe(404);
    expect((await userB.c.delete(`/api/v1/webhooks/${w.id}`)).status).toBe(404);
    expect((await admin.c.get(`/api/v1/webhooks/${w.id}`)).status).toBe(200);
    expect((await userA.c.delete(`/api/v1/webhooks/${w.id}`)).status).toBe(204);
    // Deleting again (an integration unsubscribing a hook already deleted here) is not an error.
    expect((await userA.c.delete(`/api/v1/webhooks/${w.id}`)).status).toBe(204);
    expect((await userA.c.get(`/api/v1/webhooks/${w.id}`)).status).toBe(404);
  });

  it('delivers a signed event that verifies with the standardwebhooks library, only to owners who may see it', async () => {
    const a = await create(userA, {});
    const b = await create(userB, {});
    const all = await create(admin, { eventTypes: ['*'] });
    rx.secrets = [a.secret, b.secret, all.secret];
    const created = await createPerson(userA.c, { firstName: 'Jeanne', lastName: 'Signée' });
    const got = await waitFor(async () => {
      const mine = rx.received.filter((r) => r.body.includes(created.id));
      return mine.length >= 2 ? mine : null;
    });
    await new Promise((r) => setTimeout(r, 300)); // userB's endpoint, had it been sent anything, would have it now
    const mine = rx.received.filter((r) => r.body.includes(created.id));
    expect(mine).toHaveLength(2); // userA's endpoint and the admin's; not userB's (another team)
    for (const r of got) {
      expect(r.verified, r.verifyError).toBe(true);
      expect(r.headers['user-agent']).toMatch(/^CRM-Webhooks\//);
      const body = JSON.parse(r.body);
      expect(body).toMatchObject({
        type: 'contact.created',
        data: { person: { id: created.id, lastName: 'Signée' } },
      });
      expect(new Date(body.timestamp).getTime()).toBeGreaterThan(0);
    }
    const [event] = await t.deps.database.raw
      .query(`select id from events where payload->'person'->>'id' = $1`, [created.id])
      .then((r) => r.rows);
    expect(got.map((r) => r.id)).toEqual([event?.id, event?.id]);
    // The delivery log shows the attempt, as sent and as answered.
    // The outcome is recorded once the answer is read: wait for it.
    const log = await waitFor(async () => {
      const r = await userA.c.get(`/api/v1/webhooks/${a.id}/deliveries?status=succeeded`);
      return r.body.total === 1 ? r : null;
    });
    const d = await userA.c.get(`/api/v1/webhooks/${a.id}/deliveries/${log.body.items[0].id}`);
    expect(d.body.attemptLog).toHaveLength(1);
    expect(d.body.attemptLog[0]).toMatchObject({ responseStatus: 204, error: null });
    expect(d.body.attemptLog[0].requestHeaders['webhook-id']).toBe(event?.id);
    expect(d.body.attemptLog[0].requestHeaders['webhook-signature']).toMatch(/^v1,/); // an HMAC, not a credential
    expect(log.body.items[0].lastDurationMs).toBeGreaterThanOrEqual(0);
    for (const w of [a, b, all]) await admin.c.delete(`/api/v1/webhooks/${w.id}`);
  });

  it('sends nothing for a rolled-back write, exactly one delivery for a committed one', async () => {
    const w = await create(admin, { eventTypes: ['contact.updated'] });
    const ctx = systemCtx(t.deps);
    const p = person(admin.id, null, 'Annulée');
    await expect(
      withTx(ctx, async (tx) => {
        await emit(tx, 'contact.updated', { person: p, changes: ['lastName'] });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const kept = person(admin.id, null, 'Validée');
    await withTx(ctx, (tx) => emit(tx, 'contact.updated', { person: kept, changes: ['lastName'] }));
    await waitFor(async () => rx.received.some((r) => r.body.includes(kept.id)));
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received.filter((r) => r.body.includes(p.id))).toHaveLength(0);
    const rows = await t.deps.database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, w.id));
    expect(rows).toHaveLength(1);
    await admin.c.delete(`/api/v1/webhooks/${w.id}`);
  });

  it('disables an endpoint that answers 410 at once, and tells its owner', async () => {
    const gone = await WebhookReceiver.start();
    gone.react = () => ({ kind: 'status', status: 410 });
    const w = (await userA.c.post('/api/v1/webhooks', { url: gone.url, eventTypes: ['contact.created'] })).body;
    await createPerson(userA.c, { firstName: 'Irène', lastName: 'Partie' });
    const endpoint = await waitFor(async () => {
      const r = await userA.c.get(`/api/v1/webhooks/${w.id}`);
      return r.body.active === false ? r.body : null;
    });
    expect(endpoint.disabledReason).toBe('gone');
    expect(gone.received).toHaveLength(1); // no retry after a 410
    const notes = await t.deps.database.db.select().from(notifications).where(eq(notifications.userId, userA.id));
    expect(notes.some((n) => n.type === 'webhook.disabled')).toBe(true);
    // Disabled: later events are not sent.
    await createPerson(userA.c, { firstName: 'Irène', lastName: 'Encore' });
    await new Promise((r) => setTimeout(r, 500));
    expect(gone.received).toHaveLength(1);
    await gone.close();
  });

  it('dead-letters after the last retry, tells the owner, and redelivers on demand with the same webhook-id', async () => {
    const flaky = await WebhookReceiver.start();
    let healthy = false;
    flaky.react = () => (healthy ? { kind: 'status', status: 200 } : { kind: 'status', status: 500, body: 'boom' });
    const w = (await userA.c.post('/api/v1/webhooks', { url: flaky.url, eventTypes: ['contact.created'] })).body;
    flaky.secrets = [w.secret];
    await createPerson(userA.c, { firstName: 'Odile', lastName: 'Perdue' });
    const dead = await waitFor(async () => {
      const r = await userA.c.get(`/api/v1/webhooks/${w.id}/deliveries?status=failed`);
      return r.body.items[0] ?? null;
    }, 40_000);
    expect(dead.attempts).toBe(13); // the first attempt and the 12 retries of the schedule
    expect(flaky.received).toHaveLength(13);
    expect(new Set(flaky.received.map((r) => r.id)).size).toBe(1);
    const detail = await userA.c.get(`/api/v1/webhooks/${w.id}/deliveries/${dead.id}`);
    expect(detail.body.attemptLog).toHaveLength(13);
    expect(detail.body.attemptLog[0]).toMatchObject({ responseStatus: 500, responseBody: 'boom' });
    const notes = await t.deps.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userA.id), eq(notifications.type, 'webhook.delivery_failed')));
    expect(notes).toHaveLength(1);
    healthy = true;
    const again = await userA.c.post(`/api/v1/webhooks/${w.id}/deliveries/${dead.id}/redeliver`);
    expect(again.status).toBe(202);
    await waitFor(async () => flaky.acknowledged().length === 1);
    expect(flaky.acknowledged()[0]?.id).toBe(flaky.received[0]?.id);
    expect(flaky.acknowledged()[0]?.verified).toBe(true);
    await flaky.close();
  }, 60_000);

  it('honours Retry-After on 429 and 503', async () => {
    const busy = await WebhookReceiver.start();
    busy.react = ({ n }) =>
      n === 0 ? { kind: 'status', status: 429, headers: { 'retry-after': '1' } } : { kind: 'status', status: 200 };
    const w = (await userA.c.post('/api/v1/webhooks', { url: busy.url, eventTypes: ['contact.created'] })).body;
    await createPerson(userA.c, { firstName: 'Léa', lastName: 'Patiente' });
    await waitFor(async () => busy.received.length === 2, 10_000);
    const [first, second] = busy.received as unknown as [{ at: number }, { at: number }];
    // The schedule says 50 ms; the receiver asked for a second.
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    await userA.c.delete(`/api/v1/webhooks/${w.id}`);
    await busy.close();
  });

  it('rotates the secret: for 24 h every delivery is signed with the new and the old one', async () => {
    const w = await create(userA, {});
    const rotated = await userA.c.post(`/api/v1/webhooks/${w.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(w.secret);
    const hoursLeft = (new Date(rotated.body.previousSecretExpiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(23.9);
    const created = await createPerson(userA.c, { firstName: 'Rose', lastName: 'Tournante' });
    const r = await waitFor(async () => rx.received.find((x) => x.body.includes(created.id)) ?? null);
    const sigs = String(r.headers['webhook-signature']).split(' ');
    expect(sigs).toHaveLength(2);
    for (const secret of [w.secret, rotated.body.secret]) {
      const { Webhook } = await import('standardwebhooks');
      expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    }
    await userA.c.delete(`/api/v1/webhooks/${w.id}`);
  });

  it('sends a test event on demand and shows the receiver’s answer', async () => {
    const w = await create(userA, {});
    rx.secrets = [w.secret];
    const before = rx.received.length;
    const r = await userA.c.post(`/api/v1/webhooks/${w.id}/test`, { eventType: 'deal.won' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'succeeded', trigger: 'test', eventType: 'deal.won', attempts: 1 });
    expect(r.body.attemptLog[0].responseStatus).toBe(204);
    const got = rx.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]?.verified).toBe(true);
    expect(JSON.parse(got[0]?.body ?? '{}')).toMatchObject({ type: 'deal.won', data: { test: true } });
    expect((await userA.c.post(`/api/v1/webhooks/${w.id}/test`, { eventType: 'call.completed' })).status).toBe(400);
    await userA.c.delete(`/api/v1/webhooks/${w.id}`);
  });

  it('with 30 % of requests failing (500s, timeouts, dropped connections), delivers 60 events, each acknowledged (1,000: webhooks.soak.test.ts)', async () => {
    const { failures } = await chaosDelivery(t, admin, { batches: 3, perBatch: 20, ackWithinMs: 60_000 });
    // 30 % of at least 60 requests fail: about 18, never none (a chance of 0.7^60).
    expect(failures).toBeGreaterThan(0);
  }, 120_000);
});

describe('webhook rate limit', () => {
  let t: TestApp;
  let rxA: Awaited<ReturnType<typeof startArrivalRecorder>>;
  let rxB: Awaited<ReturnType<typeof startArrivalRecorder>>;
  let admin: Who;

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: { ...FAST, WEBHOOKS_RATE_PER_SECOND: '10' } });
    // Receivers in their own threads: arrival times not held up by this thread's embedded database.
    rxA = await startArrivalRecorder();
    rxB = await startArrivalRecorder();
    const u = await createUser(t.deps, { role: 'admin' });
    admin = { id: u.id, c: client(t.app, await sessionHeaders(t.deps, u)) };
  });
  afterAll(async () => {
    await t?.close();
    await rxA?.close();
    await rxB?.close();
  });

  it('sends at most 10 requests in any second to one endpoint while another endpoint is served at once', async () => {
    const t0 = await rateLimitScene(t, admin, { a: rxA.url, b: rxB.url });
    const arrivalsA = await waitFor(async () => {
      const a = await rxA.arrivals();
      return a.length === 40 ? a : null;
    }, 20_000);
    // What we send: the attempt log's start times, any 11 consecutive ones at least a second apart. (An attempt is
    // recorded once answered: wait for the last ones. A retry now and then, a reset keep-alive socket, adds rows.)
    const rows = await waitFor(async () => {
      const r = await t.deps.database.raw.query(
        `select a.started_at from webhook_attempts a join webhook_endpoints e on e.id = a.endpoint_id
         where e.url = $1 order by a.started_at`,
        [rxA.url],
      );
      return r.rows.length >= 40 ? r.rows : null;
    }, 10_000);
    const sent = rows.map((r) => new Date(r.started_at as string).getTime());
    for (let i = 0; i + 10 < sent.length; i++) {
      expect(sent[i + 10] as number, `sent ${i}..${i + 10}`).toBeGreaterThanOrEqual((sent[i] as number) + 1000);
    }
    // What the receiver sees: the same, within the network's jitter (the first request also opens the connection).
    const at = arrivalsA.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 0; i + 10 < at.length; i++) {
      expect(at[i + 10] as number, `arrived ${i}..${i + 10}`).toBeGreaterThanOrEqual((at[i] as number) + 1000 - 60);
    }
    // 40 requests at 10/s take about 4 s; the other endpoint's 5 arrived within its own rate, long before.
    expect(at.at(-1) as number).toBeGreaterThan(t0 + 3_500);
    const arrivalsB = await rxB.arrivals();
    expect(arrivalsB).toHaveLength(5);
    // Not queued behind the first endpoint's 40 (how soon, within 1.5 s, is a timing check: webhooks.soak.test.ts).
    expect(Math.max(...arrivalsB.map((r) => r.at))).toBeLessThan(at.at(-1) as number);
  }, 30_000);
});

describe('webhook deliveries and a worker that dies', () => {
  it('a delivery claimed by a worker that never finished is sent again after its lease, with the same webhook-id', async () => {
    const t = await createTestApp({ env: { ...FAST, WEBHOOKS_LEASE_SECONDS: '1' } });
    const rx = await WebhookReceiver.start();
    try {
      const u = await createUser(t.deps, { role: 'admin' });
      const c = client(t.app, await sessionHeaders(t.deps, u));
      const w = (await c.post('/api/v1/webhooks', { url: rx.url, eventTypes: ['contact.updated'] })).body;
      const eventId = crypto.randomUUID();
      await t.deps.database.db.insert(webhookDeliveries).values({
        endpointId: w.id,
        eventId,
        eventType: 'contact.updated',
        body: '{"type":"contact.updated"}',
        // What a worker killed during the request leaves behind: claimed, attempt counted, lease running.
        status: 'delivering',
        attempts: 1,
        leaseUntil: new Date(Date.now() + 1_000),
      });
      await t.deps.queue.work(t.deps);
      await waitFor(async () => rx.acknowledged().length === 1, 10_000);
      expect(rx.received[0]?.id).toBe(eventId);
      // The outcome is written once the answer has been read: wait for it rather than read the row at once.
      const row = await waitFor(async () => {
        const [r] = await t.deps.database.db
          .select()
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.eventId, eventId));
        return r?.status === 'delivering' ? null : r;
      }, 10_000);
      expect(row).toMatchObject({ status: 'succeeded', attempts: 2 });
      const [endpoint] = await t.deps.database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, w.id));
      expect(endpoint?.active).toBe(true);
    } finally {
      await t.close();
      await rx.close();
    }
  });
});

describe('webhook endpoint that keeps failing', () => {
  it('is disabled once it has failed without a success for the configured time, and its owner is told', async () => {
    // 0.001 h = 3.6 s instead of 3 days.
    const t = await createTestApp({ worker: true, env: { ...FAST, WEBHOOKS_DISABLE_AFTER_HOURS: '0.001' } });
    const down = await WebhookReceiver.start();
    down.react = () => ({ kind: 'status', status: 503 });
    try {
      const u = await createUser(t.deps, { role: 'admin' });
      const c = client(t.app, await sessionHeaders(t.deps, u));
      const w = (await c.post('/api/v1/webhooks', { url: down.url, eventTypes: ['contact.updated'] })).body;
      await withTx(systemCtx(t.deps), (tx) => emit(tx, 'contact.updated', { person: person(u.id, null), changes: [] }));
      const disabled = await waitFor(async () => {
        const r = await c.get(`/api/v1/webhooks/${w.id}`);
        return r.body.active === false ? r.body : null;
      }, 20_000);
      expect(disabled.disabledReason).toBe('failing');
      expect(down.received.length).toBeGreaterThan(1);
      const notes = await t.deps.database.db.select().from(notifications).where(eq(notifications.userId, u.id));
      expect(notes.map((n) => n.type)).toContain('webhook.disabled');
      // Switched back on by its owner: the failure record is cleared.
      const on = await c.patch(`/api/v1/webhooks/${w.id}`, { active: true });
      expect(on.body).toMatchObject({ active: true, disabledReason: null, health: { failingSince: null } });
    } finally {
      await t.close();
      await down.close();
    }
  }, 90_000);
});

describe('a worker process killed in the middle of a delivery', () => {
  // Two processes on one database: PostgreSQL only (the embedded database belongs to one process), so this runs in
  // the PostgreSQL + Redis suite of CI.
  it.runIf(!!process.env.DATABASE_URL)(
    'loses nothing: after its lease, another worker sends the delivery again with the same webhook-id',
    async () => {
      const env = { ...FAST, WEBHOOKS_LEASE_SECONDS: '2', WEBHOOKS_TIMEOUT_SECONDS: '30' };
      const t = await createTestApp({ env }); // the API side; the workers are child processes
      const rx = await WebhookReceiver.start();
      let arrived: () => void = () => {};
      const firstArrived = new Promise<void>((r) => {
        arrived = r;
      });
      // The first request is held open, as a slow receiver would: the worker dies while waiting for the answer.
      rx.react = ({ n }) => {
        if (n === 0) {
          arrived();
          return { kind: 'hang' };
        }
        return { kind: 'status', status: 200 };
      };
      const workerEnv = {
        ...process.env,
        ...env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: t.databaseUrl as string,
        SESSION_SECRET: t.config.sessionSecret,
        REDIS_URL: '',
      };
      const startWorker = () =>
        spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
          cwd: SERVER_DIR,
          env: workerEnv,
          stdio: 'ignore',
        });
      const first = startWorker();
      let second: ReturnType<typeof startWorker> | undefined;
      try {
        const u = await createUser(t.deps, { role: 'admin' });
        const c = client(t.app, await sessionHeaders(t.deps, u));
        const w = (await c.post('/api/v1/webhooks', { url: rx.url, eventTypes: ['contact.updated'] })).body;
        rx.secrets = [w.secret];
        const event = await withTx(systemCtx(t.deps), (tx) =>
          emit(tx, 'contact.updated', { person: person(u.id, null), changes: [] }),
        );
        await Promise.race([
          firstArrived,
          new Promise((_, no) => setTimeout(() => no(new Error('no delivery')), 60_000)),
        ]);
        first.kill('SIGKILL');
        await new Promise((r) => first.once('exit', r));
        second = startWorker();
        await waitFor(async () => rx.acknowledged().length === 1, 60_000);
        expect(rx.received.map((r) => r.id)).toEqual([event.id, event.id]);
        expect(rx.received.every((r) => r.verified)).toBe(true);
        // The outcome is recorded once the receiver's answer is read: wait for it.
        const row = await waitFor(async () => {
          const [r] = await t.deps.database.db
            .select()
            .from(webhookDeliveries)
            .where(eq(webhookDeliveries.eventId, event.id));
          return r?.status === 'succeeded' ? r : null;
        }, 20_000);
        expect(row.attempts).toBe(2);
      } finally {
        first.kill('SIGKILL');
        second?.kill('SIGTERM');
        await t.close();
        await rx.close();
      }
    },
    120_000,
  );
});
