/**
 * Analytics ingestion bench (docs/ANALYTICS.md, ADR 0014 point 5): does product analytics slow the CRM down? The real
 * server on PostgreSQL (its own throwaway cluster, as `npm run bench:import` starts it: server pinned to core 1, NODE_ENV
 * production, worker in-process), a signed-in user who consented; this process (core 0) sends `GET /api/v1/people`
 * at 40 req/s all along, through `--cycles` (default 4) cycles of a quiet phase then a loaded phase of `--seconds` each
 * (default 15): during the loaded phases, posthog-js-shaped batches (`POST /ingest/e/`, gzipped `{ api_key, batch,
 * sent_at }` as `text/plain`, session cookie, same-origin `Origin`) at `--rate` events per second (default 500, in
 * batches of 50: what 100 or so people clicking around send). It reports the list's p50/p99 in the loaded phases as
 * ratios against the quiet ones, and the A/A ratio of the quiet phases of even cycles against odd ones (the machine's
 * own noise, to read the first against), plus what ingestion stored.
 *
 * `npm run bench:analytics [-- --seconds=N] [--cycles=N] [--rate=N]`; results in
 * bench/results/analytics-ingest-<date>.json and .md.
 */

import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as hdr from 'hdr-histogram-js';
import { freePort, startPgCluster } from './pg-cluster.ts';
import { killAllChildren, REPO_ROOT, startCrmServer } from './servers.ts';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 15);
const CYCLES = arg('cycles', 4);
const RATE = arg('rate', 500);
const BATCH = 50;
const PEOPLE = 2_000;
const STREAM_RATE = 40;
const log = (m: string) => console.log(`[analytics] ${m}`);

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function http(port: number, method: string, path: string, headers: Record<string, string>, body?: Buffer | object) {
  return new Promise<Reply>((resolve, reject) => {
    const raw = Buffer.isBuffer(body) ? body : body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const type = Buffer.isBuffer(body) || !raw ? {} : { 'content-type': 'application/json' };
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: { ...type, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(raw);
  });
}

interface PhaseFigures {
  hist: hdr.Histogram;
  errors: number;
  summary: { requests: number; p50: number; p99: number };
}

/** Latency figures of phases taken together. */
function merged(phases: PhaseFigures[]) {
  const h = newHist();
  for (const p of phases) h.add(p.hist);
  return {
    requests: h.totalCount,
    p50: h.getValueAtPercentile(50),
    p99: h.getValueAtPercentile(99),
    max: h.maxValue,
    errors: phases.reduce((n, p) => n + p.errors, 0),
  };
}

const newHist = () =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: 3 });

/** GET /people at STREAM_RATE req/s (open loop): latencies per phase. */
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
    /** The figures since the last cut, and a new phase. */
    cut(): PhaseFigures {
      const h = phase;
      phase = newHist();
      const out = {
        hist: h,
        errors,
        summary: { requests: h.totalCount, p50: h.getValueAtPercentile(50), p99: h.getValueAtPercentile(99) },
      };
      errors = 0;
      return out;
    },
    stop: () => clearInterval(timer),
  };
}

const PAGES = ['/people', '/organisations', '/mandats', '/tasks', '/people/', '/organisations/'];

/** A batch as posthog-js 1.449's request queue sends it: `{ api_key, batch, sent_at }`, events with `offset`. */
function posthogJsBatch(sessionId: string): Buffer {
  const batch = Array.from({ length: BATCH }, (_, i) => {
    const page = PAGES[i % PAGES.length] as string;
    const url = `http://127.0.0.1${page.endsWith('/') ? page + randomUUID() : page}`;
    const kind = i % 5;
    const event = kind === 0 ? '$pageview' : kind === 1 ? '$pageleave' : '$autocapture';
    return {
      uuid: randomUUID(),
      event,
      properties: {
        $os: 'Linux',
        $browser: 'Chrome',
        $device_type: 'Desktop',
        $current_url: url,
        $host: '127.0.0.1',
        $pathname: new URL(url).pathname,
        $screen_width: 1920,
        $screen_height: 1080,
        $viewport_width: 1440,
        $viewport_height: 900,
        $lib: 'web',
        $lib_version: '1.449.2',
        $referrer: '$direct',
        $session_id: sessionId,
        $window_id: sessionId,
        $pageview_id: randomUUID(),
        token: 'crm',
        distinct_id: sessionId,
        ...(event === '$autocapture'
          ? {
              $event_type: 'click',
              $elements: [
                {
                  tag_name: 'a',
                  classes: ['record-link'],
                  attr__href: '/people/x',
                  $el_text: 'Jean Dupont',
                  nth_child: 2,
                  nth_of_type: 1,
                },
                { tag_name: 'td', nth_child: 1, nth_of_type: 1 },
              ],
              $el_text: 'Jean Dupont',
            }
          : {}),
        ...(event === '$pageleave' ? { $prev_pageview_duration: 12.5, $prev_pageview_max_scroll_percentage: 0.8 } : {}),
      },
      offset: 50 + i * 10,
    };
  });
  return gzipSync(Buffer.from(JSON.stringify({ api_key: 'crm', batch, sent_at: new Date().toISOString() })));
}

