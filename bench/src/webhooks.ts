/**
 * Webhook delivery bench (docs/WEBHOOKS.md): commit-to-delivery latency and delivery throughput of the real server on
 * PostgreSQL, as production runs it (its own process pinned to core 1, the worker in-process), to a healthy receiver
 * in this process (core 0).
 *
 * - steady: 1,000 contacts created through the API at a fixed 20/s (open loop); each `contact.created` event is
 *   delivered; latency = arrival at the receiver - the event's `timestamp` (taken inside the write's transaction,
 *   before its commit, so it slightly over-counts).
 * - burst: 1,000 contacts created as fast as 8 concurrent clients can; throughput = deliveries / (last arrival -
 *   first event), beside the creation rate, which bounds it.
 *
 * The endpoint's rate limit is raised to 1,000/s for both (the default 10/s would make 1,000 events take 100 s by
 * design). `npm run bench:webhooks`; results in bench/results/webhooks-<date>.json.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { freePort, startPgCluster } from './pg-cluster.ts';
import { killAllChildren, REPO_ROOT, startCrmServer } from './servers.ts';

const EVENTS = Number(process.argv.find((a) => a.startsWith('--events='))?.split('=')[1] ?? 1000);
const STEADY_RATE = 20;
const log = (m: string) => console.log(`[webhooks] ${m}`);

interface Arrival {
  id: string;
  at: number;
  eventAt: number;
}

function receiver() {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
      arrivals.push({ id: String(req.headers['webhook-id']), at, eventAt: Date.parse(body.timestamp) });
      res.writeHead(204).end();
    });
  });
  return { server, arrivals };
}

function http(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: unknown }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...headers, ...(data ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : null });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const percentiles = (values: number[]) => {
  const h = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000,
    numberOfSignificantValueDigits: 3,
  });
  for (const v of values) h.recordValue(Math.max(1, Math.round(v)));
  return {
    p50: h.getValueAtPercentile(50),
    p90: h.getValueAtPercentile(90),
    p99: h.getValueAtPercentile(99),
    max: h.maxValue,
  };
};

async function waitFor(cond: () => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main() {
  const runDir = mkdtempSync(join(tmpdir(), 'crm-bench-webhooks-'));
  const cluster = await startPgCluster({ core: 1, log });
  const rx = receiver();
  await new Promise<void>((r) => rx.server.listen(0, '127.0.0.1', r));
  const rxUrl = `http://127.0.0.1:${(rx.server.address() as AddressInfo).port}/hook`;
  const password = 'Vx9-quartz-lantern-4412-orbit';
  try {
    await cluster.query('postgres', 'create database bench_webhooks');
    const port = await freePort();
    const server = await startCrmServer({
      name: 'CRM (webhooks)',
      core: 1,
      port,
      logFile: join(runDir, 'server.log'),
      dataDir: join(runDir, 'data'),
      databaseUrl: cluster.url('bench_webhooks'),
      cacheEnabled: true,
      cacheKeyPrefix: `crm-bench-wh-${process.pid}:`,
      logLevel: 'warn',
      extraEnv: {
        ADMIN_EMAIL: 'bench-admin@crm-bench.example',
        ADMIN_PASSWORD: password,
        WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOKS_RATE_PER_SECOND: '1000',
      },
    });
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
      const hook = await http(port, 'POST', '/api/v1/webhooks', auth, { url: rxUrl, eventTypes: ['contact.created'] });
      if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${JSON.stringify(hook.json)}`);
      const create = (i: number, phase: string) =>
        http(port, 'POST', '/api/v1/people', auth, { firstName: 'Bench', lastName: `${phase}-${i}`, force: true });

      // Steady: open loop at STEADY_RATE.
      log(`steady: ${EVENTS} contacts at ${STEADY_RATE}/s`);
      const t0 = Date.now();
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < EVENTS; i++) {
        const due = t0 + (i * 1000) / STEADY_RATE;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        writes.push(create(i, 'steady'));
      }
      await Promise.all(writes);
      await waitFor(() => rx.arrivals.length >= EVENTS, 120_000);
      const steady = rx.arrivals.splice(0);
      const steadyLatency = percentiles(steady.map((a) => a.at - a.eventAt));
      log(`  latency ms ${JSON.stringify(steadyLatency)}`);

      // Burst: 8 clients back to back.
      log(`burst: ${EVENTS} contacts, 8 concurrent clients`);
      const b0 = Date.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < EVENTS) await create(next++, 'burst');
        }),
      );
      const createdMs = Date.now() - b0;
      await waitFor(() => rx.arrivals.length >= EVENTS, 300_000);
      const burst = rx.arrivals.splice(0);
      const firstEvent = Math.min(...burst.map((a) => a.eventAt));
      const lastArrival = Math.max(...burst.map((a) => a.at));
      const burstLatency = percentiles(burst.map((a) => a.at - a.eventAt));
      const result = {
        date: new Date().toISOString(),
        events: EVENTS,
        setup:
          'server NODE_ENV=production on PostgreSQL (own cluster), worker in-process, core 1; receiver in the bench process, core 0; WEBHOOKS_RATE_PER_SECOND=1000',
        steady: {
          ratePerSecond: STEADY_RATE,
          latencyMs: steadyLatency,
          duplicates: steady.length - new Set(steady.map((a) => a.id)).size,
        },
        burst: {
          creationPerSecond: Math.round((EVENTS / createdMs) * 1000),
          deliveriesPerSecond: Math.round((EVENTS / (lastArrival - firstEvent)) * 1000),
          latencyMs: burstLatency,
          duplicates: burst.length - new Set(burst.map((a) => a.id)).size,
        },
      };
      log(
        `  created ${result.burst.creationPerSecond}/s, delivered ${result.burst.deliveriesPerSecond}/s, latency ms ${JSON.stringify(burstLatency)}`,
      );
      mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
      const file = join(REPO_ROOT, `bench/results/webhooks-${result.date.slice(0, 10)}.json`);
      writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
      log(`written ${file}`);
    } finally {
      await server.stop();
    }
  } finally {
    rx.server.close();
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
