import { and, count, desc, eq, lt, or } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/client.ts';
import { analyticsConsents, analyticsEvents, analyticsRecordings } from '../analytics.schema.ts';

export type ConsentRow = typeof analyticsConsents.$inferSelect;

export async function findConsent(db: Queryable, userId: string): Promise<ConsentRow | null> {
  const [row] = await db.select().from(analyticsConsents).where(eq(analyticsConsents.userId, userId));
  return row ?? null;
}

export async function saveConsent(db: Queryable, row: ConsentRow): Promise<ConsentRow> {
  const [saved] = await db
    .insert(analyticsConsents)
    .values(row)
    .onConflictDoUpdate({
      target: analyticsConsents.userId,
      set: { analytics: row.analytics, replay: row.replay, source: row.source, decidedAt: row.decidedAt },
    })
    .returning();
  return saved as ConsentRow;
}

/** A page of my events, newest first, after the keyset (occurred at, id) of the previous page's last row. */
export async function myEventsPage(
  db: Queryable,
  userId: string,
  after: { occurredAt: Date; id: string } | null,
  limit: number,
) {
  const mine = eq(analyticsEvents.userId, userId);
  const where = after
    ? and(
        mine,
        or(
          lt(analyticsEvents.occurredAt, after.occurredAt),
          and(eq(analyticsEvents.occurredAt, after.occurredAt), lt(analyticsEvents.id, after.id)),
        ),
      )
    : mine;
  return db
    .select({
      id: analyticsEvents.id,
      event: analyticsEvents.event,
      distinctId: analyticsEvents.distinctId,
      sessionId: analyticsEvents.sessionId,
      source: analyticsEvents.source,
      occurredAt: analyticsEvents.occurredAt,
      path: analyticsEvents.path,
      route: analyticsEvents.route,
      properties: analyticsEvents.properties,
    })
    .from(analyticsEvents)
    .where(where)
    .orderBy(desc(analyticsEvents.occurredAt), desc(analyticsEvents.id))
    .limit(limit);
}

export async function countMyRecordings(db: Queryable, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(analyticsRecordings).where(eq(analyticsRecordings.userId, userId));
  return Number(row?.n ?? 0);
}

/** Erases my events and my recordings; answers how many of each. */
export async function eraseMine(db: Queryable, userId: string): Promise<{ events: number; recordings: number }> {
  const events = await db
    .delete(analyticsEvents)
    .where(eq(analyticsEvents.userId, userId))
    .returning({ id: analyticsEvents.id });
  const recordings = await db
    .delete(analyticsRecordings)
    .where(eq(analyticsRecordings.userId, userId))
    .returning({ id: analyticsRecordings.id });
  return { events: events.length, recordings: recordings.length };
}
