import { closeDeps, createDeps } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config.ts';

/** The worker alone (scaled mode): jobs, event dispatch and cron, no HTTP. Needs DATABASE_URL. */
async function main() {
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
  if (config.database.kind === 'pglite') {
    console.error('start:worker needs DATABASE_URL: the embedded database runs its worker inside `npm start`.');
    process.exit(78);
  }
  const deps = await createDeps(config);
  await deps.queue.work(deps);
  deps.log.info('worker is running');
  const shutdown = async () => {
    await closeDeps(deps);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
