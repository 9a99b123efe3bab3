import { inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { audit, auditNow } from '../../platform/audit/audit.ts';
import { encryptSecret } from '../../platform/auth/tokens.ts';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/db/ids.ts';
import { erasureSql, type ScrubOptions } from '../../platform/db/scrub.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { Erasure } from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import { attemptDelivery, SECRET_PURPOSE, wakeDispatchers } from './dispatcher.ts';
import { deliveryBody } from './fanout.ts';
import { samplePayload } from './samples.ts';
import { newWebhookSecret } from './signing.ts';
import { assertSafeUrl } from './ssrf.ts';
import {
  type AttemptSchema,
  type CreatedWebhook,
  type CreateWebhookInput,
  type DeliveryDetail,
  type DeliverySchema,
  MASKED_VALUE,
  type UpdateWebhookInput,
  type WebhookDto,
} from './webhooks.contracts.ts';
import {
  type AttemptRow,
  attemptsOf,
  type DeliveryFilter,
  type DeliveryRow,
  deleteEndpoint,
  type EndpointHealth,
  type EndpointRow,
  endpointHealth,
  findDelivery,
  findEndpoint,
  insertDeliveries,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  scrubDeliveryLogs,
  updateDelivery,
  updateEndpoint,
} from './webhooks.repo.ts';
import { type WebhookSource, webhookDeliveries } from './webhooks.schema.ts';

const ENTITY = 'webhook';
/** How long the previous secret keeps signing after a rotation. */
const ROTATION_OVERLAP_MS = 24 * 3_600_000;
const SENSITIVE_HEADER = /auth|token|key|secret|pass|cookie/i;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const notFound = (id: string) => new AppError('webhooks.not_found', `Webhook ${id} was not found`);

/** Values of headers that look like credentials are masked wherever they are shown (API, attempt log). */
export const maskHeaders = (h: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, SENSITIVE_HEADER.test(k) ? MASKED_VALUE : v]));

/** Headers of a PATCH: a masked value sent back (the client never saw the real one) keeps the stored value. */
/** A masked value keeps the stored one; the mask for a header that has no stored value is refused. */
function unmaskHeaders(next: Record<string, string>, stored: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(next).map(([k, v]) => {
      if (v !== MASKED_VALUE) return [k, v];
      const kept = stored[k];
      if (kept === undefined) {
        const message = 'the mask stands for a stored value, and this header has none';
        throw new AppError('webhooks.invalid', `Header ${k}: ${message}`, {
          fields: [{ path: `body.headers.${k}`, message, code: 'custom' }],
        });
      }
      return [k, kept];
    }),
  );
}

