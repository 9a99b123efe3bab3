import { type SQL, sql } from 'drizzle-orm';
import { cacheSpaces } from '../../platform/cache/cache-tags.ts';
import type { Actor, Deps } from '../../platform/context.ts';
import { rowsOf } from '../../platform/db/client.ts';

/**
 * Whether this caller sees exactly their team's rows: a non-admin sees "own rows or the team's rows", which is the
 * team's rows alone when they own nothing outside the team (deleted rows included, to be safe). Then every such
 * member of the team sees the same lists and records, and the read cache lets them share entries. One query of
 * three index probes per entity whose cached lists are cut per visibility (the registry); the plugin remembers the
 * answer until a write on one of the caller's rows.
 */
export function teamConfinement(deps: Deps): (actor: Actor) => Promise<boolean> {
  const owned = cacheSpaces(deps.entities).owned.map((path) => deps.entities.byPath(path)?.scope.columns);
  return async (actor) => {
    if (!actor.userId || !actor.teamId) return false;
    // "Owns a row whose team is not theirs", as three probes of the (owner, team) index per table: a team before
    // theirs, after theirs, or none. (`team_id is distinct from` would read every row the user owns: 150 ms on
    // the bench's 100,000 contacts, against a few index pages.)
    const t = actor.teamId;
    const outside: SQL[] = owned.flatMap((cols) =>
      cols
        ? [sql`${cols.teamId} < ${t}`, sql`${cols.teamId} > ${t}`, sql`${cols.teamId} is null`].map(
            (team) =>
              sql`not exists (select 1 from ${cols.ownerId.table} where ${cols.ownerId} = ${actor.userId} and ${team})`,
          )
        : [],
    );
    if (outside.length === 0) return true;
    const r = await deps.database.db.execute(sql`select ${sql.join(outside, sql` and `)} as "confined"`);
    return rowsOf<{ confined: boolean }>(r)[0]?.confined === true;
  };
}
