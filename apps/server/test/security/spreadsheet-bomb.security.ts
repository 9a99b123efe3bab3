import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tallBomb, wideBomb } from '../../src/platform/tabular/xlsx.fixtures.ts';

/**
 * Finding 1 of the attack (docs/security: the spreadsheet bomb): an 18 KB XLSX of 2,000 rows with one cell in
 * column XFD drove the server to 4.3 GB and out of memory, the 3 KB one (200 rows) to 2 GB, a 300,000-row sheet
 * to 1.1 GB, with the event loop blocked. Replayed against the real server in a child process (so its memory
 * is its own, read from /proc), through real HTTP multipart uploads as the attacker sent them.
 *
 * Bound: the server's RSS may rise at most 200 MB above what it was before each upload, and its lifetime peak
 * (VmHWM) at most 200 MB above the peak of its start. The server with embedded PGlite idles near 650 MB here
 * (its start, migrations included, peaks near 870 MB), so the bound is on the growth an upload causes. Reading
 * a file runs in a worker thread: tsx and the reader modules take about 40 MB, the caps stop these files early
 * (the XFD cell at the first row; the tall sheet at row 100,030, about 50 MB of records), and the worker's heap
 * could not pass 512 MB anyway (PARSE_MEMORY_MB). The exceljs reader added 2 GB to 4.3 GB (and crashed).
 * The child always runs on embedded PGlite in a temporary DATA_DIR, whatever DATABASE_URL says.
 */

const HOST = '127.0.0.1';
const ADMIN_EMAIL = 'admin@bomb.test';
const ADMIN_PASSWORD = `Bomb-${randomBytes(12).toString('base64url')}`;
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const GROWTH_BOUND_MB = 200;
let startHwmMb = 0;

let server: ChildProcess;
let base: string;
let dataDir: string;
let apiKey: string;
let log = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A line of /proc/<pid>/status in MB (VmRSS: now, VmHWM: the peak since the process started). */
function statusMb(field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return Math.round(kb / 1024);
}

function alive(): boolean {
  return server.exitCode === null && server.signalCode === null;
}

async function waitForHealth(deadline: number) {
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the server exited during start:\n${log}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not start:\n${log}`);
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://${HOST}:${port}/api/v1`;
  dataDir = mkdtempSync(join(tmpdir(), 'crm-bomb-'));
  // node + tsx's loader directly (what `npm start` runs), so the child's pid is the server itself.
  server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../src/main.ts')], {
    cwd: join(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST,
      PORT: String(port),
      APP_URL: `http://${HOST}:${port}`,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      CRM_ROLE: 'all',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      SEED_DEMO_DATA: 'false',
      SMTP_URL: '',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_AUTH_PER_MIN: '1000',
      RATE_LIMIT_API_PER_MIN: '100000',
      RATE_LIMIT_EXPENSIVE_PER_MIN: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
  });
  server.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
  });
  await waitForHealth(Date.now() + 110_000);

  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const key = await fetch(`${base}/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'bomb', scopes: ['read', 'write'] }),
  });
  expect(key.status).toBe(201);
  apiKey = ((await key.json()) as { key: string }).key;
  startHwmMb = statusMb('VmHWM');
  console.log(
    `[spreadsheet-bomb] server started: RSS ${statusMb('VmRSS')} MB, peak so far (VmHWM) ${statusMb('VmHWM')} MB`,
  );
});

afterAll(async () => {
  if (server && alive()) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (alive()) server.kill('SIGKILL');
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Uploads a file as the attacker did, sampling the server's RSS every 50 ms and probing /health every 100 ms
 * until the answer comes.
 */
async function upload(bytes: Buffer, fileName: string) {
  const form = new FormData();
  form.append('entity', 'organisations');
  form.append('file', new Blob([new Uint8Array(bytes)], { type: XLSX_MIME }), fileName);
  let done = false;
  const beforeRssMb = statusMb('VmRSS');
  let peakRssMb = beforeRssMb;
  const sampler = setInterval(() => {
    if (alive()) peakRssMb = Math.max(peakRssMb, statusMb('VmRSS'));
  }, 50);
  const health: { status: number; ms: number }[] = [];
  const prober = (async () => {
    while (!done) {
      const started = Date.now();
      const res = await fetch(`${base}/health`).catch(() => null);
      if (!done) health.push({ status: res?.status ?? 0, ms: Date.now() - started });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const started = Date.now();
  try {
    const res = await fetch(`${base}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}` },
      body: form,
    });
    const body = (await res.json()) as { code?: string };
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      code: body.code,
      ms: Date.now() - started,
      health,
      beforeRssMb,
      peakRssMb,
    };
  } finally {
    done = true;
    clearInterval(sampler);
    await prober;
  }
}

describe('spreadsheet bombs sent to POST /imports (finding 1)', () => {
  const cases = [
    { name: '200 rows with a cell in XFD (3 KB)', file: () => wideBomb(200), code: 'import.too_many_columns' },
    { name: '2,000 rows with a cell in XFD (18 KB)', file: () => wideBomb(2000), code: 'import.too_many_columns' },
    { name: '300,000 rows x 5 cells (70 MB unzipped)', file: () => tallBomb(300_000), code: 'import.too_many_rows' },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with a stable code, the server alive, small and answering /health`, async () => {
      const bytes = await c.file();
      const r = await upload(bytes, 'bomb.xlsx');
      const healthMaxMs = Math.max(0, ...r.health.map((h) => h.ms));
      console.log(
        `[spreadsheet-bomb] ${c.name}: ${bytes.length} bytes -> ${r.status} ${r.code} in ${r.ms} ms; ` +
          `server RSS ${r.beforeRssMb} MB before, peak ${r.peakRssMb} MB during the upload (VmHWM so far ${statusMb('VmHWM')} MB); ` +
          `/health answered ${r.health.filter((h) => h.status === 200).length}/${r.health.length} probes, slowest ${healthMaxMs} ms`,
      );
      expect([413, 422]).toContain(r.status);
      expect(r.contentType).toMatch(/^application\/problem\+json/);
      expect(r.code).toBe(c.code);
      expect(alive()).toBe(true);
      expect(r.peakRssMb - r.beforeRssMb).toBeLessThan(GROWTH_BOUND_MB);
      // The parse ran in a worker: the event loop kept answering the probes sent while it ran.
      expect(r.health.length).toBeGreaterThan(0);
      expect(r.health.every((h) => h.status === 200)).toBe(true);
    });
  }

  it('kept the server under the bound over its whole life, and it still serves requests', async () => {
    const hwm = statusMb('VmHWM');
    console.log(`[spreadsheet-bomb] server peak RSS over the run (VmHWM): ${hwm} MB (${startHwmMb} MB at start)`);
    expect(hwm - startHwmMb).toBeLessThan(GROWTH_BOUND_MB);
    const res = await fetch(`${base}/imports`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(200);
  });
});
