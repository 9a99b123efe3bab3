import { sql } from 'drizzle-orm';
import type { Log } from '../context.ts';
import { type Database, rowsOf } from './client.ts';

/**
 * A table is analyzed again once it holds this many times the rows its statistics describe. The planner scales a
 * table's row count with its current size on disk, so between analyzes only the distributions age.
 */
export const GROWTH_FACTOR = 4;
/** Below this many live rows a table is never analyzed here: every plan is cheap on it. */
export const MIN_ROWS = 1000;

/**
 * `ANALYZE` of every table: after the demo data is seeded and in maintenance. Lists count exactly up to
 * EXACT_TOTAL_UP_TO rows and show the planner's estimate beyond (keyset.ts); a table never analyzed is estimated from
 * its size on disk, so 2,000 seeded contacts read "1,001". The embedded PGlite has no autovacuum to do it.
 */
export async function analyzeAll(database: Database): Promise<void> {
  await database.raw.exec('analyze');
}

/**
 * Refreshes the query planner's statistics of tables that a bulk write (an import) has grown well beyond what their
 * statistics say: `ANALYZE` of each table holding GROWTH_FACTOR times the rows of its last analysis (`finalPass`:
 * 1.2 times, when the bulk write is over). Autovacuum does the same, but only once a minute: a table imported from
 * 5,000 to 100,000 rows in that minute is planned as a table of 5,000, and the contact list's "newest 50" turned
 * from an index scan into a sort of every row (37 ms per call instead of 0.1 ms, `npm run bench:import`).
 *
 * Best effort: a table that autovacuum is analyzing already (lock not granted within a second) is left to it, and a
 * failure is logged, never thrown. Returns the tables analyzed.
 */
export async function refreshPlannerStats(
  database: Database,
  tables: readonly string[],
  log: Log,
  opts: { finalPass?: boolean } = {},
): Promise<string[]> {
  const factor = opts.finalPass ? 1.2 : GROWTH_FACTOR;
  try {
    // reltuples is -1 for a table never analyzed; n_live_tup counts the rows written since, commits included.
    const stale = rowsOf<{ name: string }>(
      await database.db.execute(sql`
        select c.relname as name
          from pg_class c
          join pg_stat_user_tables s on s.relid = c.oid
         where c.relname in (${sql.join(
           tables.map((t) => sql`${t}`),
           sql`, `,
         )})
           and c.relnamespace = 'public'::regnamespace
           and s.n_live_tup >= ${MIN_ROWS}
           and s.n_live_tup >= ${factor}::float8 * greatest(c.reltuples, 0)`),
    ).map((r) => r.name);
    if (stale.length === 0) return [];
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '1s'`);
      await tx.execute(
        sql`analyze ${sql.join(
          stale.map((t) => sql.identifier(t)),
          sql`, `,
        )}`,
      );
    });
    log.info({ tables: stale }, 'planner statistics refreshed after a bulk write');
    return stale;
  } catch (err) {
    log.warn({ err, tables }, 'planner statistics not refreshed (left to autovacuum)');
    return [];
  }
}
