import { eq, getTableName, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { scopeFilter } from '../auth/scope.ts';
import type { EntityDef, EntityScope } from './entity.ts';

/** The SQL of the registry's scope rules (platform/entities/entity.ts): what an entity file declares its scope with. */

/** The scope of a table whose rows have an owner and a team (and, for `assigned`, an assignee). */
export function ownedScope(cols: { ownerId: AnyPgColumn; teamId: AnyPgColumn; assigneeId?: AnyPgColumn }): EntityScope {
  const { assigneeId } = cols;
  return {
    rule: assigneeId ? 'assigned' : 'owned',
    columns: { ownerId: cols.ownerId, teamId: cols.teamId },
    where(actor) {
      const s = scopeFilter(actor, cols);
      return s && assigneeId && actor.userId ? (or(s, eq(assigneeId, actor.userId)) as SQL) : s;
    },
    maySee(reader, row) {
      if (reader.role === 'admin') return true;
      if (!row) return false;
      return (
        row.ownerId === reader.id ||
        (!!reader.teamId && row.teamId === reader.teamId) ||
        (!!assigneeId && row.assigneeId === reader.id)
      );
    },
  };
}

/** A WHERE clause no row passes (a bin nobody of this role may see). */
export const noRows: SQL = sql`false`;

/** Rows everyone who may read sees. */
export const sharedScope: EntityScope = { rule: 'shared', where: () => undefined, maySee: () => true };

/** The SQL name of the entity's table. */
export const tableNameOf = (e: EntityDef): string => getTableName(e.table);
