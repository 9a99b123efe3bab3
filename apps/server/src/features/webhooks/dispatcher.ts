import { EventEmitter } from 'node:events';
import { eq } from 'drizzle-orm';
import type { WebhooksConfig } from '../../config.ts';
import { users } from '../../platform/auth/auth.schema.ts';
import { decryptSecret } from '../../platform/auth/tokens.ts';
import { type Deps, systemCtx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { BackgroundLoop, RunningLoop } from '../../platform/jobs/define-job.ts';
import { notify } from '../notifications/notifications.service.ts';
import { decideAfterAttempt } from './delivery-policy.ts';
import { type AttemptOutcome, postWebhook } from './sender.ts';
import { signatureHeader } from './signing.ts';
import {
  type Claimed,
  claimDue,
  type DeliveryRow,
  deliveryBodyOf,
  type EndpointRow,
  insertAttempt,
  releaseExpiredLeases,
  updateDelivery,
  updateEndpoint,
} from './webhooks.repo.ts';

/** Purpose of the key that seals webhook secrets (derived from SESSION_SECRET). */
export const SECRET_PURPOSE = 'webhook-secret';

/** Wakes the dispatchers of this process at once (the fan-out inserted deliveries), instead of at their next poll. */
const bell = new EventEmitter();
bell.setMaxListeners(100);
export const wakeDispatchers = () => bell.emit('wake');

/** The secrets that sign now: the current one, and the previous one during the 24 h after a rotation. */
export function signingSecrets(e: EndpointRow, sessionSecret: string, now: Date): string[] {
  const secrets = [decryptSecret(sessionSecret, e.secretSealed, SECRET_PURPOSE)];
  if (e.previousSecretSealed && e.previousSecretExpiresAt && e.previousSecretExpiresAt > now) {
    secrets.push(decryptSecret(sessionSecret, e.previousSecretSealed, SECRET_PURPOSE));
  }
  return secrets;
}

/** The headers of one attempt: the endpoint's own, then the Standard Webhooks ones (which win). */
export function requestHeaders(
  e: EndpointRow,
  d: Pick<DeliveryRow, 'eventId' | 'eventType' | 'body'>,
  secrets: string[],
  now: Date,
  appUrl: string,
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    ...e.headers,
    'content-type': 'application/json',
    'user-agent': `CRM-Webhooks/1.0 (+${appUrl})`,
    'webhook-id': d.eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, d.eventId, timestamp, d.body),
    'x-crm-event-type': d.eventType,
  };
}

/** Records an attempt and what follows from it, in one transaction. Returns the delivery as it now stands. */
export async function recordOutcome(
  deps: Deps,
  c: { delivery: DeliveryRow; endpoint: EndpointRow },
  sent: { url: string; headers: Record<string, string>; startedAt: Date },
  o: AttemptOutcome,
): Promise<DeliveryRow> {
  const cfg = deps.config.webhooks;
  const now = deps.clock.now();
  const { delivery: d, endpoint: e } = c;
  return withTx(systemCtx(deps), async (t) => {
    await insertAttempt(t.db, {
      deliveryId: d.id,
      endpointId: e.id,
      attempt: d.attempts,
      trigger: d.trigger,
      url: sent.url,
      requestHeaders: sent.headers,
      requestBody: d.body,
      responseStatus: o.status,
      responseHeaders: o.headers,
      responseBody: o.body,
      error: o.error,
      durationMs: o.durationMs,
      startedAt: sent.startedAt,
    });
    const last = { lastStatus: o.status, lastError: o.error, lastDurationMs: o.durationMs, leaseUntil: null };
    const next = decideAfterAttempt({
      status: o.status,
      retryAfterMs: o.retryAfterMs,
      attempts: d.attempts,
      trigger: d.trigger,
      failingSince: e.failingSince,
      now,
      config: cfg,
    });
    if (next.kind === 'succeeded') {
      await updateEndpoint(t.db, e.id, { failingSince: null, lastDeliveryAt: now });
      return (await updateDelivery(t.db, d.id, { ...last, status: 'succeeded', deliveredAt: now })) as DeliveryRow;
    }
    const endpointPatch: Partial<EndpointRow> = { failingSince: e.failingSince ?? now, lastDeliveryAt: now };
    if (next.kind === 'retry') {
      await updateEndpoint(t.db, e.id, endpointPatch);
      return (await updateDelivery(t.db, d.id, {
        ...last,
        status: 'pending',
        nextAttemptAt: new Date(now.getTime() + next.delayMs),
      })) as DeliveryRow;
    }
    if (next.disable) {
      await updateEndpoint(t.db, e.id, { ...endpointPatch, active: false, disabledReason: next.disable });
      await tellOwner(t, e, next.disable, d);
    } else {
      await updateEndpoint(t.db, e.id, endpointPatch);
    }
    const failed = (await updateDelivery(t.db, d.id, { ...last, status: 'failed' })) as DeliveryRow;
    if (next.tellOwner) await tellOwner(t, e, 'dead', d);
    return failed;
  });
}