function toDto(e: EndpointRow, h: EndpointHealth | undefined): WebhookDto {
  return {
    id: e.id,
    ownerId: e.ownerId,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    headers: maskHeaders(e.headers),
    source: e.source,
    active: e.active,
    disabledReason: (e.disabledReason as 'gone' | 'failing' | null) ?? null,
    previousSecretExpiresAt: iso(e.previousSecretExpiresAt),
    health: {
      successRate: h?.attempts24h ? h.succeeded24h / h.attempts24h : null,
      attempts24h: h?.attempts24h ?? 0,
      pending: h?.pending ?? 0,
      dead: h?.dead ?? 0,
      lastDeliveryAt: iso(e.lastDeliveryAt),
      failingSince: iso(e.failingSince),
    },
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export const toDeliveryDto = (d: DeliveryRow): z.infer<typeof DeliverySchema> => ({
  id: d.id,
  endpointId: d.endpointId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  trigger: d.trigger,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  lastDurationMs: d.lastDurationMs,
  deliveredAt: iso(d.deliveredAt),
  createdAt: d.createdAt.toISOString(),
});

const toAttemptDto = (a: AttemptRow): z.infer<typeof AttemptSchema> => ({
  id: a.id,
  attempt: a.attempt,
  trigger: a.trigger,
  url: a.url,
  requestHeaders: maskHeaders(a.requestHeaders),
  requestBody: a.requestBody,
  responseStatus: a.responseStatus,
  responseHeaders: a.responseHeaders,
  responseBody: a.responseBody,
  error: a.error,
  durationMs: a.durationMs,
  startedAt: a.startedAt.toISOString(),
});

/**
 * Who may manage webhooks: any signed-in user but viewers (who change nothing). Each user manages their own;
 * admins every one. Deliveries only carry what the owner may see (fanout.ts).
 */
function manager(ctx: Ctx, write: boolean): string {
  const { actor } = ctx;
  if (!actor.userId || !actor.role) throw new AppError('auth.unauthenticated', 'Authentication is required');
  if (actor.role === 'viewer') throw new AppError('auth.forbidden', 'Viewers cannot manage webhooks');
  if (write && !actor.scopes.includes('write'))
    throw new AppError('auth.scope_missing', 'Managing webhooks needs the "write" scope');
  return actor.userId;
}

/** The endpoint, if the caller may see it (its owner, or an admin); others get a 404, not a hint it exists. */
async function endpointOf(ctx: Ctx, id: string, write: boolean): Promise<EndpointRow> {
  const userId = manager(ctx, write);
  const e = await findEndpoint(ctx.deps.database.db, id);
  if (!e || (e.ownerId !== userId && ctx.actor.role !== 'admin')) throw notFound(id);
  return e;
}

const seal = (ctx: Ctx, secret: string) => encryptSecret(ctx.deps.config.sessionSecret, secret, SECRET_PURPOSE);

export async function createWebhook(ctx: Ctx, input: CreateWebhookInput): Promise<z.infer<typeof CreatedWebhook>> {
  const ownerId = manager(ctx, true);
  const url = await assertSafeUrl(input.url, ctx.deps.config.webhooks);
  const secret = newWebhookSecret();
  return withTx(ctx, async (t) => {
    const row = await insertEndpoint(t.db, {
      ownerId,
      url: url.toString(),
      description: input.description,
      eventTypes: input.eventTypes,
      headers: input.headers,
      source: input.source,
      active: input.active,
      secretSealed: seal(ctx, secret),
    });
    await audit(t, {
      entityType: ENTITY,
      entityId: row.id,
      action: 'create',
      metadata: { url: row.url, eventTypes: row.eventTypes, source: row.source },
    });
    t.afterCommit(() =>
      ctx.deps.analytics?.capture(ctx.actor.userId, 'webhook_created', {
        webhookId: row.id,
        events: row.eventTypes.length,
      }),
    );
    return { ...toDto(row, undefined), secret };
  });
}

export async function listWebhooks(ctx: Ctx, q: { source?: WebhookSource }): Promise<WebhookDto[]> {
  const userId = manager(ctx, false);
  const db = ctx.deps.database.db;
  const rows = (await listEndpoints(db, ctx.actor.role === 'admin' ? undefined : userId)).filter(
    (e) => !q.source || e.source === q.source,
  );
  const health = await endpointHealth(
    db,
    rows.map((r) => r.id),
    ctx.deps.clock.now(),
  );
  return rows.map((r) => toDto(r, health.get(r.id)));
}

export async function getWebhook(ctx: Ctx, id: string): Promise<WebhookDto> {
  const e = await endpointOf(ctx, id, false);
  const health = await endpointHealth(ctx.deps.database.db, [e.id], ctx.deps.clock.now());
  return toDto(e, health.get(e.id));
}

export async function updateWebhook(ctx: Ctx, id: string, patch: UpdateWebhookInput): Promise<WebhookDto> {
  const before = await endpointOf(ctx, id, true);
  const url = patch.url ? (await assertSafeUrl(patch.url, ctx.deps.config.webhooks)).toString() : undefined;
  const reenabled = patch.active === true && !before.active;
  const row = await withTx(ctx, async (t) => {
    const updated = await updateEndpoint(t.db, id, {
      ...patch,
      ...(patch.headers ? { headers: unmaskHeaders(patch.headers, before.headers) } : {}),
      ...(url ? { url } : {}),
      // Switching an endpoint back on starts afresh: no failure record, no reason shown.
      ...(reenabled ? { disabledReason: null, failingSince: null } : {}),
      ...(patch.active === false ? { disabledReason: null } : {}),
    });
    await audit(t, {
      entityType: ENTITY,
      entityId: id,
      action: 'update',
      metadata: { fields: Object.keys(patch) },
    });
    return updated as EndpointRow;
  });
  if (reenabled) wakeDispatchers();
  return getWebhook(ctx, row.id);
}

/**
 * Deletes an endpoint. Idempotent: an id that no longer exists answers like a deletion (Zapier and Make unsubscribe
 * a hook the user may already have deleted here); one that exists but is someone else's is still a 404.
 */
export async function removeWebhook(ctx: Ctx, id: string): Promise<void> {
  manager(ctx, true);
  if (!(await findEndpoint(ctx.deps.database.db, id))) return;
  const e = await endpointOf(ctx, id, true);
  await withTx(ctx, async (t) => {
    await deleteEndpoint(t.db, id);
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete', metadata: { url: e.url, source: e.source } });
  });
}

/** A new secret; the previous one keeps signing for 24 h so receivers can switch without losing a delivery. */
export async function rotateWebhookSecret(ctx: Ctx, id: string) {
  const e = await endpointOf(ctx, id, true);
  const secret = newWebhookSecret();
  const until = new Date(ctx.deps.clock.now().getTime() + ROTATION_OVERLAP_MS);
  await withTx(ctx, async (t) => {
    await updateEndpoint(t.db, id, {
      secretSealed: seal(ctx, secret),
      previousSecretSealed: e.secretSealed,
      previousSecretExpiresAt: until,
    });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'rotate_secret' });
  });
  return { secret, previousSecretExpiresAt: until.toISOString() };
}

