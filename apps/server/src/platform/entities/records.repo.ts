import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { teams, users } from '../auth/auth.schema.ts';
import { visibilityOf } from '../auth/scope.ts';
import type { Actor } from '../context.ts';
import type { Queryable } from '../db/client.ts';
import type { SortField } from '../db/keyset.ts';
import type { EntityDef } from './entity.ts';

export interface RecordOwnership {
  id: string;
  ownerId: string | null;
  teamId: string | null;
}

/** Live (not deleted) rows of the entity among `where`, within what the actor may read. */
export function liveVisible(e: EntityDef, actor: Actor, where: SQL): SQL {
  const parts = [where];
  if (e.softDelete) parts.push(isNull(e.softDelete.deletedAt));
  const scope = e.scope.where(actor);
  if (scope) parts.push(scope);
  return and(...parts) as SQL;
}

/** Ids (among `ids`) of live records of this entity the actor may see. */
export async function visibleRecordIds(db: Queryable, e: EntityDef, actor: Actor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: e.id })
    .from(e.table)
    .where(liveVisible(e, actor, inArray(e.id, ids)));
  return new Set(rows.map((r) => String(r.id)));
}

/** One live record of this entity the actor may see, with its ownership (none for shared rows), or null. */
export async function findVisibleRecord(
  db: Queryable,
  e: EntityDef,
  actor: Actor,
  id: string,
): Promise<RecordOwnership | null> {
  const owned = e.scope.columns;
  const [row] = await db
    .select({
      id: e.id,
      ownerId: owned ? owned.ownerId : sql<null>`null`,
      teamId: owned ? owned.teamId : sql<null>`null`,
    })
    .from(e.table)
    .where(liveVisible(e, actor, eq(e.id, id)));
  return row
    ? { id: String(row.id), ownerId: row.ownerId as string | null, teamId: row.teamId as string | null }
    : null;
}

/** The labels (`EntityDef.label`) of the live records among `ids` that the actor may see: the rest are absent. */
export async function visibleRecordLabels(
  db: Queryable,
  e: EntityDef,
  actor: Actor,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: e.id, name: sql<string>`${e.label}` })
    .from(e.table)
    .where(liveVisible(e, actor, inArray(e.id, ids)));
  return new Map(rows.map((r) => [String(r.id), String(r.name)]));
}

/**
 * Name and e-mail of the users among `ids` that the actor's user directory shows (admins everyone; others their
 * team's members and themselves): the `owner` of an expanded list.
 */
export async function directoryUsers(
  db: Queryable,
  actor: Actor,
  ids: string[],
): Promise<Map<string, { id: string; name: string; email: string }>> {
  if (ids.length === 0) return new Map();
  const where: SQL[] = [inArray(users.id, ids)];
  const v = visibilityOf(actor);
  if (v.kind === 'team') {
    const mine: SQL[] = [];
    if (v.userId) mine.push(eq(users.id, v.userId));
    if (v.teamId) mine.push(eq(users.teamId, v.teamId));
    where.push(mine.length ? (or(...mine) as SQL) : sql`false`);
  }
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(...where));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Sort key of a list's owner (or assignee) column: the user's name ('' for none), as the list shows it. */
export function userNameSortKey(col: AnyPgColumn): SortField {
  return { expr: sql`coalesce((select ${users.name} from ${users} where ${users.id} = ${col}), '')`, cast: 'text' };
}

/** Sort key of a list's team column: the team's name ('' for none). */
export function teamNameSortKey(col: AnyPgColumn): SortField {
  return { expr: sql`coalesce((select ${teams.name} from ${teams} where ${teams.id} = ${col}), '')`, cast: 'text' };
}