async function main() {
  const runDir = mkdtempSync(join(tmpdir(), 'crm-bench-analytics-'));
  mkdirSync(join(REPO_ROOT, 'bench/results/tmp/logs'), { recursive: true });
  const cluster = await startPgCluster({ core: 1, log });
  const password = 'Vx9-quartz-lantern-4412-orbit';
  const email = 'bench-admin@crm-bench.example';
  try {
    await cluster.query('postgres', 'create database bench_analytics');
    const port = await freePort();
    const server = await startCrmServer({
      name: 'CRM (analytics)',
      core: 1,
      port,
      logFile: join(REPO_ROOT, 'bench/results/tmp/logs/analytics-server.log'),
      dataDir: join(runDir, 'data'),
      databaseUrl: cluster.url('bench_analytics'),
      cacheEnabled: false,
      cacheKeyPrefix: `crm-bench-analytics-${process.pid}:`,
      logLevel: 'warn',
      extraEnv: { ADMIN_EMAIL: email, ADMIN_PASSWORD: password, RATE_LIMIT_INGEST_PER_MIN: '100000000' },
    });
    try {
      const login = await http(port, 'POST', '/api/v1/auth/login', {}, { email, password });
      if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
      const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] as string);
      const csrf = (JSON.parse(login.text) as { csrfToken: string }).csrfToken;
      const session = { cookie: cookies.join('; '), 'x-csrf-token': csrf };
      const consent = await http(port, 'PUT', '/api/v1/analytics/consent', session, {
        analytics: true,
        replay: false,
        source: 'prompt',
      });
      if (consent.status !== 200) throw new Error(`consent: ${consent.status} ${consent.text}`);
      const key = await http(port, 'POST', '/api/v1/api-keys', session, { name: 'bench', scopes: ['read', 'write'] });
      const auth = { authorization: `Bearer ${(JSON.parse(key.text) as { key: string }).key}` };

      log(`data: ${PEOPLE} contacts`);
      for (let i = 0; i < PEOPLE; i += 500) {
        const items = Array.from({ length: Math.min(500, PEOPLE - i) }, (_, k) => ({
          firstName: `Prénom${i + k}`,
          lastName: `Nom${i + k}`,
        }));
        const r = await http(port, 'POST', '/api/v1/people/batch', auth, { items });
        if (r.status !== 200) throw new Error(`people batch: ${r.status} ${r.text.slice(0, 300)}`);
      }
      await cluster.query('bench_analytics', 'analyze');
      // The events of the seeding (500 jobs a batch) drain before "before" is measured.
      for (let i = 0; i < 600; i++) {
        const r = await cluster.query(
          'bench_analytics',
          "select count(*)::int as n from pgboss.job where state in ('created', 'retry', 'active')",
        );
        if ((r.rows[0] as { n: number }).n === 0) break;
        await new Promise((res) => setTimeout(res, 1000));
      }

      // Alternating phases, quiet then loaded, CYCLES times: the machine's drift falls on both sides alike. The quiet
      // phases, split into two halves (odd and even cycles), give the A/A ratio: how far two measures of the same thing
      // differ here, the noise the loaded/quiet ratio must be read against.
      const stream = peopleStream(port, auth);
      const ingestHeaders = { ...session, origin: `http://127.0.0.1:${port}`, 'content-type': 'text/plain' };
      const statuses = new Map<number, number>();
      const ingest = newHist();
      let sent = 0;
      let loadSeconds = 0;
      const sessions = Array.from({ length: 20 }, () => randomUUID());
      const pending: Promise<void>[] = [];
      const quiet: PhaseFigures[] = [];
      const loaded: PhaseFigures[] = [];
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      // Warm-up, not measured: the ingestion path's first requests (JIT, pools, first inserts).
      for (let i = 0; i < 30; i++) {
        const r = await http(port, 'POST', '/ingest/e/', ingestHeaders, posthogJsBatch(sessions[0] as string));
        if (r.status !== 200) throw new Error(`warm-up ingestion: ${r.status} ${r.text.slice(0, 300)}`);
      }
      await sleep(2_500);
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        stream.cut();
        await sleep(SECONDS * 1000);
        quiet.push(stream.cut());
        const loadStart = performance.now();
        const loader = setInterval(
          () => {
            const body = posthogJsBatch(sessions[sent % sessions.length] as string);
            sent++;
            const t0 = performance.now();
            pending.push(
              http(port, 'POST', '/ingest/e/?ver=1.449.2', ingestHeaders, body).then(
                (r) => {
                  statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
                  ingest.recordValue(Math.max(1, Math.round(performance.now() - t0)));
                },
                () => {
                  statuses.set(0, (statuses.get(0) ?? 0) + 1);
                },
              ),
            );
          },
          1000 / (RATE / BATCH),
        );
        await sleep(SECONDS * 1000);
        clearInterval(loader);
        loadSeconds += (performance.now() - loadStart) / 1000;
        loaded.push(stream.cut());
        log(
          `cycle ${cycle + 1}/${CYCLES}: quiet ${JSON.stringify(quiet.at(-1)?.summary)}, loaded ${JSON.stringify(loaded.at(-1)?.summary)}`,
        );
        // What the load left queued is written before the next quiet phase.
        await Promise.all(pending);
        await sleep(2_500);
      }
      stream.stop();
      const stored = (
        (await cluster.query('bench_analytics', "select count(*)::int as n from analytics_events where source = 'web'"))
          .rows[0] as { n: number }
      ).n;
      // The database's own maintenance of the growing table, on the server's core (docs/ANALYTICS.md, "Cost").
      const maintenance = (
        await cluster.query(
          'bench_analytics',
          "select autovacuum_count::int as vacuums, autoanalyze_count::int as analyzes from pg_stat_user_tables where relname = 'analytics_events'",
        )
      ).rows[0] as { vacuums: number; analyzes: number };
      const warmUpEvents = 30 * BATCH;
      const before = merged(quiet);
      const during = merged(loaded);
      const quietA = merged(quiet.filter((_, i) => i % 2 === 0));
      const quietB = merged(quiet.filter((_, i) => i % 2 === 1));
      const ratio = (a: number, b: number) => +(a / b).toFixed(2);
      const result = {
        date: new Date().toISOString(),
        setup: `server NODE_ENV=production on PostgreSQL (own cluster), worker in-process, cache off, core 1; GET /api/v1/people?limit=50 at ${STREAM_RATE} req/s and the ingestion load from the bench process, core 0; ${PEOPLE} contacts; ${CYCLES} cycles of ${SECONDS} s quiet then ${SECONDS} s loaded`,
        load: {
          eventsPerSecond: RATE,
          batch: BATCH,
          seconds: +loadSeconds.toFixed(1),
          requests: sent,
          eventsSent: sent * BATCH,
          statuses: Object.fromEntries(statuses),
          eventsStored: stored - warmUpEvents,
          autovacuums: maintenance.vacuums,
          autoanalyzes: maintenance.analyzes,
          ingestP50: ingest.getValueAtPercentile(50),
          ingestP99: ingest.getValueAtPercentile(99),
        },
        people: {
          before,
          during,
          ratios: { p50: ratio(during.p50, before.p50), p99: ratio(during.p99, before.p99) },
          // A/A: the quiet phases of even cycles against those of odd cycles (same state, the machine's noise).
          noise: {
            p50: ratio(Math.max(quietA.p50, quietB.p50), Math.min(quietA.p50, quietB.p50)),
            p99: ratio(Math.max(quietA.p99, quietB.p99), Math.min(quietA.p99, quietB.p99)),
          },
          perCycle: quiet.map((q, i) => ({ quiet: q.summary, loaded: loaded[i]?.summary })),
        },
      };
      log(JSON.stringify(result, null, 2));
      mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
      const base = join(REPO_ROOT, `bench/results/analytics-ingest-${result.date.slice(0, 10)}`);
      writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
      writeFileSync(
        `${base}.md`,
        [
          `# Analytics ingestion bench, ${result.date.slice(0, 10)}`,
          '',
          `${RATE} events/s of posthog-js batches (${BATCH} events, gzip), ${result.load.seconds} s of load in all; ${result.setup}.`,
          '',
          `Ingestion: ${sent} requests (${JSON.stringify(result.load.statuses)}), ${result.load.eventsSent} events sent, ${stored - warmUpEvents} stored (the warm-up's ${warmUpEvents} aside); POST /ingest/e/ p50 ${result.load.ingestP50} ms, p99 ${result.load.ingestP99} ms; PostgreSQL autovacuumed analytics_events ${maintenance.vacuums} times and auto-analysed it ${maintenance.analyzes} times.`,
          '',
          '| GET /people | requests | p50 ms | p99 ms | max ms | p50 / quiet | p99 / quiet |',
          '| --- | --- | --- | --- | --- | --- | --- |',
          `| quiet phases | ${before.requests} | ${before.p50} | ${before.p99} | ${before.max} | 1 | 1 |`,
          `| loaded phases | ${during.requests} | ${during.p50} | ${during.p99} | ${during.max} | ${result.people.ratios.p50} | ${result.people.ratios.p99} |`,
          `| A/A: quiet even vs odd cycles | | | | | ${result.people.noise.p50} | ${result.people.noise.p99} |`,
          '',
          'Per cycle (p50 / p99 ms): ' +
            result.people.perCycle
              .map((c) => `${c.quiet.p50}/${c.quiet.p99} quiet, ${c.loaded?.p50}/${c.loaded?.p99} loaded`)
              .join('; ') +
            '.',
          '',
        ].join('\n'),
      );
      log(`written ${base}.json and .md`);
    } finally {
      await server.stop();
    }
  } finally {
    agent.destroy();
    cluster.stop();
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
