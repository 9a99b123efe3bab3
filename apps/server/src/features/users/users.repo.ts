import { and, asc, count, eq, gt, type SQL, sql } from 'drizzle-orm';
import { teams, users } from '../../platform/auth/auth.schema.ts';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor, Role } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { escapeLike, normalizedQuery } from '../../platform/db/search.ts';

/** A user row without its secrets: the only shape this feature reads. */
const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  teamId: users.teamId,
  isActive: users.isActive,
  locale: users.locale,
  totpEnabledAt: users.totpEnabledAt,
  /** Whether the user has chosen a password (false while an invitation is pending); never the hash itself. */
  hasPassword: sql<boolean>`(${users.passwordHash} is not null)`.mapWith(Boolean),
  invitedAt: users.invitedAt,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};
export type UserRecord = {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  isActive: boolean;
  locale: string;
  totpEnabledAt: Date | null;
  hasPassword: boolean;
  invitedAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export interface UserFilter {
  role?: Role;
  teamId?: string;
  isActive?: boolean;
  q?: string;
}

function filterWhere(f: UserFilter): SQL[] {
  const where: SQL[] = [];
  if (f.role) where.push(eq(users.role, f.role));
  if (f.teamId) where.push(eq(users.teamId, f.teamId));
  if (f.isActive !== undefined) where.push(eq(users.isActive, f.isActive));
  if (f.q) {
    // Case and accents ignored on both sides, as the record lists' filters: "zoe" finds Zoé, "ELOISE" Éloïse.
    const p = normalizedQuery(`%${escapeLike(f.q)}%`);
    where.push(sql`(crm_unaccent(lower(${users.name})) like ${p} or crm_unaccent(lower(${users.email})) like ${p})`);
  }
  return where;
}

/** One page ordered by id (UUIDv7, so creation order); `afterId` is the previous page's last id. */
export async function listUsers(
  db: Queryable,
  f: UserFilter & { afterId?: string; limit: number },
): Promise<{ rows: UserRecord[]; total: number }> {
  const where = filterWhere(f);
  const [totalRow] = await db
    .select({ n: count() })
    .from(users)
    .where(where.length ? and(...where) : undefined);
  if (f.afterId) where.push(gt(users.id, f.afterId));
  const rows = await db
    .select(publicColumns)
    .from(users)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(users.id))
    .limit(f.limit);
  return { rows, total: Number(totalRow?.n ?? 0) };
}

/** Active users the actor may see (admins: all; others: themselves and their team), by name. */
export async function listDirectory(db: Queryable, actor: Actor, q?: string) {
  const where = [eq(users.isActive, true), ...filterWhere({ q })];
  const scope = scopeFilter(actor, { ownerId: users.id, teamId: users.teamId });
  if (scope) where.push(scope);
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, teamId: users.teamId })
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.name), asc(users.id))
    .limit(1000);
}

export async function findUserById(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select(publicColumns).from(users).where(eq(users.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function findUserIdByEmail(db: Queryable, email: string): Promise<string | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row?.id ?? null;
}

export async function insertUser(
  db: Queryable,
  values: {
    email: string;
    name: string;
    role: Role;
    teamId: string | null;
    locale?: string;
    /** null for an invited user, who chooses it through the invitation's link. */
    passwordHash: string | null;
    passwordChangedAt: Date | null;
    invitedAt: Date | null;
  },
): Promise<UserRecord> {
  const [row] = await db.insert(users).values(values).returning(publicColumns);
  return row as UserRecord;
}

export async function updateUserRow(
  db: Queryable,
  id: string,
  patch: Partial<Pick<UserRecord, 'name' | 'role' | 'teamId' | 'isActive' | 'locale'>>,
): Promise<UserRecord> {
  const [row] = await db.update(users).set(patch).where(eq(users.id, id)).returning(publicColumns);
  return row as UserRecord;
}

/** Stamps the date of the invitation just mailed (only while the user has no password). */
export async function markInvited(db: Queryable, id: string, at: Date): Promise<UserRecord> {
  const [row] = await db.update(users).set({ invitedAt: at }).where(eq(users.id, id)).returning(publicColumns);
  return row as UserRecord;
}

/** Serialises changes of role or active flag, so two admins cannot demote each other at the same time. */
const USER_ROLE_LOCK = 7262003;
export async function lockRoleChanges(db: Queryable): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${USER_ROLE_LOCK})`);
}

export async function countActiveAdmins(db: Queryable): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.isActive, true)));
  return Number(row?.n ?? 0);
}

export async function teamExists(db: Queryable, teamId: string): Promise<boolean> {
  const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
  return !!row;
}

/** Whether a database error is a unique-constraint violation (whichever driver raised it). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}
