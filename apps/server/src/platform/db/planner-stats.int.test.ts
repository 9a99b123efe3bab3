import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { people } from '../../features/people/people.schema.ts';
import { rowsOf } from './client.ts';
import { GROWTH_FACTOR, MIN_ROWS, refreshPlannerStats } from './planner-stats.ts';

/** An import keeps the planner's statistics of the tables it grows close to their size (docs/DOMAIN.md, Imports). */
describe('refreshPlannerStats', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { CACHE_ENABLED: 'false' } });
  }, 60_000);
  afterAll(async () => t?.close());

  /** Written directly: thousands of rows, which through the API would take minutes. */
  const insert = async (n: number, from: number) => {
    const rows = Array.from({ length: n }, (_, i) => ({ firstName: 'Stat', lastName: `Ligne${from + i}` }));
    for (let i = 0; i < rows.length; i += 500) await t.deps.database.db.insert(people).values(rows.slice(i, i + 500));
  };
  const described = async () =>
    Number(
      rowsOf<{ n: number }>(
        await t.deps.database.db.execute(sql`select reltuples::float8 as n from pg_class where relname = 'people'`),
      )[0]?.n,
    );
  /** n_live_tup follows the writes once their statistics are flushed (at most a second after the commit). */
  const liveRowsAtLeast = async (n: number) => {
    for (let i = 0; i < 60; i++) {
      const [r] = rowsOf<{ n: number }>(
        await t.deps.database.db.execute(
          sql`select n_live_tup::int as n from pg_stat_user_tables where relname = 'people'`,
        ),
      );
      if ((r?.n ?? 0) >= n) return;
      await new Promise((res) => setTimeout(res, 250));
    }
    throw new Error(`n_live_tup never reached ${n}`);
  };

  it('analyzes a table grown past its statistics, once, and leaves small or fresh ones alone', async () => {
    await insert(MIN_ROWS - 100, 0);
    await liveRowsAtLeast(MIN_ROWS - 100);
    expect(await refreshPlannerStats(t.deps.database, ['people', 'organisations'], t.deps.log)).toEqual([]);

    await insert(200, MIN_ROWS);
    await liveRowsAtLeast(MIN_ROWS + 100);
    expect(await refreshPlannerStats(t.deps.database, ['people', 'organisations'], t.deps.log)).toEqual(['people']);
    expect(await described()).toBe(MIN_ROWS + 100);
    // Statistics that describe the table: nothing to do.
    expect(await refreshPlannerStats(t.deps.database, ['people'], t.deps.log)).toEqual([]);

    // Grown by half: not yet for the running import, but the final pass refreshes them.
    await insert(550, 2 * MIN_ROWS);
    await liveRowsAtLeast(MIN_ROWS + 650);
    expect(await refreshPlannerStats(t.deps.database, ['people'], t.deps.log)).toEqual([]);
    expect(await refreshPlannerStats(t.deps.database, ['people'], t.deps.log, { finalPass: true })).toEqual(['people']);
    expect(await described()).toBe(MIN_ROWS + 650);

    const size = MIN_ROWS + 650;
    await insert(size * (GROWTH_FACTOR - 1), 10 * MIN_ROWS);
    await liveRowsAtLeast(size * GROWTH_FACTOR);
    expect(await refreshPlannerStats(t.deps.database, ['people'], t.deps.log)).toEqual(['people']);
    expect(await described()).toBe(size * GROWTH_FACTOR);
  }, 120_000);

  it('plans the newest contacts of a grown table with its index, not a sort of every row', async () => {
    const [plan] = rowsOf<{ 'QUERY PLAN': unknown }>(
      await t.deps.database.db.execute(
        sql`explain (format json) select id from people where deleted_at is null order by updated_at desc, id desc limit 51`,
      ),
    );
    expect(JSON.stringify(plan)).toContain('people_live_updated_idx');
    expect(JSON.stringify(plan)).not.toContain('"Sort"');
  });
});
