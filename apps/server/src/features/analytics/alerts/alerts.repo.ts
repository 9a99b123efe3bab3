import { and, asc, eq, sql } from 'drizzle-orm';
import { users } from '../../../platform/auth/auth.schema.ts';
import type { Queryable } from '../../../platform/db/client.ts';
import { analyticsAlerts } from '../analytics.schema.ts';

export type AlertRow = typeof analyticsAlerts.$inferSelect;
export type NewAlertRow = typeof analyticsAlerts.$inferInsert;

export function listAlertRows(db: Queryable): Promise<AlertRow[]> {
  return db.select().from(analyticsAlerts).orderBy(asc(analyticsAlerts.name), asc(analyticsAlerts.id)).limit(1000);
}

export async function findAlertRow(db: Queryable, id: string): Promise<AlertRow | null> {
  const [row] = await db.select().from(analyticsAlerts).where(eq(analyticsAlerts.id, id));
  return row ?? null;
}

export async function insertAlertRow(db: Queryable, row: NewAlertRow): Promise<AlertRow> {
  const [created] = await db.insert(analyticsAlerts).values(row).returning();
  return created as AlertRow;
}

export async function updateAlertRow(db: Queryable, id: string, patch: Partial<NewAlertRow>): Promise<AlertRow | null> {
  const [row] = await db.update(analyticsAlerts).set(patch).where(eq(analyticsAlerts.id, id)).returning();
  return row ?? null;
}

export async function deleteAlertRow(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.delete(analyticsAlerts).where(eq(analyticsAlerts.id, id)).returning({ id: analyticsAlerts.id });
  return rows.length > 0;
}

/** The ids of the active alerts. */
export async function activeAlertIds(db: Queryable): Promise<string[]> {
  const rows = await db
    .select({ id: analyticsAlerts.id })
    .from(analyticsAlerts)
    .where(eq(analyticsAlerts.active, true))
    .orderBy(asc(analyticsAlerts.id));
  return rows.map((r) => r.id);
}

/** An active alert locked for this transaction; null when gone, switched off, or being checked by another worker. */
export async function lockActiveAlert(db: Queryable, id: string): Promise<AlertRow | null> {
  const [row] = await db
    .select()
    .from(analyticsAlerts)
    .where(and(eq(analyticsAlerts.id, id), eq(analyticsAlerts.active, true)))
    .for('update', { skipLocked: true });
  return row ?? null;
}

/** The active administrators, with the language their notifications are written in. */
export function activeAdmins(db: Queryable): Promise<{ id: string; locale: string }[]> {
  return db
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.isActive, true)))
    .orderBy(asc(users.id));
}

/** Records a check: what it measured, when, and (when it notified) when it fired. */
export async function recordCheck(
  db: Queryable,
  id: string,
  check: { value: number | null; at: Date; fired: boolean },
): Promise<void> {
  await db
    .update(analyticsAlerts)
    .set({
      lastValue: check.value,
      lastCheckedAt: check.at,
      ...(check.fired ? { lastFiredAt: check.at } : {}),
      updatedAt: sql`${analyticsAlerts.updatedAt}`,
    })
    .where(eq(analyticsAlerts.id, id));
}
