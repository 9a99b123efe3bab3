/**
 * `npm run db:migrate`: applies the committed migrations (src/db/migrations) to the configured database
 * (PGlite in DATA_DIR/pglite, or DATABASE_URL). The server also migrates at start; this is for deploys
 * that migrate before rolling out API and worker processes.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../platform/db/client.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const where = config.database.kind === 'pglite' ? config.database.dataDir : redact(config.database.url);
  const database = await openDatabase(
    config.database.kind === 'pglite'
      ? { kind: 'pglite', dataDir: config.database.dataDir }
      : { kind: 'postgres', url: config.database.url, max: 2 },
  );
  try {
    const started = Date.now();
    await database.migrate();
    console.log(`migrations applied to ${config.database.kind} (${where}) in ${Date.now() - started} ms`);
  } finally {
    await database.close();
  }
}

/** The URL without its password, for the console. */
function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof ConfigError ? 78 : 1);
});
