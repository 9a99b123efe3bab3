import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.schema.ts';
import { createdAt, idPk, tstz, updatedAt } from '../../platform/db/columns.ts';

/**
 * Product analytics of the CRM itself (docs/adr/0014-product-analytics.md, docs/ANALYTICS.md). Events arrive in the
 * PostHog wire format (posthog-js in the web app, posthog-node in the server) and are stored here after the
 * sanitiser: record ids only, never a client's name or a typed value; the URL's path without its query; the IP
 * truncated. Purged after ANALYTICS_RETENTION_DAYS by the maintenance job.
 */
export const analyticsEvents = pgTable(
  'analytics_events',
  {
    /** The sender's `uuid` (posthog-js and posthog-node send one): a resent batch is stored once. */
    id: uuid('id').primaryKey(),
    event: text('event').notNull(),
    /** The user the event is about: the signed-in user of the session (web), the actor (server). Null: anonymous. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** PostHog's `distinct_id` as the sender gave it (the user id once identified). */
    distinctId: text('distinct_id').notNull(),
    sessionId: text('session_id'),
    /** `web` (posthog-js) or `server` (posthog-node business events). */
    source: text('source').notNull(),
    occurredAt: tstz('occurred_at').notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    /** The page's path (no query, no fragment) and its route pattern (`/organisations/:id`). */
    path: text('path'),
    route: text('route'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('analytics_events_occurred_idx').on(t.occurredAt),
    index('analytics_events_event_occurred_idx').on(t.event, t.occurredAt),
    index('analytics_events_user_occurred_idx').on(t.userId, t.occurredAt),
  ],
);

/** Session replay chunks (rrweb through posthog-js), only with the user's replay consent; kept 30 days. */
export const analyticsRecordings = pgTable(
  'analytics_recordings',
  {
    id: idPk(),
    sessionId: text('session_id').notNull(),
    windowId: text('window_id'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    firstAt: tstz('first_at').notNull(),
    lastAt: tstz('last_at').notNull(),
    /** The rrweb events of the chunk, in order (inputs and texts masked by the recorder and again by the sanitiser). */
    data: jsonb('data').$type<unknown[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('analytics_recordings_session_idx').on(t.sessionId, t.firstAt),
    index('analytics_recordings_created_idx').on(t.createdAt),
  ],
);

/** A user's analytics choices: asked once, changed in the profile. No row: not asked yet (nothing is captured). */
export const analyticsConsents = pgTable('analytics_consents', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  analytics: boolean('analytics').notNull(),
  replay: boolean('replay').notNull().default(false),
  /** Where the choice was made: `prompt` (first use) or `profile`. */
  source: text('source').notNull(),
  decidedAt: tstz('decided_at').notNull().defaultNow(),
});

export interface FlagVariant {
  key: string;
  /** Share of the flag's audience, 0-100; the variants of a flag add up to 100. */
  rolloutPercent: number;
}

/** Feature flags and A/B tests served by our `/flags` and `/decide`. */
export const featureFlags = pgTable(
  'feature_flags',
  {
    id: idPk(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    active: boolean('active').notNull().default(false),
    /** Share of the audience that gets the flag, 0-100 (a stable hash of flag key and user id). */
    rolloutPercent: integer('rollout_percent').notNull().default(0),
    /** Only these teams (empty: everyone). */
    teamIds: uuid('team_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Null: a boolean flag. Otherwise a multivariate flag (an experiment's arms, the first being the control). */
    variants: jsonb('variants').$type<FlagVariant[]>(),
    /** An experiment: the event that counts as a conversion, and when it ran. */
    goalEvent: text('goal_event'),
    experimentStartedAt: tstz('experiment_started_at'),
    experimentEndedAt: tstz('experiment_ended_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('feature_flags_key_idx').on(t.key)],
);

export interface FunnelStep {
  /** An event name (`$pageview`, `contact_created`), optionally narrowed to a route (`/people/:id`). */
  event: string;
  route?: string;
}

/** Saved funnels: steps of events, each to be done after the previous within `windowDays`. */
export const analyticsFunnels = pgTable('analytics_funnels', {
  id: idPk(),
  name: text('name').notNull(),
  steps: jsonb('steps').$type<FunnelStep[]>().notNull(),
  windowDays: integer('window_days').notNull().default(14),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Alert rules evaluated every minute by the worker; a firing notifies every admin (once per cooldown). */
export const analyticsAlerts = pgTable('analytics_alerts', {
  id: idPk(),
  name: text('name').notNull(),
  /** `api_errors`: more than `threshold` API errors in `windowMinutes`; `funnel_conversion`: below `threshold` %. */
  kind: text('kind').notNull(),
  threshold: real('threshold').notNull(),
  windowMinutes: integer('window_minutes').notNull().default(5),
  funnelId: uuid('funnel_id').references(() => analyticsFunnels.id, { onDelete: 'cascade' }),
  active: boolean('active').notNull().default(true),
  lastValue: real('last_value'),
  lastCheckedAt: tstz('last_checked_at'),
  lastFiredAt: tstz('last_fired_at'),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
