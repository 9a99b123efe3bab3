/**
 * Child processes under test, pinned with `taskset -c <core>`: the real CRM server (`node --import tsx
 * apps/server/src/main.ts`, production settings) and the bare Fastify reference of R1. Their output goes straight
 * to a log file (the child writes it, not the bench), and every child is stopped by the bench's cleanup.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChildServer {
  name: string;
  pid: number;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Kills every child still running (used by the bench's exit and signal handlers). */
export function killAllChildren(): void {
  for (const c of live) {
    try {
      c.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

function httpStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
  });
}

async function spawnPinned(opts: {
  name: string;
  core: number;
  script: string;
  env: Record<string, string>;
  /** The HTTP port polled for readiness; a process without HTTP gives readyLog instead. */
  port: number;
  logFile: string;
  readyPath: string;
  /** Ready when its log has a line matching this (a worker: no HTTP). */
  readyLog?: RegExp;
  /** Scheduling niceness (`nice -n`), 0 by default. */
  nice?: number;
  readyTimeoutMs?: number;
}): Promise<ChildServer> {
  const fd = openSync(opts.logFile, 'a');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it exits (open it in Chrome's DevTools).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const niced = opts.nice ? ['nice', '-n', String(opts.nice)] : [];
  const argv = [...niced, process.execPath, ...prof, '--import', 'tsx', opts.script];
  const child = spawn('taskset', ['-c', String(opts.core), ...argv], {
    cwd: REPO_ROOT,
    env: { ...env, ...opts.env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  live.add(child);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1);
      live.delete(child);
      resolve();
    });
  });
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 180_000);
  for (;;) {
    if (exited !== null) {
      const tail = readFileSync(opts.logFile, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`${opts.name} exited with ${exited} before it was ready:\n${tail}`);
    }
    if (opts.readyLog) {
      if (opts.readyLog.test(readFileSync(opts.logFile, 'utf8'))) break;
    } else if ((await httpStatus(opts.port, opts.readyPath)) === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `${opts.name} not ready after ${(opts.readyTimeoutMs ?? 180_000) / 1000} s (log: ${opts.logFile})`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    name: opts.name,
    pid: child.pid as number,
    port: opts.port,
    logFile: opts.logFile,
    stop: async () => {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

export interface CrmServerOptions {
  name: string;
  core: number;
  port: number;
  logFile: string;
  dataDir: string;
  /** Unset = embedded PGlite in dataDir/pglite. */
  databaseUrl?: string;
  redisUrl?: string;
  cacheEnabled: boolean;
  cacheKeyPrefix: string;
  logLevel: string;
  /** More environment (a bench's own settings). */
  extraEnv?: Record<string, string>;
}

/** The real server as production runs it (NODE_ENV=production, info logs), with rate limits raised. */
export function startCrmServer(o: CrmServerOptions): Promise<ChildServer> {
  return spawnPinned({
    name: o.name,
    core: o.core,
    script: 'apps/server/src/main.ts',
    env: crmEnv(o),
    port: o.port,
    logFile: o.logFile,
    readyPath: '/api/v1/health',
  });
}

/**
 * The worker alone (scaled mode, `npm run start:worker`: jobs, event dispatch, cron; no HTTP), on the same database as
 * a server started with CRM_ROLE=api; `nice` lowers its scheduling priority (docs/DEPLOYMENT.md).
 */
export function startCrmWorker(o: CrmServerOptions & { nice?: number }): Promise<ChildServer> {
  return spawnPinned({
    name: o.name,
    core: o.core,
    script: 'apps/server/src/worker.ts',
    // Info level for its "worker is running" line, the readiness signal.
    env: { ...crmEnv(o), CRM_ROLE: 'worker', LOG_LEVEL: 'info' },
    port: o.port,
    logFile: o.logFile,
    readyPath: '',
    readyLog: /worker is running/,
    nice: o.nice,
  });
}

function crmEnv(o: CrmServerOptions): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(o.port),
    APP_URL: `http://127.0.0.1:${o.port}`,
    SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
    AUDIT_HMAC_KEY: 'bench-audit-hmac-key-0123456789-abcdefghijklmnopqrstuvwxyz',
    DATA_DIR: o.dataDir,
    LOG_LEVEL: o.logLevel,
    CACHE_ENABLED: String(o.cacheEnabled),
    CACHE_KEY_PREFIX: o.cacheKeyPrefix,
    // The bench sends far more than a person would; the limits are part of the code path, not of the budget.
    RATE_LIMIT_API_PER_MIN: '100000000',
    RATE_LIMIT_SEARCH_PER_MIN: '100000000',
    RATE_LIMIT_EXPENSIVE_PER_MIN: '100000000',
    RATE_LIMIT_AUTH_PER_MIN: '100000000',
    SEED_DEMO_DATA: 'false',
  };
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  if (o.redisUrl) env.REDIS_URL = o.redisUrl;
  Object.assign(env, o.extraEnv);
  return env;
}

export function startBareServer(o: {
  core: number;
  port: number;
  logFile: string;
  pgUrl: string;
  sql: unknown;
}): Promise<ChildServer> {
  return spawnPinned({
    name: 'R1 bare Fastify',
    core: o.core,
    script: 'bench/src/bare-server.ts',
    env: { PORT: String(o.port), BENCH_PG_URL: o.pgUrl, BENCH_SQL: JSON.stringify(o.sql) },
    port: o.port,
    logFile: o.logFile,
    readyPath: '/health',
  });
}
