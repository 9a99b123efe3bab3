/**
 * `npm run db:maintenance [-- --execute]`: purges expired sessions, used reset tokens, old login failures, old
 * read notifications and old finished jobs, then VACUUM ANALYZE on PostgreSQL. Dry run by default.
 * Never touches the audit log. With the embedded database, stop the server first (PGlite has no data-dir lock).
 */
import pino from 'pino';
import { ConfigError, loadConfig } from '../config.ts';
import { maintenanceTasks } from '../maintenance.ts';
import { systemClock } from '../platform/context.ts';
import { openDatabase } from '../platform/db/client.ts';
import { formatMaintenanceResults, runMaintenance } from '../platform/maintenance/maintenance.ts';

async function main() {
  const execute = process.argv.includes('--execute');
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const database = await openDatabase(
    config.database.kind === 'pglite'
      ? { kind: 'pglite', dataDir: config.database.dataDir }
      : { kind: 'postgres', url: config.database.url, max: 2 },
  );
  try {
    await database.migrate();
    const results = await runMaintenance({ database, clock: systemClock, log }, maintenanceTasks, { execute });
    console.log(formatMaintenanceResults(results, execute));
    process.exitCode = results.some((r) => r.note.startsWith('failed')) ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
