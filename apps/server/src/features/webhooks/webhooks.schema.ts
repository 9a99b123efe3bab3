import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.schema.ts';
import { createdAt, idPk, tstz, updatedAt } from '../../platform/db/columns.ts';

/** Where a webhook came from: the API or the web app, or an automation platform subscribing through our API. */
export const WEBHOOK_SOURCES = ['api', 'zapier', 'make'] as const;
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];

export const DELIVERY_STATUSES = ['pending', 'delivering', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * A receiver of domain events. Secrets are sealed with a key derived from SESSION_SECRET (they must be read back to
 * sign). During a rotation the previous secret signs too, until `previous_secret_expires_at`.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: idPk(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** Event types, or `['*']` for every type. */
    eventTypes: text('event_types').array().notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    source: text('source').$type<WebhookSource>().notNull().default('api'),
    active: boolean('active').notNull().default(true),
    /** Why it was disabled by the CRM (`gone`: the receiver answered 410; `failing`: failing for days). */
    disabledReason: text('disabled_reason'),
    secretSealed: text('secret_sealed').notNull(),
    previousSecretSealed: text('previous_secret_sealed'),
    previousSecretExpiresAt: tstz('previous_secret_expires_at'),
    /** Start of the current run of failed attempts (null after a success). */
    failingSince: tstz('failing_since'),
    lastDeliveryAt: tstz('last_delivery_at'),
    /** Earliest time the next request to this endpoint may start (per-endpoint rate limit). */
    nextSendAt: tstz('next_send_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_owner_idx').on(t.ownerId)],
);

/**
 * One event to one endpoint: the frozen payload and where its delivery stands. The dispatcher claims due rows
 * (`pending`, `next_attempt_at` passed) under a lease; a worker that dies mid-delivery leaves a `delivering` row
 * whose lease expires, and another worker sends it again (same `webhook-id`).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: idPk(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The `webhook-id` header: the domain event's id (a test send has its own). */
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The body sent, `{ type, timestamp, data }`, serialised once so that every attempt sends the same bytes. */
    body: text('body').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: smallint('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    leaseUntil: tstz('lease_until'),
    /** `manual` after a redeliver request: one attempt, no retry schedule. */
    trigger: text('trigger').$type<'scheduled' | 'manual' | 'test'>().notNull().default('scheduled'),
    lastStatus: integer('last_status'),
    lastDurationMs: integer('last_duration_ms'),
    lastError: text('last_error'),
    deliveredAt: tstz('delivered_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_idx').on(t.endpointId, t.eventId),
    index('webhook_deliveries_due_idx').on(t.endpointId, t.nextAttemptAt).where(sql`status = 'pending'`),
    index('webhook_deliveries_lease_idx').on(t.leaseUntil).where(sql`status = 'delivering'`),
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt),
  ],
);

/** One HTTP attempt of a delivery, as sent and as answered. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: idPk(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id').notNull(),
    attempt: smallint('attempt').notNull(),
    trigger: text('trigger').$type<'scheduled' | 'manual' | 'test'>().notNull(),
    url: text('url').notNull(),
    requestHeaders: jsonb('request_headers').$type<Record<string, string>>().notNull(),
    requestBody: text('request_body').notNull(),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    /** The first kilobytes of the answer. */
    responseBody: text('response_body'),
    error: text('error'),
    durationMs: integer('duration_ms'),
    startedAt: tstz('started_at').notNull().defaultNow(),
  },
  (t) => [
    index('webhook_attempts_delivery_idx').on(t.deliveryId, t.startedAt),
    index('webhook_attempts_endpoint_started_idx').on(t.endpointId, t.startedAt),
  ],
);
