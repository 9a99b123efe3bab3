import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { type BuildAppOptions, buildApp } from '../src/app.ts';
import { closeDeps, createDeps } from '../src/bootstrap.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { createCache } from '../src/platform/cache/index.ts';
import type { Deps } from '../src/platform/context.ts';
import { openDatabase } from '../src/platform/db/client.ts';

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  config: Config;
  /** The PostgreSQL database made for this app (undefined on PGlite): for a second process on the same data. */
  databaseUrl?: string;
  close(): Promise<void>;
}

/**
 * The real application on a fresh database: in-memory PGlite by default, or, when the environment sets
 * DATABASE_URL (CI's second run), a new PostgreSQL database created for this test file and dropped after.
 * REDIS_URL likewise switches the cache to Redis.
 */
export async function createTestApp(
  opts: {
    env?: Record<string, string>;
    worker?: boolean;
    deps?: Partial<Deps>;
    /** Route plugins of the test's own, mounted under /api/v1 after the features'. */
    routes?: BuildAppOptions['routes'];
  } = {},
): Promise<TestApp> {
  // Each app gets its own audit key and checkpoint file, so apps running at once never read each other's checkpoints.
  const checkpointFile = join(tmpdir(), `crm-test-audit-${randomBytes(6).toString('hex')}.jsonl`);
  const base = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
    AUDIT_CHECKPOINT_FILE: checkpointFile,
    ...opts.env,
  });
  // DATA_DIR in opts.env: a folder of this app's own (a second process with separate files); else a shared temp one.
  const dataDir = opts.env?.DATA_DIR ? base.dataDir : '/tmp/crm-test-data';
  const storage: Config['storage'] = base.storage.kind === 'local' ? { kind: 'local', dir: dataDir } : base.storage;
  const config: Config = { ...base, dataDir, storage };
  let dropDb: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  let database = opts.deps?.database;
  if (!database) {
    if (config.database.kind === 'postgres') {
      const name = `crm_t_${randomBytes(6).toString('hex')}`;
      const adminUrl = config.database.url;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      database = await openDatabase({ kind: 'postgres', url: databaseUrl, max: 5 });
      dropDb = async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      };
    } else {
      database = await openDatabase({ kind: 'pglite' });
    }
  }
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  // A Redis cache (and the rate limits, which reuse its prefix) gets a key prefix of its own per app.
  const cache = opts.deps?.cache ?? createCache(config, log, { keyPrefix: `crm-t-${randomBytes(5).toString('hex')}:` });
  const deps = await createDeps(config, { log, database, pollingIntervalSeconds: 0.5, ...opts.deps, cache });
  const app = await buildApp(deps, { routes: opts.routes });
  if (opts.worker) await deps.queue.work(deps);
  return {
    app,
    deps,
    config,
    databaseUrl,
    close: async () => {
      await app.close();
      // A database handed in belongs to whoever opened it (another app of the same test, sharing it).
      await closeDeps(opts.deps?.database ? { ...deps, database: { ...deps.database, close: async () => {} } } : deps);
      await dropDb?.();
      await rm(checkpointFile, { force: true });
    },
  };
}

/** Polls `fn` until it returns a truthy value, which it returns; throws when `timeoutMs` passes first. */
export async function waitFor<T>(fn: () => Promise<T>, timeoutMs = 10_000, everyMs = 50): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`waitFor: nothing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
