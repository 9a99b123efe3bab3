import { and, asc, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { type ErasureSql, type ScrubOptions, scrubColumns } from '../../platform/db/scrub.ts';
import { segments } from './segments.schema.ts';

export type SegmentRow = typeof segments.$inferSelect;

/** Admins see every segment; others their own and the ones their team shares. */
function visible(actor: Actor): SQL | undefined {
  if (actor.type === 'system' || actor.role === 'admin') return undefined;
  const mine = actor.userId ? eq(segments.ownerId, actor.userId) : undefined;
  const shared = actor.teamId ? and(eq(segments.shared, true), eq(segments.teamId, actor.teamId)) : undefined;
  return or(mine, shared) ?? eq(segments.id, '00000000-0000-0000-0000-000000000000');
}

export async function listSegments(db: Queryable, actor: Actor, entity?: string): Promise<SegmentRow[]> {
  const where: (SQL | undefined)[] = [isNull(segments.deletedAt), visible(actor)];
  if (entity) where.push(eq(segments.entity, entity as SegmentRow['entity']));
  return db
    .select()
    .from(segments)
    .where(and(...where))
    .orderBy(asc(segments.name))
    .limit(500);
}

export async function findSegment(db: Queryable, actor: Actor, id: string): Promise<SegmentRow | null> {
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.id, id), isNull(segments.deletedAt), visible(actor)));
  return row ?? null;
}

export async function insertSegment(db: Queryable, values: typeof segments.$inferInsert): Promise<SegmentRow> {
  const [row] = await db.insert(segments).values(values).returning();
  return row as SegmentRow;
}

export async function updateSegmentRow(db: Queryable, id: string, values: Partial<typeof segments.$inferInsert>) {
  const [row] = await db.update(segments).set(values).where(eq(segments.id, id)).returning();
  return row as SegmentRow;
}

/** The SQL of the segment's registry entry (segments.entity.ts). */
export const segmentLabel: SQL = sql`${segments.name}`;

/** RGPD erasure: the erased person's values replaced in the saved views (names, filters such as a search text); returns the ids of the rows changed (with `dryRun`: that hold one). */
export async function scrubSegmentTexts(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubColumns(db, segments, { name: 'text', filters: 'json' }, e, opts);
}
