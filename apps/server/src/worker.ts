import { closeDeps, createDeps } from './bootstrap.ts';
import { loadConfigOrExit } from './config.ts';

/** The worker alone (scaled mode): jobs, event dispatch and cron, no HTTP. Needs DATABASE_URL. */
async function main() {
  const config = loadConfigOrExit();
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
