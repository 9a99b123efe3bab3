/**
 * Import bench (security evaluation, finding 6): a 100,000-row contacts CSV through the real server on PostgreSQL, as
 * production runs it (its own process pinned to core 1, the worker in-process, or with `--worker=process` in a
 * process of its own on the same core): upload, dry run (a job), import (a job). Reports the dry run's and the import's time and rows per second, and the latency of a steady stream of
 * `GET /api/v1/people` (20 req/s from this process, core 0) before, during the dry run and during the import, as
 * ratios against "before" measured in the same run. `npm run bench:import [-- --rows=N] [--worker=process]`;
 * results in bench/results/import-<date>[-worker-process].json and .md.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { cpuDelta, sampleCpu } from './cpu.ts';
import { freePort, startPgCluster } from './pg-cluster.ts';
import { killAllChildren, REPO_ROOT, startCrmServer, startCrmWorker } from './servers.ts';

const ROWS = Number(process.argv.find((a) => a.startsWith('--rows='))?.split('=')[1] ?? 100_000);
/**
 * `--worker=process`: scaled mode, the API (CRM_ROLE=api) and a worker process (`nice -n 10`) both on core 1 with
 * PostgreSQL, as docs/DEPLOYMENT.md recommends on PostgreSQL; default: the worker inside the API's process.
 */
