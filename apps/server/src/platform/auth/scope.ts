import { roleMayModify } from '@crm/contracts';
import { eq, or, type SQL, sql } from 'drizzle-orm';
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

/**
 * The one helper every repository uses to filter rows by the caller's rights. Returns undefined when
 * the caller sees everything, otherwise a WHERE clause (own rows OR the team's rows).
 */
export function scopeFilter(actor: Actor, cols: OwnedColumns): SQL | undefined {
  const v = visibilityOf(actor);
  if (v.kind === 'all') return undefined;
  const parts: SQL[] = [];
  if (v.userId) parts.push(eq(cols.ownerId, v.userId));
  if (v.teamId) parts.push(eq(cols.teamId, v.teamId));
  return parts.length ? (or(...parts) as SQL) : sql`false`;
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
