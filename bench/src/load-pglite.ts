/**
 * Child process of the bench: migrates a PGlite database in BENCH_PGLITE_DIR with the server's own migrations and
 * loads the bench dataset into it (COPY FROM '/dev/blob'). Runs beside the PostgreSQL load, on the load
 * generator's core. Prints one JSON line with the timings.
 */
import { openDatabase } from '../../apps/server/src/platform/db/client.ts';
import { loadIntoPglite, prepareDataset } from './dataset.ts';

const t0 = performance.now();
const ds = await prepareDataset({
  size: Number(process.env.BENCH_SIZE),
  seed: Number(process.env.BENCH_SEED),
  log: () => {},
});
const db = await openDatabase({ kind: 'pglite', dataDir: process.env.BENCH_PGLITE_DIR as string });
await db.migrate();
const migrateMs = Math.round(performance.now() - t0);
const tables = await loadIntoPglite(ds, db.pglite as NonNullable<typeof db.pglite>);
await db.pglite?.exec('checkpoint');
await db.close();
console.log(JSON.stringify({ migrateMs, tables, totalMs: Math.round(performance.now() - t0) }));
