import pino, { type Logger } from 'pino';
import { type Config, unsafeSettings } from './config.ts';
import { defaultEntities } from './entities.ts';
import { createAnalytics } from './features/analytics/ingest/ingest.service.ts';
import { type MailCategory, registerMailOutcomeHandler } from './features/mail/mail.service.ts';
import { features, platformJobs } from './features.ts';
import { BootError, databaseRefusal } from './platform/boot-error.ts';
import { createCache } from './platform/cache/index.ts';
import { type Deps, systemClock } from './platform/context.ts';
import { openConfiguredDatabase } from './platform/db/client.ts';
import { registerCommitListeners, registerEventHandlers } from './platform/events/dispatch.ts';
import { JobQueue } from './platform/jobs/queue.ts';
import { createMailer } from './platform/mail/mailer.ts';
import { openStorage } from './platform/storage/index.ts';

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.totp',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}

/** Opens every dependency (migrating the database) and registers the features' jobs and event handlers. */
export async function createDeps(
  config: Config,
  overrides: Partial<Deps> & { pollingIntervalSeconds?: number } = {},
): Promise<Deps> {
  const log = overrides.log ?? createLogger(config);
  const database =
    overrides.database ?? (await openConfiguredDatabase(config.database, undefined, log).catch(refuse(config)));
  await database.migrate().catch(refuse(config));
  const queue =
    overrides.queue ?? new JobQueue(database, log, { pollingIntervalSeconds: overrides.pollingIntervalSeconds });
  queue.register(platformJobs);
  for (const f of features) {
    if (f.jobs) queue.register(f.jobs);
    if (f.loops) queue.registerLoops(f.loops);
    if (f.eventHandlers) registerEventHandlers(f.eventHandlers);
    if (f.commitListeners) registerCommitListeners(f.commitListeners);
    for (const [category, handler] of Object.entries(f.mailOutcomes ?? {}))
      if (handler) registerMailOutcomeHandler(category as MailCategory, handler);
  }
  await queue.start();
  const clock = overrides.clock ?? systemClock;
  return {
    config,
    database,
    queue,
    log,
    analytics: overrides.analytics ?? createAnalytics({ config, database, log, clock }),
    cache: overrides.cache ?? createCache(config, log),
    mailer:
      overrides.mailer ??
      createMailer({ smtp: config.smtp, dkim: config.dkim, messageIdDomain: new URL(config.appUrl).hostname }, log),
    clock,
    storage:
      overrides.storage ??
      (await openStorage(config.storage, database, config.dataDir).catch((err) => {
        throw new BootError('STORAGE', `the ${config.storage.kind} file storage cannot be opened: ${err.message}`, {
          cause: err,
        });
      })),
    entities: overrides.entities ?? defaultEntities,
  };
}

/** A database that cannot be opened or migrated stops the start with a sentence naming DATABASE_URL (or DATA_DIR). */
const refuse =
  (config: Config) =>
  (err: unknown): never => {
    throw databaseRefusal(config.database, err);
  };

/** Logs one warning for each setting that weakens security or exists for tests (config.ts, unsafeSettings). */
export function warnUnsafeSettings(config: Config, log: Pick<Logger, 'warn'>): string[] {
  const settings = unsafeSettings(config);
  for (const setting of settings) log.warn({ setting: setting.split(/[=:]/)[0] }, `unsafe setting: ${setting}`);
  return settings;
}

/** Stops in dependency order: jobs first (finishing what runs), then analytics, cache, mail and the database. */
export async function closeDeps(deps: Deps): Promise<void> {
  await deps.queue.stop().catch((err) => deps.log.warn({ err }, 'queue stop failed'));
  // After the jobs (their business events), before the database: what is queued is written.
  await deps.analytics.close().catch((err) => deps.log.warn({ err }, 'analytics close failed'));
  await deps.cache.close().catch(() => {});
  deps.mailer.close();
  await deps.storage.close().catch(() => {});
  await deps.database.close().catch((err) => deps.log.warn({ err }, 'database close failed'));
}