const WORKER_PROCESS = process.argv.includes('--worker=process');
const WORKER_NICE = 10;
/** Contacts already in the database before the measured import (imported first, through the same pipeline). */
const EXISTING = 5_000;
const STREAM_RATE = 20;
const BEFORE_MS = 20_000;
const log = (m: string) => console.log(`[import] ${m}`);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function http(port: number, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return new Promise<Reply>((resolve, reject) => {
    const raw = Buffer.isBuffer(body) ? body : body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const type = Buffer.isBuffer(body) ? {} : raw ? { 'content-type': 'application/json' } : {};
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: { ...type, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(raw);
  });
}

/** A contacts file: one company for every 20 contacts, every e-mail different. */
function contactsCsv(n: number, tag: string): Buffer {
  const lines = ['Prénom,Nom,E-mail,Société,Fonction,Téléphone'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `Prénom${i},Nom-${tag}-${i},${tag}.${i}@bench-import.example,Société ${tag} ${Math.floor(i / 20)},Gérant,+33 1 44 00 ${String(i % 100).padStart(2, '0')} ${String(i % 97).padStart(2, '0')}`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

function multipart(entity: string, name: string, content: Buffer) {
  const boundary = `----bench${Date.now()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\n${entity}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

const newHist = () =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: 3 });

/** A steady stream of GET /people at STREAM_RATE req/s (open loop): latencies in ms, per phase. */
function peopleStream(port: number, auth: Record<string, string>) {
  let phase = newHist();
  let errors = 0;
  const timer = setInterval(() => {
    const h = phase;
    const t0 = performance.now();
    http(port, 'GET', '/api/v1/people?limit=50', auth).then(
      (r) => {
        if (r.status !== 200) errors++;
        h.recordValue(Math.max(1, Math.round(performance.now() - t0)));
      },
      () => errors++,
    );
  }, 1000 / STREAM_RATE);
  return {
    /** Closes the current phase and starts another; answers the closed one's figures. */
    cut() {
      const h = phase;
      phase = newHist();
      const out = {
        requests: h.totalCount,
        p50: h.getValueAtPercentile(50),
        p99: h.getValueAtPercentile(99),
        max: h.maxValue,
        errors,
      };
      errors = 0;
      return out;
    },
    stop: () => clearInterval(timer),
  };
}

async function until<T>(fn: () => Promise<T | null>, timeoutMs: number, everyMs = 500): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface ImportJob {
  id: string;
  status: string;
  processedRows: number;
  totalRows: number;
  dryRun: { valid: number; invalid: number; duplicates: number | null } | null;
  report: { created: number; updated: number; skipped: number; failed: number } | null;
}

/** Upload, dry run, import: the time of each step. */
async function importFile(port: number, auth: Record<string, string>, rows: number, tag: string, onRun?: () => void) {
  const file = multipart('people', `${tag}.csv`, contactsCsv(rows, tag));
  const u0 = performance.now();
  const up = await http(port, 'POST', '/api/v1/imports', { ...auth, 'content-type': file.contentType }, file.payload);
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(up.json)}`);
  const uploadMs = performance.now() - u0;
  const { id, suggestedMapping } = up.json as { id: string; suggestedMapping: Record<string, string | null> };
  const d0 = performance.now();
  const dry = await http(port, 'POST', `/api/v1/imports/${id}/dry-run`, auth, {
    mapping: suggestedMapping,
    duplicates: 'skip',
  });
  const dryAnswerMs = performance.now() - d0;
  if (dry.status !== 202) throw new Error(`dry run: ${dry.status} ${JSON.stringify(dry.json)}`);
  const get = async () => (await http(port, 'GET', `/api/v1/imports/${id}`, auth)).json as ImportJob;
  const validated = await until(async () => {
    const j = await get();
    return j.status === 'validating' ? null : j;
  }, 30 * 60_000);
  const dryMs = performance.now() - d0;
  if (validated.status !== 'validated') throw new Error(`dry run ended ${validated.status}`);
  onRun?.();
  const r0 = performance.now();
  const run = await http(port, 'POST', `/api/v1/imports/${id}/run`, auth);
  if (run.status !== 202) throw new Error(`run: ${run.status} ${JSON.stringify(run.json)}`);
  const done = await until(async () => {
    const j = await get();
    return j.status === 'done' || j.status === 'failed' ? j : null;
  }, 60 * 60_000);
  const runMs = performance.now() - r0;
  return { id, uploadMs, dryAnswerMs, dryMs, runMs, dryRun: validated.dryRun, final: done };
}

async function main() {
  const runDir = mkdtempSync(join(tmpdir(), 'crm-bench-import-'));
  mkdirSync(join(REPO_ROOT, 'bench/results/tmp/logs'), { recursive: true });
  const cluster = await startPgCluster({ core: 1, log });
  const password = 'Vx9-quartz-lantern-4412-orbit';
  try {
    await cluster.query('postgres', 'create database bench_import');
    const port = await freePort();
    const server = await startCrmServer({
      name: 'CRM (import)',
      core: 1,
      port,
      logFile: join(REPO_ROOT, 'bench/results/tmp/logs/import-server.log'),
      dataDir: join(runDir, 'data'),
      databaseUrl: cluster.url('bench_import'),
      cacheEnabled: false,
      cacheKeyPrefix: `crm-bench-import-${process.pid}:`,
      logLevel: 'warn',
      extraEnv: {
        ADMIN_EMAIL: 'bench-admin@crm-bench.example',
        ADMIN_PASSWORD: password,
        ...(WORKER_PROCESS ? { CRM_ROLE: 'api' } : {}),
      },
    });
    const workerLog = join(REPO_ROOT, 'bench/results/tmp/logs/import-worker.log');
    rmSync(workerLog, { force: true });
    const worker = WORKER_PROCESS
      ? await startCrmWorker({
          name: 'CRM worker (import)',
          core: 1,
          port,
          logFile: workerLog,
          dataDir: join(runDir, 'data'),
          databaseUrl: cluster.url('bench_import'),
          cacheEnabled: false,
          cacheKeyPrefix: `crm-bench-import-${process.pid}:`,
          logLevel: 'warn',
          nice: WORKER_NICE,
        })
      : null;
    try {
      const login = await http(
        port,
        'POST',
        '/api/v1/auth/login',
        {},
        { email: 'bench-admin@crm-bench.example', password },
      );
      if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.json)}`);
      const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
      const csrf = cookies.find((c) => c?.startsWith('crm_csrf='))?.split('=')[1] ?? '';
      const key = await http(
        port,
        'POST',
        '/api/v1/api-keys',
        { cookie: cookies.join('; '), 'x-csrf-token': csrf },
        { name: 'bench', scopes: ['read', 'write'] },
      );
      const auth = { authorization: `Bearer ${(key.json as { key: string }).key}` };

      log(`existing data: ${EXISTING} contacts imported first`);
      const warm = await importFile(port, auth, EXISTING, 'existant');
      log(`  done in ${Math.round(warm.runMs)} ms (${warm.final.status})`);
      // Let the warm-up's events drain before measuring "before".
      await until(
        async () => {
          const r = await cluster.query(
            'bench_import',
            "select count(*)::int as n from pgboss.job where state in ('created', 'retry', 'active')",
          );
          return (r.rows[0] as { n: number }).n === 0 ? true : null;
        },
        10 * 60_000,
        2000,
      );

      const stream = peopleStream(port, auth);
      await new Promise((r) => setTimeout(r, BEFORE_MS));
      const before = stream.cut();
      log(`before: GET /people ${JSON.stringify(before)}`);
      let duringDry: ReturnType<typeof stream.cut> | null = null;
      log(`import: ${ROWS} contacts`);
      await cluster.query('bench_import', 'create extension if not exists pg_stat_statements');
      await cluster.query('bench_import', 'select pg_stat_statements_reset()');
      const sample = () => ({
        main: sampleCpu({ serverPid: server.pid, postmasterPid: cluster.pid() }),
        worker: worker ? sampleCpu({ serverPid: worker.pid }) : null,
      });
      let atRun = sample();
      const measured = await importFile(port, auth, ROWS, 'mesure', () => {
        duringDry = stream.cut();
        atRun = sample();
      });
      const duringImport = stream.cut();
      // CPU-seconds spent during the import (the other tenants of the machine change wall-clock times, much less these).
      const atEnd = sample();
      const cpuUse = cpuDelta(atRun.main, atEnd.main);
      const workerUse = atRun.worker && atEnd.worker ? cpuDelta(atRun.worker, atEnd.worker) : null;
      const runSeconds = measured.runMs / 1000;
      const cpuSeconds = {
        server: +(cpuUse.server * runSeconds).toFixed(1),
        worker: workerUse ? +(workerUse.server * runSeconds).toFixed(1) : null,
        postgres: +(cpuUse.postgres * runSeconds).toFixed(1),
        core1Busy: cpuUse.core1,
        otherProcesses: +(cpuUse.other * runSeconds).toFixed(1),
      };
      stream.stop();
      const backlog = await cluster.query(
        'bench_import',
        "select name, count(*)::int as n from pgboss.job where state in ('created', 'retry', 'active') group by name order by name",
      );
      // Where the database's time went during the dry run and the import (statements of every client).
      const statements = (
        await cluster.query(
          'bench_import',
          `select calls::int, round(total_exec_time)::int as "totalMs", round(mean_exec_time::numeric, 2)::float as "meanMs",
                  left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query
             from pg_stat_statements order by total_exec_time desc limit 15`,
        )
      ).rows as { calls: number; totalMs: number; meanMs: number; query: string }[];
      const rowsPerSecond = Math.round((ROWS / measured.runMs) * 1000);
      const result = {
        date: new Date().toISOString(),
        rows: ROWS,
        existingContacts: EXISTING,
        setup: `server NODE_ENV=production on PostgreSQL (own cluster), ${WORKER_PROCESS ? `worker in its own process (nice ${WORKER_NICE})` : 'worker in-process'}, cache off, core 1; GET /api/v1/people?limit=50 at 20 req/s from the bench process, core 0`,
        worker: WORKER_PROCESS ? 'process' : 'in-process',
        upload: { ms: Math.round(measured.uploadMs) },
        dryRun: {
          answerMs: Math.round(measured.dryAnswerMs),
          totalMs: Math.round(measured.dryMs),
          rowsPerSecond: Math.round((ROWS / measured.dryMs) * 1000),
          report: measured.dryRun,
        },
        import: {
          ms: Math.round(measured.runMs),
          rowsPerSecond,
          status: measured.final.status,
          report: measured.final.report,
          cpuSeconds,
        },
        people: {
          before,
          duringDryRun: duringDry,
          duringImport,
          ratios: {
            p50DuringDryRun: duringDry ? +((duringDry as { p50: number }).p50 / before.p50).toFixed(2) : null,
            p99DuringDryRun: duringDry ? +((duringDry as { p99: number }).p99 / before.p99).toFixed(2) : null,
            p50DuringImport: +(duringImport.p50 / before.p50).toFixed(2),
            p99DuringImport: +(duringImport.p99 / before.p99).toFixed(2),
          },
        },
        topStatements: statements,
        jobsLeftWhenDone: Object.fromEntries(
          backlog.rows.map((r) => [(r as { name: string }).name, (r as { n: number }).n]),
        ),
      };
      log(JSON.stringify(result, null, 2));
      mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
      const base = join(
        REPO_ROOT,
        `bench/results/import-${result.date.slice(0, 10)}${WORKER_PROCESS ? '-worker-process' : ''}`,
      );
      writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
      const p = result.people;
      writeFileSync(
        `${base}.md`,
        [
          `# Import bench, ${result.date.slice(0, 10)}`,
          '',
          `${ROWS.toLocaleString('en')} contacts (one company per 20), ${EXISTING.toLocaleString('en')} already in the database; ${result.setup}.`,
          '',
          '| Step | Time | Rows/s |',
          '| --- | --- | --- |',
          `| upload | ${result.upload.ms} ms | |`,
          `| dry run (POST answered in ${result.dryRun.answerMs} ms) | ${result.dryRun.totalMs} ms | ${result.dryRun.rowsPerSecond} |`,
          `| import | ${result.import.ms} ms | ${rowsPerSecond} |`,
          '',
          `CPU during the import: API server ${cpuSeconds.server} s${cpuSeconds.worker === null ? ' (worker included)' : `, worker ${cpuSeconds.worker} s`}, PostgreSQL ${cpuSeconds.postgres} s (core 1 busy ${Math.round(cpuSeconds.core1Busy * 100)} % of the time); processes outside the bench ${cpuSeconds.otherProcesses} s.`,
          '',
          '| GET /people | requests | p50 ms | p99 ms | max ms | p50 / before | p99 / before |',
          '| --- | --- | --- | --- | --- | --- | --- |',
          `| before | ${p.before.requests} | ${p.before.p50} | ${p.before.p99} | ${p.before.max} | 1 | 1 |`,
          ...(duringDry
            ? [
                `| during the dry run | ${(duringDry as { requests: number }).requests} | ${(duringDry as { p50: number }).p50} | ${(duringDry as { p99: number }).p99} | ${(duringDry as { max: number }).max} | ${p.ratios.p50DuringDryRun} | ${p.ratios.p99DuringDryRun} |`,
              ]
            : []),
          `| during the import | ${p.duringImport.requests} | ${p.duringImport.p50} | ${p.duringImport.p99} | ${p.duringImport.max} | ${p.ratios.p50DuringImport} | ${p.ratios.p99DuringImport} |`,
          '',
          `Jobs still queued when the import was done (domain events being dispatched): ${JSON.stringify(result.jobsLeftWhenDone)}.`,
          '',
          'Database time during the dry run and the import, by statement (pg_stat_statements, top 15):',
          '',
          '| calls | total ms | mean ms | statement |',
          '| --- | --- | --- | --- |',
          ...statements.map(
            (st) => `| ${st.calls} | ${st.totalMs} | ${st.meanMs} | \`${st.query.replaceAll('|', '\\|')}\` |`,
          ),
          '',
        ].join('\n'),
      );
      log(`written ${base}.json and .md`);
    } finally {
      await worker?.stop();
      await server.stop();
    }
  } finally {
    agent.destroy();
    cluster.stop();
    killAllChildren();
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    killAllChildren();
    process.exit(1);
  },
);