async function detail(ctx: Ctx, d: DeliveryRow): Promise<z.infer<typeof DeliveryDetail>> {
  const attempts = await attemptsOf(ctx.deps.database.db, d.id);
  return { ...toDeliveryDto(d), body: d.body, attemptLog: attempts.map(toAttemptDto) };
}

/** Sends a sample event of `eventType` now (one attempt, no retry) and answers with what happened. */
export async function testWebhook(ctx: Ctx, id: string, eventType: string) {
  const e = await endpointOf(ctx, id, true);
  const payload = samplePayload(eventType);
  if (!payload) throw new AppError('webhooks.invalid_event_type', `No sample for ${eventType}`);
  const eventId = newId();
  const body = deliveryBody({ type: eventType, occurredAt: ctx.deps.clock.now(), payload: { ...payload, test: true } });
  const deliveryId = newId();
  await insertDeliveries(ctx.deps.database.db, [
    {
      id: deliveryId,
      endpointId: e.id,
      eventId,
      eventType,
      body,
      status: 'delivering',
      trigger: 'test',
      attempts: 1,
      leaseUntil: new Date(ctx.deps.clock.now().getTime() + ctx.deps.config.webhooks.leaseMs),
    },
  ]);
  await auditNow(ctx, { entityType: ENTITY, entityId: e.id, action: 'test', metadata: { eventType } });
  const created = (await findDelivery(ctx.deps.database.db, e.id, deliveryId)) as DeliveryRow;
  const { delivery } = await attemptDelivery(ctx.deps, { delivery: created, endpoint: e });
  return detail(ctx, delivery);
}

export async function listWebhookDeliveries(ctx: Ctx, id: string, f: DeliveryFilter) {
  const e = await endpointOf(ctx, id, false);
  const page = await listDeliveries(ctx.deps.database.db, e.id, f);
  return { ...page, items: page.items.map(toDeliveryDto) };
}

export async function getWebhookDelivery(ctx: Ctx, id: string, deliveryId: string) {
  const e = await endpointOf(ctx, id, false);
  const d = await findDelivery(ctx.deps.database.db, e.id, deliveryId);
  if (!d) throw new AppError('webhooks.delivery_not_found', `Delivery ${deliveryId} was not found`);
  return detail(ctx, d);
}

/**
 * Sends a delivery again, once, with the same body and `webhook-id` (receivers deduplicate on it). Refused while it
 * is being sent, and when the endpoint is switched off.
 */
export async function redeliver(ctx: Ctx, id: string, deliveryId: string) {
  const e = await endpointOf(ctx, id, true);
  if (!e.active) {
    throw new AppError('webhooks.endpoint_inactive', 'Switch the endpoint back on before redelivering', {
      status: 409,
    });
  }
  const d = await findDelivery(ctx.deps.database.db, e.id, deliveryId);
  if (!d) throw new AppError('webhooks.delivery_not_found', `Delivery ${deliveryId} was not found`);
  const inProgress = () =>
    new AppError('webhooks.delivery_in_progress', 'This delivery is already waiting to be sent', { status: 409 });
  if (d.status === 'delivering' || d.status === 'pending') throw inProgress();
  const updated = await withTx(ctx, async (t) => {
    const row = await updateDelivery(
      t.db,
      d.id,
      { status: 'pending', trigger: 'manual', nextAttemptAt: ctx.deps.clock.now() },
      inArray(webhookDeliveries.status, ['succeeded', 'failed']),
    );
    if (!row) throw inProgress();
    await audit(t, { entityType: ENTITY, entityId: e.id, action: 'redeliver', metadata: { deliveryId } });
    return row;
  });
  wakeDispatchers();
  return toDeliveryDto(updated);
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the webhook deliveries, pending ones included (their bodies are replaced before they are sent), and the attempt log (request and response bodies), whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubWebhookDeliveriesOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubDeliveryLogs(t.db, erasureSql(erasure), opts);
}
