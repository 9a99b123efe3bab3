import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { closeDeps, createDeps } from './bootstrap.ts';
import { loadConfigOrExit } from './config.ts';
import { seedDemoDataOnFirstStart } from './features/demo-data/first-start.ts';
import { bootstrapAdmin } from './platform/auth/bootstrap-admin.ts';

const webDist = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

async function main() {
  const config = loadConfigOrExit();
  const deps = await createDeps(config);
  await bootstrapAdmin(deps);
  await seedDemoDataOnFirstStart(deps);
  const app = await buildApp(deps, { webDist });
  if (config.runWorker) await deps.queue.work(deps);
  await app.listen({ port: config.port, host: config.host });
  deps.log.info(
    { url: config.appUrl, database: config.database.kind, cache: deps.cache.kind, worker: config.runWorker },
    'CRM is running',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'shutting down: finishing requests and jobs');
    const force = setTimeout(() => {
      deps.log.error('graceful shutdown took too long; exiting');
      process.exit(1);
    }, 30_000).unref();
    try {
      await app.close(); // stops accepting, waits for in-flight requests
      await closeDeps(deps); // waits for running jobs, then closes the database
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
