/**
 * Sales analytics bench (docs/SALES_ANALYTICS.md, "Speed"): the p50 and p99 of every `/api/v1/analytics/...` endpoint
 * on the 100,000-contact dataset (20,000 mandates and their stage history, the interactions), on PostgreSQL, cold (the
 * server's read cache off: every answer computed from the database) and cached (the cache on, in Redis, answers
 * warmed once), for an administrator (every record) and for a sales person (their team's). Requests go one at a time
 * (a person opening the hub), from this process on core 0; the server and PostgreSQL share core 1, as in
 * `npm run bench`. Each figure is also given as a ratio to `GET /api/v1/health` measured in the same run (what an
 * empty request costs on this machine at this moment), so runs on busier machines can be compared.
 *
 * `npm run bench:sales [-- --size=N] [--cold=N] [--cached=N]`; results in bench/results/sales-analytics-<date>.json
 * and .md. Targets (issue of the sales analytics): p99 under 200 ms cold, under 20 ms cached.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/platform/db/client.ts';
import { SALES_ANALYTICS_ENDPOINTS } from '../../packages/contracts/src/sales-analytics.ts';
import { type BenchUser, loadIntoPostgres, prepareDataset } from './dataset.ts';
import { freePort, type PgCluster, startPgCluster } from './pg-cluster.ts';
import { type ChildServer, killAllChildren, REPO_ROOT, startCrmServer } from './servers.ts';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SIZE = arg('size', 100_000);
const COLD = arg('cold', 40);
const CACHED = arg('cached', 200);
const SEED = 42;
const SERVER_CORE = 1;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGET_COLD_P99 = 200;
const TARGET_CACHED_P99 = 20;
const log = (m: string) => console.log(`[sales] ${m}`);

/** The twelve months before the dataset's clock (2026-11-01), by month: the hub's default view on that data. */
const QUERY = 'from=2025-11-02&to=2026-11-01&granularity=month';
const ENDPOINTS = SALES_ANALYTICS_ENDPOINTS;

const newHist = () =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });

/** One request; its time in microseconds (the body read to its end). */
async function timed(port: number, path: string, key: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${key}` } });
  await r.arrayBuffer();
  const us = Number((process.hrtime.bigint() - t0) / 1000n);
  if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}`);
  return us;
}