type Notice = 'dead' | 'gone' | 'failing';
const NOTICES: Record<'fr' | 'en', Record<Notice, (url: string, type: string) => string>> = {
  fr: {
    dead: (u, ty) => `Webhook : un événement ${ty} n’a pas pu être livré à ${u} (tentatives épuisées)`,
    gone: (u) => `Webhook désactivé : ${u} a répondu 410 (n’existe plus)`,
    failing: (u) => `Webhook désactivé : ${u} échoue depuis plusieurs jours`,
  },
  en: {
    dead: (u, ty) => `Webhook: a ${ty} event could not be delivered to ${u} (all attempts failed)`,
    gone: (u) => `Webhook disabled: ${u} answered 410 (gone)`,
    failing: (u) => `Webhook disabled: ${u} has been failing for days`,
  },
};

async function tellOwner(t: Tx, e: EndpointRow, notice: Notice, d: DeliveryRow): Promise<void> {
  const [owner] = await t.db.select({ locale: users.locale }).from(users).where(eq(users.id, e.ownerId));
  const locale = owner?.locale === 'en' ? 'en' : 'fr';
  await notify(t, {
    userId: e.ownerId,
    type: notice === 'dead' ? 'webhook.delivery_failed' : 'webhook.disabled',
    title: NOTICES[locale][notice](e.url, d.eventType),
    data: { entityType: 'webhook', id: e.id, deliveryId: d.id, reason: notice },
  });
}

