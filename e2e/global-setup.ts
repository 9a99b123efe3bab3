// Runs the app as in production for the journeys: builds apps/web (skipped when up to date), starts the real
// server (API + web + worker, the default embedded PostgreSQL in a fresh temporary DATA_DIR, demo data) on a free port and waits
// until it is ready. Tests get the URL and the administrator's credentials from process.env (inherited by the
// workers) or from .output/server-<runner pid>.json. global-teardown.ts stops the server and removes the data folder.
//
// E2E_BASE_URL + E2E_ADMIN_EMAIL + E2E_ADMIN_PASSWORD set beforehand: no build, no server; the journeys run
// against that app (for instance `npm run dev -w apps/web`).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ARTIFACTS_DIR,
  OUTPUT_DIR,
  ROOT_DIR,
  readState,
  type ServerState,
  serverLog,
  stateFile,
  stateFileRunners,
} from './support/paths.ts';
import { stopServer } from './support/stop-server.ts';

const HOST = 'localhost';
const READY_TIMEOUT_MS = Number(process.env.E2E_SERVER_START_TIMEOUT_MS ?? 300_000);
const ADMIN_EMAIL = 'admin@e2e.test';

export default async function globalSetup(): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await stopLeftoverServers();

  const external = process.env.E2E_BASE_URL;
  if (external) {
    const { E2E_ADMIN_EMAIL: adminEmail, E2E_ADMIN_PASSWORD: adminPassword } = process.env;
    if (!adminEmail || !adminPassword) {
      throw new Error('E2E_BASE_URL is set: set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD too');
    }
    const baseURL = external.replace(/\/$/, '');
    await waitForReady(baseURL, null);
    writeState({ baseURL, adminEmail, adminPassword });
    console.log(`[e2e] using the running app at ${baseURL}`);
    return;
  }

  buildWeb();

  const port = await freePort();
  const baseURL = `http://${HOST}:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-e2e-'));
  const adminPassword = `E2e-${randomBytes(18).toString('base64url')}`;
  const logFd = openSync(serverLog(), 'w');
  const started = Date.now();
  // node + tsx's loader directly (what `tsx src/main.ts` does, without the npx/tsx wrapper processes), so the
  // pid is the server itself and SIGTERM reaches its graceful shutdown.
  const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT_DIR, 'apps/server/src/main.ts')], {
    cwd: join(ROOT_DIR, 'apps/server'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST,
      PORT: String(port),
      APP_URL: baseURL,
      DATA_DIR: dataDir,
      DATABASE_URL: '', // always the embedded database, whatever the shell exports
      REDIS_URL: '',
      CRM_ROLE: 'all',
      SESSION_SECRET: randomBytes(48).toString('base64url'),
      AUDIT_HMAC_KEY: randomBytes(48).toString('base64url'),
      ADMIN_EMAIL,
      ADMIN_PASSWORD: adminPassword,
      SEED_DEMO_DATA: 'true',
      SMTP_URL: '', // mails go to the log
      LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'info',
      RATE_LIMIT_AUTH_PER_MIN: '1000',
      RATE_LIMIT_API_PER_MIN: '100000',
      RATE_LIMIT_SEARCH_PER_MIN: '10000',
      RATE_LIMIT_EXPENSIVE_PER_MIN: '1000',
      // The integrations journey targets receivers it starts on 127.0.0.1 (unsafe outside tests: docs/WEBHOOKS.md).
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOKS_POLL_MS: '100',
    },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  // Written before waiting, so that teardown stops the server even if the wait below fails half-way.
  writeState({ baseURL, adminEmail: ADMIN_EMAIL, adminPassword, pid: server.pid, dataDir, logFile: serverLog() });

  try {
    await waitForReady(baseURL, server);
  } catch (err) {
    await stopServer(server.pid, dataDir);
    rmSync(stateFile(), { force: true });
    throw err;
  }
  await answerAdminConsent(baseURL, adminPassword);
  console.log(
    `[e2e] server ready at ${baseURL} in ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${serverLog()})`,
  );
}

/**
 * The administrator answers the analytics question once (refusing), as a person would on first use, so that the
 * journeys signing in through the form do not meet the consent banner. analytics-consent.spec.ts asks its own
 * fresh users.
 */
async function answerAdminConsent(baseURL: string, password: string) {
  const login = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password }),
  });
  if (!login.ok) throw new Error(`admin login answered ${login.status}: ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${baseURL}/api/v1/analytics/consent`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ analytics: false, replay: false, source: 'prompt' }),
  });
  if (!res.ok) throw new Error(`PUT /api/v1/analytics/consent answered ${res.status}: ${await res.text()}`);
}

/**
 * A run killed before its teardown may have left its server running: stop the servers of runs whose runner is
 * gone (never those of a run still going on in this checkout).
 */
async function stopLeftoverServers() {
  for (const runner of stateFileRunners()) {
    if (runner === process.pid || isAlive(runner)) continue;
    const previous = readState(runner);
    rmSync(stateFile(runner), { force: true });
    if (!previous?.pid) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${previous.pid}/cmdline`, 'utf8');
    } catch {
      // gone (or not Linux)
    }
    if (cmdline.includes(join(ROOT_DIR, 'apps/server/src/main.ts'))) {
      console.warn(`[e2e] stopping the server left running by a previous run (pid ${previous.pid})`);
      await stopServer(previous.pid, previous.dataDir);
    } else if (previous.dataDir) {
      rmSync(previous.dataDir, { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeState(state: ServerState) {
  process.env.E2E_BASE_URL = state.baseURL;
  process.env.E2E_ADMIN_EMAIL = state.adminEmail;
  process.env.E2E_ADMIN_PASSWORD = state.adminPassword;
  writeFileSync(stateFile(), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

function buildWeb() {
  const r = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT_DIR, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build:web failed (exit ${r.status ?? r.signal})`);
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

/** Polls GET /api/v1/health/ready until 200; fails early with the log's tail when the server exits. */
async function waitForReady(baseURL: string, server: ChildProcess | null) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) {
      throw new Error(`the server exited with code ${server.exitCode} before it was ready\n${logTail()}`);
    }
    try {
      const res = await fetch(`${baseURL}/api/v1/health/ready`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `${baseURL}/api/v1/health/ready not ready after ${READY_TIMEOUT_MS / 1000} s (last: ${last})\n${logTail()}`,
  );
}

function logTail(lines = 40) {
  const log = serverLog();
  if (!existsSync(log)) return '';
  const tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  return `--- last lines of ${log} ---\n${tail}`;
}
