import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { teams } from '../../../platform/auth/auth.schema.ts';
import { type Queryable, rowsOf } from '../../../platform/db/client.ts';
import { analyticsConsents, featureFlags } from '../analytics.schema.ts';

export type FlagRow = typeof featureFlags.$inferSelect;
export type NewFlagRow = typeof featureFlags.$inferInsert;

export function listFlagRows(db: Queryable, opts: { activeOnly?: boolean } = {}): Promise<FlagRow[]> {
  return db
    .select()
    .from(featureFlags)
    .where(opts.activeOnly ? eq(featureFlags.active, true) : undefined)
    .orderBy(asc(featureFlags.key))
    .limit(1000);
}

export async function findFlagRow(
  db: Queryable,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<FlagRow | null> {
  const q = db.select().from(featureFlags).where(eq(featureFlags.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function insertFlagRow(db: Queryable, row: NewFlagRow): Promise<FlagRow> {
  const [created] = await db.insert(featureFlags).values(row).returning();
  return created as FlagRow;
}

export async function updateFlagRow(db: Queryable, id: string, patch: Partial<NewFlagRow>): Promise<FlagRow | null> {
  const [row] = await db.update(featureFlags).set(patch).where(eq(featureFlags.id, id)).returning();
  return row ?? null;
}

export async function deleteFlagRow(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.delete(featureFlags).where(eq(featureFlags.id, id)).returning({ id: featureFlags.id });
  return rows.length > 0;
}

/** The ids among `ids` that are teams. */
export async function existingTeamIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: teams.id }).from(teams).where(inArray(teams.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** Whether the user accepted product analytics (no row: not asked yet, which is no). */
export async function hasAnalyticsConsent(db: Queryable, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ analytics: analyticsConsents.analytics })
    .from(analyticsConsents)
    .where(and(eq(analyticsConsents.userId, userId), eq(analyticsConsents.analytics, true)));
  return row?.analytics === true;
}

export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

export interface Exposure {
  userId: string;
  /** `$feature_flag_response` as text (`control`, `true`), null when absent. */
  response: string | null;
  converted: boolean;
}

/**
 * The users exposed to a flag in [start, end): their first `$feature_flag_called` event for the flag whose response
 * is not `false` (a user outside the rollout saw no variant), and whether they did the goal event after it, before
 * `end`.
 */
export async function exposures(
  db: Queryable,
  input: { key: string; goalEvent: string; start: Date; end: Date },
): Promise<Exposure[]> {
  const start = sql`${input.start.toISOString()}::timestamptz`;
  const end = sql`${input.end.toISOString()}::timestamptz`;
  const rows = rowsOf(
    await db.execute(sql`
      with firsts as (
        select distinct on (user_id) user_id, occurred_at, properties->>'$feature_flag_response' as response
        from analytics_events
        where event = '$feature_flag_called' and properties->>'$feature_flag' = ${input.key} and user_id is not null
          and occurred_at >= ${start} and occurred_at < ${end}
          and properties->'$feature_flag_response' is distinct from 'false'::jsonb
        order by user_id, occurred_at, id
      )
      select f.user_id, f.response, exists (
          select 1 from analytics_events g
          where g.user_id = f.user_id and g.event = ${input.goalEvent} and g.occurred_at > f.occurred_at
            and g.occurred_at < ${end}
        ) as converted
      from firsts f`),
  );
  return rows.map((r) => ({
    userId: String(r.user_id),
    response: (r.response as string | null) ?? null,
    converted: r.converted === true || r.converted === 't',
  }));
}
