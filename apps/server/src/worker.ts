import { closeDeps, createDeps, warnUnsafeSettings } from './bootstrap.ts';
import { type Config, loadConfig } from './config.ts';
import { BootError, exitOnBootFailure } from './platform/boot-error.ts';

let config: Config | undefined;

/** The worker alone (scaled mode): jobs, event dispatch and cron, no HTTP. Needs DATABASE_URL. */
async function main() {
  config = loadConfig();
  if (config.database.kind !== 'postgres') {
    throw new BootError(
      'DATABASE_URL',
      'required by start:worker: the embedded database (no DATABASE_URL) runs its worker inside `npm start`',
    );
  }
  const deps = await createDeps(config);
  warnUnsafeSettings(config, deps.log);
  await deps.queue.work(deps);
  deps.log.info('worker is running');
  const shutdown = async () => {
    await closeDeps(deps);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((err) => exitOnBootFailure(err, 'The worker', { logLevel: config?.logLevel }));
