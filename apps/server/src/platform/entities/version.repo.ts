import { eq, getTableColumns } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.ts';
import type { EntityDef } from './entity.ts';

/** The entity's `updated_at` column, which versions its records (ETag, If-Match); undefined when it has none. */
export const versionColumnOf = (e: EntityDef): AnyPgColumn | undefined =>
  (getTableColumns(e.table) as Record<string, AnyPgColumn>).updatedAt;

/**
 * Locks one record (`for update`, until the transaction ends) and reads its version: its `updated_at`, deleted or
 * not; null when there is no such row. Whoever changes it after this waits for the transaction.
 */
export async function lockRecordVersion(db: Queryable, e: EntityDef, id: string): Promise<Date | null> {
  const column = versionColumnOf(e);
  if (!column) return null;
  const [row] = await db.select({ v: column }).from(e.table).where(eq(e.id, id)).for('update');
  return row ? (row.v as Date) : null;
}
