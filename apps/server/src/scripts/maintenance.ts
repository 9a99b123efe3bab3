/**
 * `npm run db:maintenance [-- --execute]`: purges expired sessions, used reset tokens, old login failures, old
 * read notifications and old finished jobs, then VACUUM ANALYZE on PostgreSQL. Dry run by default.
 * Never touches the audit log. With the embedded database, stop the server first (PGlite has no data-dir lock).
 */
import pino from 'pino';
import { loadConfigOrExit } from '../config.ts';
import { maintenanceTasks } from '../maintenance.ts';
import { exitOnBootFailure, openMigratedDatabase } from '../platform/boot-error.ts';
import { systemClock } from '../platform/context.ts';
import { formatMaintenanceResults, runMaintenance } from '../platform/maintenance/maintenance.ts';
import { openStorage } from '../platform/storage/index.ts';

async function main() {
  const execute = process.argv.includes('--execute');
  const config = loadConfigOrExit();
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const database = await openMigratedDatabase(config.database, 2);
  try {
    const storage = await openStorage(config.storage, database, config.dataDir);
    const results = await runMaintenance({ database, clock: systemClock, log, storage, config }, maintenanceTasks, {
      execute,
    }).finally(() => storage.close());
    console.log(formatMaintenanceResults(results, execute));
    process.exitCode = results.some((r) => r.note.startsWith('failed')) ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().catch((err) => exitOnBootFailure(err, 'The maintenance'));
