import { and, eq, gte, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { teams, users } from '../../../platform/auth/auth.schema.ts';
import type { Queryable } from '../../../platform/db/client.ts';
import { salesTargets } from './sales.schema.ts';

/** The SQL of sales targets (docs/SALES_ANALYTICS.md, "Targets"). */

export type TargetRow = typeof salesTargets.$inferSelect;
export interface Slot {
  month: string;
  teamId: string | null;
  userId: string | null;
  currency: string;
}

const ids = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The members of a team (user ids). */
export async function membersOf(db: Queryable, teamId: string | null): Promise<string[]> {
  if (!teamId) return [];
  return (await db.select({ id: users.id }).from(users).where(eq(users.teamId, teamId))).map((r) => r.id);
}

/** The targets readable by someone of `teamId` who is one of `userIds`: the firm's, the team's, those users'. */
export function readableWhere(v: { teamId: string | null; userIds: string[] } | null): SQL | undefined {
  if (!v) return undefined;
  const parts: SQL[] = [and(isNull(salesTargets.teamId), isNull(salesTargets.userId)) as SQL];
  if (v.teamId) parts.push(eq(salesTargets.teamId, v.teamId));
  if (v.userIds.length) parts.push(sql`${salesTargets.userId} in (${ids(v.userIds)})`);
  return or(...parts);
}

export function selectTargets(db: Queryable, from: string, to: string, readable: SQL | undefined) {
  return db
    .select()
    .from(salesTargets)
    .where(and(gte(salesTargets.month, from), lte(salesTargets.month, to), readable))
    .orderBy(salesTargets.month, salesTargets.teamId, salesTargets.userId, salesTargets.currency);
}

export async function teamExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.select({ id: teams.id }).from(teams).where(eq(teams.id, id))).length > 0;
}

export async function userExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.select({ id: users.id }).from(users).where(eq(users.id, id))).length > 0;
}

/** The target of a slot, locked for the transaction. */
export async function slotForUpdate(db: Queryable, s: Slot): Promise<TargetRow | undefined> {
  const [row] = await db
    .select()
    .from(salesTargets)
    .where(
      and(
        eq(salesTargets.month, s.month),
        s.teamId ? eq(salesTargets.teamId, s.teamId) : isNull(salesTargets.teamId),
        s.userId ? eq(salesTargets.userId, s.userId) : isNull(salesTargets.userId),
        eq(salesTargets.currency, s.currency),
      ),
    )
    .for('update');
  return row;
}

export async function setAmount(db: Queryable, id: string, amount: string, now: Date): Promise<TargetRow> {
  const [row] = await db
    .update(salesTargets)
    .set({ amount, updatedAt: now })
    .where(eq(salesTargets.id, id))
    .returning();
  return row as TargetRow;
}

export async function insertTarget(
  db: Queryable,
  s: Slot & { amount: string; createdBy: string | null },
): Promise<TargetRow> {
  const [row] = await db.insert(salesTargets).values(s).returning();
  return row as TargetRow;
}

/** The target `id` when `readable` lets the caller see it, locked for the transaction. */
export async function readableForUpdate(
  db: Queryable,
  id: string,
  readable: SQL | undefined,
): Promise<TargetRow | undefined> {
  const [row] = await db
    .select()
    .from(salesTargets)
    .where(and(eq(salesTargets.id, id), readable))
    .for('update');
  return row;
}

export async function deleteTargetRow(db: Queryable, id: string): Promise<void> {
  await db.delete(salesTargets).where(eq(salesTargets.id, id));
}

/** Per month (`YYYY-MM-01`), the sum of the targets `who` selects, in a currency, readable by the caller. */
export async function sumTargets(
  db: Queryable,
  who: { level: 'firm' } | { level: 'team'; teamId: string } | { level: 'user'; userIds: string[] },
  f: { currency: string; from: string; to: string },
  readable: SQL | undefined,
): Promise<Map<string, number>> {
  const level =
    who.level === 'firm'
      ? and(isNull(salesTargets.teamId), isNull(salesTargets.userId))
      : who.level === 'team'
        ? eq(salesTargets.teamId, who.teamId)
        : sql`${salesTargets.userId} in (${ids(who.userIds)})`;
  const rows = await db
    .select({ month: salesTargets.month, amount: sql<string>`sum(${salesTargets.amount})` })
    .from(salesTargets)
    .where(
      and(
        level,
        eq(salesTargets.currency, f.currency),
        gte(salesTargets.month, f.from),
        lte(salesTargets.month, f.to),
        readable,
      ),
    )
    .groupBy(salesTargets.month);
  return new Map(rows.map((r) => [r.month, Math.round(Number(r.amount) * 100) / 100]));
}
