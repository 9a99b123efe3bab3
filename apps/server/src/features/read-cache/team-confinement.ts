import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { OWNED_NAMESPACES } from '../../platform/cache/cache-tags.ts';
import type { Actor, Deps } from '../../platform/context.ts';
import { rowsOf } from '../../platform/db/client.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people } from '../people/people.schema.ts';

/** The table of each namespace whose rows have an owner (the read cache's list; typed, so none is forgotten). */
const OWNED: Record<(typeof OWNED_NAMESPACES)[number], { table: PgTable; ownerId: AnyPgColumn; teamId: AnyPgColumn }> =
  {
    people: { table: people, ownerId: people.ownerId, teamId: people.teamId },
    organisations: { table: organisations, ownerId: organisations.ownerId, teamId: organisations.teamId },
    mandats: { table: mandats, ownerId: mandats.ownerId, teamId: mandats.teamId },
  };

/**
 * Whether this caller sees exactly their team's rows: a non-admin sees "own rows or the team's rows", which is the
 * team's rows alone when they own nothing outside the team (deleted rows included, to be safe). Then every such
 * member of the team sees the same lists and records, and the read cache lets them share entries. One query of
 * nine index probes; the plugin remembers the answer until a write on one of the caller's rows.
 */
export function teamConfinement(deps: Deps): (actor: Actor) => Promise<boolean> {
  return async (actor) => {
    if (!actor.userId || !actor.teamId) return false;
    // "Owns a row whose team is not theirs", as three probes of the (owner, team) index per table: a team before
    // theirs, after theirs, or none. (`team_id is distinct from` would read every row the user owns: 150 ms on
    // the bench's 100,000 contacts, against a few index pages.)
    const t = actor.teamId;
    const outside: SQL[] = Object.values(OWNED).flatMap(({ table, ownerId, teamId }) =>
      [sql`${teamId} < ${t}`, sql`${teamId} > ${t}`, sql`${teamId} is null`].map(
        (team) => sql`not exists (select 1 from ${table} where ${ownerId} = ${actor.userId} and ${team})`,
      ),
    );
    const r = await deps.database.db.execute(sql`select ${sql.join(outside, sql` and `)} as "confined"`);
    return rowsOf<{ confined: boolean }>(r)[0]?.confined === true;
  };
}
