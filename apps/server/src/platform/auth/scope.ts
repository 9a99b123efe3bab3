import { roleMayModify } from '@crm/contracts';
import { eq, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';

/** The columns of a table that carry ownership. */
export interface OwnedColumns {
  ownerId: AnyPgColumn;
  teamId: AnyPgColumn;
}

export type Visibility = { kind: 'all' } | { kind: 'team'; teamId: string | null; userId: string | null };

/**
 * What the caller may see, from DOMAIN.md: admins (and the system) everything; managers, users and
 * viewers what they own and what belongs to their team.
 */
export function visibilityOf(actor: Actor): Visibility {
  if (actor.type === 'system' || actor.role === 'admin') return { kind: 'all' };
  if (!actor.role) throw new AppError('auth.unauthenticated', 'Authentication is required');
  return { kind: 'team', teamId: actor.teamId, userId: actor.userId };
}

/** The scope rule written once: undefined when the caller sees everything, else own rows OR the team's rows. */
function ownOrTeam(actor: Actor, ownerId: SQLWrapper | AnyPgColumn, teamId: SQLWrapper | AnyPgColumn): SQL | undefined {
  const v = visibilityOf(actor);
  if (v.kind === 'all') return undefined;
  const parts: SQL[] = [];
  if (v.userId) parts.push(eq(ownerId, v.userId));
  if (v.teamId) parts.push(eq(teamId, v.teamId));
  return parts.length ? (or(...parts) as SQL) : sql`false`;
}

/**
 * The one helper every repository uses to filter rows by the caller's rights. Returns undefined when
 * the caller sees everything, otherwise a WHERE clause (own rows OR the team's rows).
 */
export function scopeFilter(actor: Actor, cols: OwnedColumns): SQL | undefined {
  return ownOrTeam(actor, cols.ownerId, cols.teamId);
}

/**
 * The same rule for raw SQL over a table alias (`alias.owner_id`, `alias.team_id`): the analytics' hand-written
 * queries. Always a condition: `true` when the caller sees everything.
 */
export function scopeSql(actor: Actor, alias: string): SQL {
  const column = (name: string) => sql`${sql.identifier(alias)}.${sql.identifier(name)}`;
  return ownOrTeam(actor, column('owner_id'), column('team_id')) ?? sql`true`;
}

/** A stable string for cache keys: two callers with the same key see exactly the same rows. */
export function scopeKey(actor: Actor): string {
  const v = visibilityOf(actor);
  return v.kind === 'all' ? 'all' : `team:${v.teamId ?? '-'}:user:${v.userId ?? '-'}`;
}

/** Whether the caller may change a record with this owner and team (the shared rule `roleMayModify`, DOMAIN.md roles). */
export function canModify(
  actor: Actor,
  record: { ownerId: string | null; teamId: string | null },
  opts: { assigneeId?: string | null } = {},
): boolean {
  if (actor.type === 'system') return true;
  // An API key's scopes bound even an admin: a read-only admin key may not modify anything.
  if (!actor.scopes.includes('write') || !actor.role) return false;
  return roleMayModify(
    { role: actor.role, userId: actor.userId, teamId: actor.teamId },
    { ...record, assigneeId: opts.assigneeId },
  );
}

export function assertCanModify(
  actor: Actor,
  record: { ownerId: string | null; teamId: string | null },
  opts: { assigneeId?: string | null } = {},
): void {
  if (!canModify(actor, record, opts)) throw new AppError('auth.forbidden', 'You may not change this record');
}
