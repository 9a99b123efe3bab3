import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/client.ts';
import { analyticsFunnels } from '../analytics.schema.ts';

export type FunnelRow = typeof analyticsFunnels.$inferSelect;
export type NewFunnelRow = typeof analyticsFunnels.$inferInsert;

/** Saved funnels, by name (a short list: admins define a handful). */
export function listFunnelRows(db: Queryable, limit = 500): Promise<FunnelRow[]> {
  return db.select().from(analyticsFunnels).orderBy(asc(analyticsFunnels.name), asc(analyticsFunnels.id)).limit(limit);
}

export async function findFunnelRow(db: Queryable, id: string): Promise<FunnelRow | null> {
  const [row] = await db.select().from(analyticsFunnels).where(eq(analyticsFunnels.id, id));
  return row ?? null;
}

export async function insertFunnelRow(db: Queryable, row: NewFunnelRow): Promise<FunnelRow> {
  const [created] = await db.insert(analyticsFunnels).values(row).returning();
  return created as FunnelRow;
}

export async function updateFunnelRow(
  db: Queryable,
  id: string,
  patch: Partial<Pick<NewFunnelRow, 'name' | 'steps' | 'windowDays'>>,
  now: Date,
): Promise<FunnelRow | null> {
  const [row] = await db
    .update(analyticsFunnels)
    .set({ ...patch, updatedAt: now })
    .where(eq(analyticsFunnels.id, id))
    .returning();
  return row ?? null;
}

export async function deleteFunnelRow(db: Queryable, id: string): Promise<boolean> {
  const rows = await db
    .delete(analyticsFunnels)
    .where(eq(analyticsFunnels.id, id))
    .returning({ id: analyticsFunnels.id });
  return rows.length > 0;
}