interface Figure {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** `n` requests one after the other, after `warm` unmeasured ones; p50, p99 and max in milliseconds. */
async function series(port: number, path: string, key: string, n: number, warm: number): Promise<Figure> {
  for (let i = 0; i < warm; i++) await timed(port, path, key);
  const h = newHist();
  for (let i = 0; i < n; i++) h.recordValue(await timed(port, path, key));
  const ms = (us: number) => Math.round(us / 10) / 100;
  return { n, p50: ms(h.getValueAtPercentile(50)), p99: ms(h.getValueAtPercentile(99)), max: ms(h.maxValue) };
}

interface Row {
  endpoint: string;
  user: string;
  cold: Figure;
  cached: Figure;
}

async function main() {
  const started = new Date();
  const runDir = mkdtempSync(join(tmpdir(), 'crm-bench-sales-'));
  let cluster: PgCluster | null = null;
  const servers: ChildServer[] = [];
  const stopAll = async () => {
    for (const s of servers) await s.stop().catch(() => {});
    cluster?.stop();
    killAllChildren();
    rmSync(runDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    const ds = await prepareDataset({ size: SIZE, seed: SEED, log });
    cluster = await startPgCluster({ core: SERVER_CORE, log });
    await cluster.query('postgres', 'create database bench_sales');
    const url = cluster.url('bench_sales');
    const t0 = performance.now();
    const db = await openDatabase({ kind: 'postgres', url, max: 2 });
    await db.migrate();
    await db.close();
    const c = new pg.Client(url);
    await c.connect();
    const tables = await loadIntoPostgres(ds, c);
    await c.end();
    log(`PostgreSQL: migrated and loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const admin = ds.users.find((u) => u.role === 'admin') as BenchUser;
    const seller = ds.users.find((u) => u.role === 'user') as BenchUser;
    const who = [
      ['admin', admin],
      ['user', seller],
    ] as const;
    const server = async (name: string, cacheEnabled: boolean) => {
      const s = await startCrmServer({
        name,
        core: SERVER_CORE,
        port: await freePort(),
        logFile: join(runDir, `${name}.log`),
        dataDir: join(runDir, name),
        databaseUrl: url,
        redisUrl: REDIS_URL,
        cacheEnabled,
        cacheKeyPrefix: `bench-sales-${started.getTime()}:`,
        logLevel: 'info',
      });
      servers.push(s);
      return s;
    };

    const rows: Row[] = [];
    const reference: Record<'cold' | 'cached', Figure> = {} as never;
    // Cold: the cache off, every answer from the database (3 unmeasured requests first: connections, plans).
    const cold = await server('cold', false);
    reference.cold = await series(cold.port, '/api/v1/health', admin.apiKey, 200, 20);
    const coldFigures = new Map<string, Figure>();
    for (const endpoint of ENDPOINTS)
      for (const [name, user] of who) {
        const f = await series(cold.port, `/api/v1/analytics/${endpoint}?${QUERY}`, user.apiKey, COLD, 3);
        coldFigures.set(`${endpoint}:${name}`, f);
        log(`cold   ${endpoint} (${name}): p50 ${f.p50} ms, p99 ${f.p99} ms`);
      }
    await cold.stop();
    // Cached: the cache on (Redis), each answer warmed by one request, then served from the cache.
    const cached = await server('cached', true);
    reference.cached = await series(cached.port, '/api/v1/health', admin.apiKey, 200, 20);
    for (const endpoint of ENDPOINTS)
      for (const [name, user] of who) {
        const f = await series(cached.port, `/api/v1/analytics/${endpoint}?${QUERY}`, user.apiKey, CACHED, 1);
        log(`cached ${endpoint} (${name}): p50 ${f.p50} ms, p99 ${f.p99} ms`);
        rows.push({ endpoint, user: name, cold: coldFigures.get(`${endpoint}:${name}`) as Figure, cached: f });
      }
    await cached.stop();

    const ratio = (a: number, b: number) => Math.round((a / b) * 10) / 10;
    const missed = rows.filter((r) => r.cold.p99 >= TARGET_COLD_P99 || r.cached.p99 >= TARGET_CACHED_P99);
    const result = {
      at: started.toISOString(),
      dataset: { size: SIZE, seed: SEED, tables },
      query: QUERY,
      samples: { cold: COLD, cached: CACHED },
      targets: { coldP99Ms: TARGET_COLD_P99, cachedP99Ms: TARGET_CACHED_P99 },
      reference,
      rows,
      missed: missed.map((r) => `${r.endpoint} (${r.user})`),
    };
    const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const out = join(REPO_ROOT, 'bench/results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `sales-analytics-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
    const md = [
      `# Sales analytics: p50/p99 per endpoint (${started.toISOString().slice(0, 10)})`,
      '',
      `${SIZE.toLocaleString('en')} contacts (${ds.counts.mandats ?? '?'} mandates, ${ds.counts.interactions ?? '?'} interactions), PostgreSQL, \`${QUERY}\`; requests one at a time: ${COLD} per endpoint and user cold (cache off), ${CACHED} cached (Redis, warmed once). Reference \`GET /api/v1/health\`: p50 ${reference.cold.p50} ms (cold server), ${reference.cached.p50} ms (cached server); "×health" is an endpoint's p50 over it.`,
      '',
      '| Endpoint | User | Cold p50 | Cold p99 | ×health | Cached p50 | Cached p99 | ×health |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.endpoint} | ${r.user} | ${r.cold.p50} | ${r.cold.p99} | ${ratio(r.cold.p50, reference.cold.p50)} | ${r.cached.p50} | ${r.cached.p99} | ${ratio(r.cached.p50, reference.cached.p50)} |`,
      ),
      '',
      missed.length
        ? `Targets (p99 < ${TARGET_COLD_P99} ms cold, < ${TARGET_CACHED_P99} ms cached) missed by: ${result.missed.join(', ')}.`
        : `Every endpoint meets the targets (p99 < ${TARGET_COLD_P99} ms cold, < ${TARGET_CACHED_P99} ms cached).`,
      '',
    ].join('\n');
    writeFileSync(join(out, `sales-analytics-${stamp}.md`), md);
    console.log(md);
  } finally {
    await stopAll();
  }
}

main().catch((err) => {
  console.error(err);
  killAllChildren();
  process.exit(1);
});
