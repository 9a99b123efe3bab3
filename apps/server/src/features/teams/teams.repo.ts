import { asc, count, eq, getTableColumns, sql } from 'drizzle-orm';
import { teams, users } from '../../platform/auth/auth.schema.ts';
import type { Queryable } from '../../platform/db/client.ts';

export type TeamRow = typeof teams.$inferSelect;
export type TeamRecord = TeamRow & { memberCount: number };

/** Active members only: deactivated users keep their team but do not count as members. */
// Spelled out: inside a select on one table Drizzle renders columns unqualified, which would bind to `teams`.
const memberCount = sql<number>`(select count(*)::int from users m where m.team_id = "teams"."id" and m.is_active)`;
const withCount = { ...getTableColumns(teams), memberCount };

export async function listTeams(db: Queryable): Promise<TeamRecord[]> {
  return db.select(withCount).from(teams).orderBy(asc(teams.name));
}

export async function findTeamById(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select(withCount).from(teams).where(eq(teams.id, id));
  const [row] = opts.forUpdate ? await q.for('update', { of: teams }) : await q;
  return row ?? null;
}

export async function findTeamIdByName(db: Queryable, name: string): Promise<string | null> {
  const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, name));
  return row?.id ?? null;
}

export async function insertTeam(db: Queryable, values: { name: string; description: string | null }) {
  const [row] = await db.insert(teams).values(values).returning();
  return row as TeamRow;
}

export async function updateTeamRow(db: Queryable, id: string, patch: { name?: string; description?: string | null }) {
  const [row] = await db.update(teams).set(patch).where(eq(teams.id, id)).returning();
  return row as TeamRow;
}

export async function deleteTeamRow(db: Queryable, id: string): Promise<void> {
  await db.delete(teams).where(eq(teams.id, id));
}

/** Every user in the team, active or not (a deactivated member still blocks the deletion). */
export async function countTeamUsers(db: Queryable, id: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.teamId, id));
  return Number(row?.n ?? 0);
}

export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}
