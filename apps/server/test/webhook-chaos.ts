/**
 * The webhooks' chaos run, shared by the default suite (60 events, webhooks.int.test.ts) and the soak suite (1,000
 * events, webhooks.soak.test.ts): a receiver failing 30 % of requests (500s, hangs, dropped connections), events
 * emitted in batches of one transaction each, then every event must be acknowledged exactly as emitted, every
 * request must carry a known id and a valid signature, and every delivery must end succeeded.
 */
import { expect } from 'vitest';
import { systemCtx } from '../src/platform/context.ts';
import { withTx } from '../src/platform/db/tx.ts';
import { emit } from '../src/platform/events/emit.ts';
import { WebhookReceiver } from './fakes/webhook-receiver.ts';
import type { Client } from './http.ts';
import { type TestApp, waitFor } from './test-app.ts';

/** Fast retries and short timeouts: the behaviour of the production schedule, at test speed. */
export const FAST_WEBHOOKS = {
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOKS_RETRY_SCHEDULE: '50ms,100ms,200ms,400ms,800ms,1s,1s,1s,1s,1s,1s,1s',
  // Above the longest stall of this process's event loop under a loaded CI (the embedded database runs in it).
  WEBHOOKS_TIMEOUT_SECONDS: '1.5',
  WEBHOOKS_POLL_MS: '50',
  WEBHOOKS_RATE_PER_SECOND: '1000',
  WEBHOOKS_CONCURRENCY: '32',
};

export const webhookPerson = (ownerId: string, teamId: string | null, lastName = 'Martin') => ({
  id: crypto.randomUUID(),
  firstName: 'Hélène',
  lastName,
  ownerId,
  teamId,
});

/**
 * Runs the chaos delivery of `batches × perBatch` `contact.updated` events through an endpoint the admin creates,
 * asserts what every size shares, and returns the number of failed requests for the caller's own bound.
 */
export async function chaosDelivery(
  t: TestApp,
  admin: { id: string; c: Client },
  size: { batches: number; perBatch: number; ackWithinMs: number },
): Promise<{ failures: number }> {
  const chaos = await WebhookReceiver.start();
  chaos.react = () => {
    const x = Math.random();
    if (x < 0.1) return { kind: 'status', status: 500 };
    if (x < 0.2) return { kind: 'hang' };
    if (x < 0.3) return { kind: 'drop' };
    return { kind: 'status', status: 200 };
  };
  const w = (await admin.c.post('/api/v1/webhooks', { url: chaos.url, eventTypes: ['contact.updated'] })).body;
  chaos.secrets = [w.secret];
  const ids: string[] = [];
  const ctx = systemCtx(t.deps);
  for (let batch = 0; batch < size.batches; batch++) {
    await withTx(ctx, async (tx) => {
      for (let i = 0; i < size.perBatch; i++) {
        const e = await emit(tx, 'contact.updated', {
          person: webhookPerson(admin.id, null, `N${batch}-${i}`),
          changes: [],
        });
        ids.push(e.id);
      }
    });
  }
  await waitFor(async () => new Set(chaos.acknowledged().map((r) => r.id)).size === ids.length, size.ackWithinMs, 200);
  const acked = new Set(chaos.acknowledged().map((r) => r.id));
  expect([...acked].sort()).toEqual([...ids].sort());
  // Every request carried one of the events' ids (duplicates are retries of the same id) and a valid signature.
  expect(chaos.received.every((r) => acked.has(r.id) && r.verified)).toBe(true);
  const failures = chaos.received.length - chaos.acknowledged().length;
  // A 200 the sender did not see in time (a stalled event loop) is sent again: every delivery ends succeeded.
  await waitFor(async () => {
    const { rows } = await t.deps.database.raw.query(
      `select count(*)::int as n from webhook_deliveries where endpoint_id = $1 and status <> 'succeeded'`,
      [w.id],
    );
    return rows[0]?.n === 0;
  }, 60_000);
  await admin.c.delete(`/api/v1/webhooks/${w.id}`);
  await chaos.close();
  return { failures };
}

/**
 * The rate-limit scene of the webhooks' default and soak suites: endpoint A takes `contact.updated`, endpoint B
 * `organisation.updated`; one transaction emits 40 events for A and 5 for B. Returns when the emitting began (ms).
 */
export async function rateLimitScene(
  t: TestApp,
  admin: { id: string; c: Client },
  urls: { a: string; b: string },
): Promise<number> {
  await admin.c.post('/api/v1/webhooks', { url: urls.a, eventTypes: ['contact.updated'] });
  await admin.c.post('/api/v1/webhooks', { url: urls.b, eventTypes: ['organisation.updated'] });
  const emittedFrom = Date.now();
  await withTx(systemCtx(t.deps), async (tx) => {
    for (let i = 0; i < 40; i++)
      await emit(tx, 'contact.updated', { person: webhookPerson(admin.id, null), changes: [] });
    for (let i = 0; i < 5; i++)
      await emit(tx, 'organisation.updated', {
        organisation: { id: crypto.randomUUID(), name: 'Patrimoine Conseil', ownerId: admin.id, teamId: null },
        changes: [],
      });
  });
  return emittedFrom;
}
