/**
 * `npm run db:maintenance [-- --execute]`: purges expired sessions, used reset tokens, old login failures, old
 * read notifications and old finished jobs, then VACUUM ANALYZE on PostgreSQL. Dry run by default.
 * Never touches the audit log. With the embedded database, stop the server first (PGlite has no data-dir lock).
 */
import pino from 'pino';
import { loadConfigOrExit } from '../config.ts';
import { maintenanceTasks } from '../maintenance.ts';
import { systemClock } from '../platform/context.ts';
import { openConfiguredDatabase } from '../platform/db/client.ts';
import { formatMaintenanceResults, runMaintenance } from '../platform/maintenance/maintenance.ts';

async function main() {
  const execute = process.argv.includes('--execute');
  const config = loadConfigOrExit();
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const database = await openConfiguredDatabase(config.database, 2);
  try {
    await database.migrate();
    const results = await runMaintenance(
      { database, clock: systemClock, log, dataDir: config.dataDir },
      maintenanceTasks,
      {
        execute,
      },
    );
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
