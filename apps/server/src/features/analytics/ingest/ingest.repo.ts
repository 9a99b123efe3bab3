import { inArray, sql } from 'drizzle-orm';
import { makePgArray } from 'drizzle-orm/pg-core';
import { apiKeys, users } from '../../../platform/auth/auth.schema.ts';
import type { Queryable } from '../../../platform/db/client.ts';
import { analyticsConsents, type analyticsEvents, analyticsRecordings } from '../analytics.schema.ts';

export type EventRow = typeof analyticsEvents.$inferInsert;
export type RecordingRow = typeof analyticsRecordings.$inferInsert;

const array = (values: unknown[]) => makePgArray(values as never[]);

/**
 * One multi-row insert, one parameter per column (`unnest`, as platform/db/insert-many.ts: Drizzle's `values(rows)`
 * would send 5,500 parameters for 500 events and build its SQL value by value); a resent event (same id) is stored once.
 */
export async function insertEvents(db: Queryable, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof EventRow>(k: K, map: (v: EventRow[K]) => unknown = (v) => v ?? null) =>
    sql.param(array(rows.map((r) => map(r[k]))));
  const iso = (d: Date | undefined) => (d ?? new Date()).toISOString();
  await db.execute(sql`
    insert into analytics_events
      (id, event, user_id, distinct_id, session_id, source, occurred_at, received_at, path, route, properties)
    select * from unnest(
      ${col('id')}::uuid[], ${col('event')}::text[], ${col('userId')}::uuid[], ${col('distinctId')}::text[],
      ${col('sessionId')}::text[], ${col('source')}::text[], ${col('occurredAt', iso)}::timestamptz[],
      ${col('receivedAt', iso)}::timestamptz[], ${col('path')}::text[], ${col('route')}::text[],
      ${col('properties', (p) => JSON.stringify(p ?? {}))}::jsonb[]
    )
    on conflict (id) do nothing`);
}

export async function insertRecordings(db: Queryable, rows: RecordingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(analyticsRecordings).values(rows);
}

/** The consents of these users (absent: never asked). */
export async function consentsOf(
  db: Queryable,
  userIds: string[],
): Promise<Map<string, { analytics: boolean; replay: boolean }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({
      userId: analyticsConsents.userId,
      analytics: analyticsConsents.analytics,
      replay: analyticsConsents.replay,
    })
    .from(analyticsConsents)
    .where(inArray(analyticsConsents.userId, userIds));
  return new Map(rows.map((r) => [r.userId, { analytics: r.analytics, replay: r.replay }]));
}

/** Which of these user ids still exist (a user deleted between ingestion and the write). */
export async function existingUserIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: users.id }).from(users).where(inArray(users.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** The users who own these API keys (a domain event's actor is the key; analytics are about its owner). */
export async function apiKeyOwners(db: Queryable, keyIds: string[]): Promise<Map<string, string>> {
  if (keyIds.length === 0) return new Map();
  const rows = await db
    .select({ id: apiKeys.id, userId: apiKeys.userId })
    .from(apiKeys)
    .where(inArray(apiKeys.id, keyIds));
  return new Map(rows.map((r) => [r.id, r.userId]));
}
