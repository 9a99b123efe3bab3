/**
 * `npm run db:migrate`: applies the committed migrations (src/db/migrations) to the configured database
 * (the embedded PostgreSQL in DATA_DIR/postgres, PGlite in DATA_DIR/pglite, or DATABASE_URL). The server also migrates at start; this is for deploys
 * that migrate before rolling out API and worker processes. A database that cannot be opened or migrated is
 * refused like at the server's start: one sentence naming DATABASE_URL (or DATA_DIR), no stack, exit 78.
 */
import { loadConfigOrExit } from '../config.ts';
import { exitOnBootFailure, openMigratedDatabase, redactUrl } from '../platform/boot-error.ts';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const where = config.database.kind !== 'postgres' ? config.database.dataDir : redactUrl(config.database.url);
  const started = Date.now();
  const database = await openMigratedDatabase(config.database, 2);
  await database.close();
  console.log(`migrations applied to ${config.database.kind} (${where}) in ${Date.now() - started} ms`);
}

main().catch((err) => exitOnBootFailure(err, 'The migration'));
