import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { closeDeps, createDeps, warnUnsafeSettings } from './bootstrap.ts';
import { type Config, loadConfig } from './config.ts';
import { seedDemoDataOnFirstStart } from './features/demo-data/first-start.ts';
import { bootstrapAdmin } from './platform/auth/bootstrap-admin.ts';
import { exitOnBootFailure, listenRefusal } from './platform/boot-error.ts';
import type { Deps } from './platform/context.ts';

const webDist = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

let config: Config | undefined;

/**
 * Everything that fails before the server listens is a refusal to start: one sentence naming the variable and its
 * rule, no stack trace, exit 78 (platform/boot-error.ts); an unexpected error prints its message and exits 1.
 */
async function main() {
  config = loadConfig();
  const deps = await createDeps(config);
  try {
    warnUnsafeSettings(config, deps.log);
    await bootstrapAdmin(deps);
    await seedDemoDataOnFirstStart(deps);
    const app = await buildApp(deps, { webDist });
    if (config.runWorker) await deps.queue.work(deps);
    const { host, port } = config;
    await app.listen({ port, host }).catch((err) => {
      throw listenRefusal(host, port, err) ?? err;
    });
    started(deps, app);
  } catch (err) {
    // Closes the database cleanly, but never waits long to say why the start failed.
    await Promise.race([closeDeps(deps).catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())]);
    throw err;
  }
}

/** Logs the start and stops gracefully on SIGTERM/SIGINT. */
function started(deps: Deps, app: Awaited<ReturnType<typeof buildApp>>) {
  const config = deps.config;
  deps.log.info(
    {
      url: config.appUrl,
      host: config.host,
      port: config.port,
      database: config.database.kind,
      cache: deps.cache.kind,
      worker: config.runWorker,
    },
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

main().catch((err) => exitOnBootFailure(err, 'The CRM', { logLevel: config?.logLevel }));