/** Sends one claimed delivery now and records the outcome. */
export async function attemptDelivery(
  deps: Deps,
  c: { delivery: DeliveryRow; endpoint: EndpointRow },
  onSent?: () => void,
) {
  const cfg = deps.config.webhooks;
  // The body as it stands now, not as claimed: an RGPD erasure may have scrubbed it while it waited for its slot.
  const body = await deliveryBodyOf(deps.database.db, c.delivery.id);
  if (body !== null && body !== c.delivery.body) c = { ...c, delivery: { ...c.delivery, body } };
  const startedAt = deps.clock.now();
  const secrets = signingSecrets(c.endpoint, deps.config.sessionSecret, startedAt);
  const headers = requestHeaders(c.endpoint, c.delivery, secrets, startedAt, deps.config.appUrl);
  const outcome = await postWebhook({
    url: c.endpoint.url,
    headers,
    body: c.delivery.body,
    timeoutMs: cfg.timeoutMs,
    allowPrivate: cfg.allowPrivateTargets,
    allowedPorts: cfg.allowedPorts,
    onSent,
  });
  const delivery = await recordOutcome(deps, c, { url: c.endpoint.url, headers, startedAt }, outcome);
  return { delivery, outcome };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The delivery loop of one worker process: claims due deliveries (see `claimDue`), waits for each one's rate slot,
 * sends, records. At most `concurrency` requests in flight, at most half of them to one endpoint, so a slow or
 * flooded receiver never holds the others back. Deliveries whose worker died come back when their lease expires.
 */
export const webhookDispatcher: BackgroundLoop = {
  name: 'webhook-dispatcher',
  start(deps: Deps): RunningLoop {
    const cfg: WebhooksConfig = deps.config.webhooks;
    const perEndpointCap = Math.max(1, Math.floor(cfg.concurrency / 2));
    const inFlight = new Map<string, number>();
    let total = 0;
    let stopping = false;
    let lastLeaseCheck = 0;
    let wake: (() => void) | null = null;
    const onWake = () => wake?.();
    bell.on('wake', onWake);
    const idle = new Set<() => void>();
    // 5 % over the exact spacing: a request started a few ms late still leaves at most `rate` in any second.
    const intervalMs = (1000 / cfg.ratePerSecond) * 1.05;
    /** Per endpoint: when this process's previous request was handed to the network (resolves once it was). */
    const lastSent = new Map<string, Promise<number>>();

    /**
     * Waits for the delivery's slot, then for `intervalMs` after this process's previous request to the endpoint
     * *left* (its bytes handed to the socket), not merely started: when the event loop stalls (a long synchronous
     * task, the embedded database), requests started on time would otherwise leave together after the stall.
     * Returns the function to call once this request has left.
     */
    const untilSendable = async (c: Claimed): Promise<() => void> => {
      const id = c.endpoint.id;
      for (;;) {
        const previous = lastSent.get(id);
        const leftAt = previous ? await previous : Number.NEGATIVE_INFINITY;
        const now = Date.now();
        const wait = Math.max(c.slotAt - now, leftAt + intervalMs - now);
        // Another request may have taken the turn while this one awaited: look again.
        if (wait <= 0 && lastSent.get(id) === previous) break;
        if (wait > 0) await sleep(wait);
      }
      let left: (at: number) => void = () => {};
      lastSent.set(
        id,
        new Promise<number>((resolve) => {
          left = resolve;
        }),
      );
      return () => left(Date.now());
    };

    const run = async (c: Claimed) => {
      let sent: (() => void) | undefined;
      try {
        sent = await untilSendable(c);
        await attemptDelivery(deps, c, sent);
      } catch (err) {
        // The database failed under us: the lease brings the delivery back.
        deps.log.error({ err, deliveryId: c.delivery.id }, 'webhook delivery could not be recorded');
      } finally {
        sent?.(); // (a no-op when it left already) never leave the next request of the endpoint waiting
        const n = (inFlight.get(c.endpoint.id) ?? 1) - 1;
        if (n <= 0) inFlight.delete(c.endpoint.id);
        else inFlight.set(c.endpoint.id, n);
        total--;
        onWake();
        if (total === 0) for (const f of idle) f();
      }
    };

    const loop = async () => {
      while (!stopping) {
        let claimed: Claimed[] = [];
        try {
          const now = Date.now();
          if (now - lastLeaseCheck >= 1_000) {
            lastLeaseCheck = now;
            const released = await releaseExpiredLeases(deps.database.db, new Date(now));
            if (released) deps.log.warn({ released }, 'webhook deliveries of a stopped worker are sent again');
          }
          const free = cfg.concurrency - total;
          if (free > 0) {
            claimed = await claimDue(deps.database.db, {
              now,
              horizon: now + Math.min(cfg.pollMs, 1_000),
              limit: free,
              perEndpoint: (id) => perEndpointCap - (inFlight.get(id) ?? 0),
              busy: [...inFlight.entries()].filter(([, n]) => n >= perEndpointCap).map(([id]) => id),
              intervalMs,
              leaseMs: cfg.leaseMs,
            });
          }
        } catch (err) {
          if (!stopping) deps.log.error({ err }, 'webhook dispatcher could not claim deliveries');
        }
        for (const c of claimed) {
          inFlight.set(c.endpoint.id, (inFlight.get(c.endpoint.id) ?? 0) + 1);
          total++;
          void run(c);
        }
        if (stopping) break;
        // More may be due at once when this round filled up; otherwise wait for the poll, a wake-up or a free slot.
        const pause = claimed.length > 0 && total < cfg.concurrency ? Math.min(cfg.pollMs, 50) : cfg.pollMs;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, pause);
          function done() {
            clearTimeout(timer);
            wake = null;
            resolve();
          }
          wake = done;
        });
      }
    };
    const looping = loop();

    return {
      async stop(timeoutMs: number) {
        stopping = true;
        bell.off('wake', onWake);
        wake?.();
        await looping;
        if (total > 0) {
          await Promise.race([new Promise<void>((r) => idle.add(r)), sleep(timeoutMs)]);
        }
      },
    };
  },
};
