/**
 * A replayable Zipf-like trace of API reads and writes, deterministic from a seed: nine non-admin users (three
 * managers, six users), each reading what their team sees, popular records far more often than the rest
 * (Zipf, s = 1, over a per-team shuffled ranking), list filters drawn the same way, a search term now and then,
 * and ~8 % writes (PATCH) on records the actor may modify. Replayed with a fixed concurrency (closed loop: this
 * measures what the cache saves, not latency under a schedule).
 */
import { Agent, request } from 'node:http';
import * as hdr from 'hdr-histogram-js';
import { createRng, type Rng } from '../../apps/server/src/features/demo-data/prng.ts';
import type { BenchUser, Dataset } from './dataset.ts';

export interface TraceEvent {
  user: number;
  method: 'GET' | 'PATCH';
  path: string;
  body?: string;
  kind: string;
}

/** Sampler of ranks 0..n-1 with P(k) ∝ 1/(k+1)^s (inverse CDF over a precomputed table). */
function zipf(n: number, s: number, rng: Rng): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / (k + 1) ** s;
    cdf[k] = sum;
  }
  return () => {
    const u = rng.next() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function shuffled<T>(items: T[], rng: Rng): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

const PEOPLE_FILTERS = [
  '',
  'sort=lastName',
  'countryCode=FR',
  'countryCode=FR&sort=lastName',
  'isActive=true',
  'source=linkedin',
  'language=EN',
  'countryCode=LU',
  'limit=25',
  'sort=-createdAt',
  'source=salon&countryCode=FR',
  'countryCode=CH&sort=lastName',
];
const ORG_FILTERS = [
  '',
  'sort=name',
  'type=client',
  'category=CGPI',
  'tier=1',
  'countryCode=FR',
  'type=distributeur',
  'tier=2&sort=name',
];
const MANDAT_FILTERS = [
  '',
  'stage=lead',
  'stage=pitch',
  'stage=negociation',
  'stage=gagne',
  'kind=distribution',
  'sort=-amount',
  'stage=rdv,pitch',
];
const PRODUIT_FILTERS = ['', 'status=actif', 'sfdrArticle=8', 'sfdrArticle=9', 'sriRisk=4', 'type=SICAV'];

/** Search terms: common names and organisation words, some without accents or with one letter missing. */
function searchTerms(ds: Dataset, rng: Rng): string[] {
  const freq = new Map<string, number>();
  for (const p of ds.index.people) freq.set(p.lastName, (freq.get(p.lastName) ?? 0) + 1);
  const names = [...freq.entries()].sort((a, b) => b[1] - a[1]).map(([n]) => n);
  const terms: string[] = [];
  const deaccent = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  for (const [i, n] of names.slice(0, 60).entries()) {
    const mode = i % 3;
    if (mode === 0) terms.push(n);
    else if (mode === 1) terms.push(deaccent(n).toLowerCase());
    else terms.push(n.length > 4 ? n.slice(0, -1) : n); // a missing last letter: the typo path
  }
  for (const o of shuffled(ds.index.organisations, rng).slice(0, 20))
    terms.push((o.name.split(' ')[0] ?? o.name).toLowerCase());
  terms.push('francois dupon', 'François Dupont', 'lefevre', 'helene');
  return shuffled(terms, rng);
}

export function generateTrace(
  ds: Dataset,
  opts: { events: number; seed: number; writeShare: number },
): {
  events: TraceEvent[];
  actors: BenchUser[];
} {
  const rng = createRng(opts.seed ^ 0x7ace);
  const actors = ds.users.filter((u) => u.role === 'manager' || u.role === 'user');
  const teams = [...new Set(actors.map((a) => a.teamId as string))];
  // Per team: what it sees (team rows), ranked by a seeded shuffle so that rank 1 is one arbitrary record.
  const byTeam = new Map(
    teams.map((t) => [
      t,
      {
        people: shuffled(
          ds.index.people.filter((p) => p.teamId === t),
          rng,
        ),
        organisations: shuffled(
          ds.index.organisations.filter((o) => o.teamId === t),
          rng,
        ),
        mandats: shuffled(
          ds.index.mandats.filter((m) => m.teamId === t),
          rng,
        ),
      },
    ]),
  );
  const produits = shuffled(ds.index.produits, rng);
  const samplers = new Map<number, () => number>();
  const z = (n: number) => {
    let s = samplers.get(n);
    if (!s) {
      s = zipf(Math.max(1, n), 1.0, rng);
      samplers.set(n, s);
    }
    return s();
  };
  const terms = searchTerms(ds, rng);
  const pick = <T>(items: T[]) => items[z(items.length)] as T;
  const events: TraceEvent[] = [];
  for (let i = 0; i < opts.events; i++) {
    const user = Math.floor(rng.next() * actors.length);
    const actor = actors[user] as BenchUser;
    const seen = byTeam.get(actor.teamId as string) as NonNullable<ReturnType<typeof byTeam.get>>;
    const r = rng.next();
    if (r < opts.writeShare) {
      // A write on a record this actor may modify: its own (a user) or its team's (a manager).
      const mine = <T extends { ownerId: string }>(rows: T[]) =>
        actor.role === 'manager' ? rows : rows.filter((x) => x.ownerId === actor.id);
      const w = rng.next();
      if (w < 0.5) {
        const p = pick(mine(seen.people));
        if (p)
          events.push({
            user,
            method: 'PATCH',
            path: `/api/v1/people/${p.id}`,
            body: JSON.stringify({ jobTitle: `Trace ${i}` }),
            kind: 'write person',
          });
      } else if (w < 0.75) {
        const o = pick(mine(seen.organisations));
        if (o)
          events.push({
            user,
            method: 'PATCH',
            path: `/api/v1/organisations/${o.id}`,
            body: JSON.stringify({ tier: 1 + (i % 3) }),
            kind: 'write organisation',
          });
      } else {
        const m = pick(mine(seen.mandats));
        if (m)
          events.push({
            user,
            method: 'PATCH',
            path: `/api/v1/mandats/${m.id}`,
            body: JSON.stringify({ probability: 5 + (i % 90) }),
            kind: 'write mandat',
          });
      }
      continue;
    }
    const k = (r - opts.writeShare) / (1 - opts.writeShare);
    if (k < 0.22)
      events.push({ user, method: 'GET', path: `/api/v1/people?${pick(PEOPLE_FILTERS)}`, kind: 'list people' });
    else if (k < 0.47)
      events.push({ user, method: 'GET', path: `/api/v1/people/${pick(seen.people).id}`, kind: 'get person' });
    else if (k < 0.55)
      events.push({
        user,
        method: 'GET',
        path: `/api/v1/organisations?${pick(ORG_FILTERS)}`,
        kind: 'list organisations',
      });
    else if (k < 0.67)
      events.push({
        user,
        method: 'GET',
        path: `/api/v1/organisations/${pick(seen.organisations).id}`,
        kind: 'get organisation',
      });
    else if (k < 0.75)
      events.push({ user, method: 'GET', path: `/api/v1/mandats?${pick(MANDAT_FILTERS)}`, kind: 'list mandats' });
    else if (k < 0.83)
      events.push({ user, method: 'GET', path: `/api/v1/mandats/${pick(seen.mandats).id}`, kind: 'get mandat' });
    else if (k < 0.87)
      events.push({ user, method: 'GET', path: `/api/v1/produits?${pick(PRODUIT_FILTERS)}`, kind: 'list produits' });
    else if (k < 0.91)
      events.push({ user, method: 'GET', path: `/api/v1/produits/${pick(produits).id}`, kind: 'get produit' });
    else
      events.push({ user, method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(pick(terms))}`, kind: 'search' });
  }
  return { events, actors };
}

export interface ReplayStats {
  requests: number;
  seconds: number;
  statuses: Record<string, number>;
  /** Per event kind: count and non-2xx count. */
  kinds: Record<string, { n: number; failed: number }>;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  firstFailures: string[];
}

/** Replays the trace in order with `concurrency` requests at a time (each worker takes the next event). */
export async function replayTrace(opts: {
  port: number;
  events: TraceEvent[];
  actors: BenchUser[];
  concurrency: number;
  /** No event is started after this much time: the replay covers a prefix of the trace (reported). */
  budgetMs?: number;
}): Promise<ReplayStats> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const hist = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const statuses: Record<string, number> = {};
  const kinds: ReplayStats['kinds'] = {};
  const firstFailures: string[] = [];
  let next = 0;
  let replayed = 0;
  const send = (e: TraceEvent) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string> = { authorization: `Bearer ${(opts.actors[e.user] as BenchUser).apiKey}` };
      if (e.body) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(e.body));
      }
      const req = request(
        { host: '127.0.0.1', port: opts.port, method: e.method, path: e.path, headers, agent },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            if (body.length < 400) body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(e.body);
    });
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      if (opts.budgetMs && performance.now() - t0 > opts.budgetMs) return;
      const i = next++;
      const e = opts.events[i];
      if (!e) return;
      replayed++;
      const s = performance.now();
      let status = 0;
      let body = '';
      try {
        ({ status, body } = await send(e));
      } catch (err) {
        body = (err as Error).message;
      }
      hist.recordValue(Math.max(1, Math.round((performance.now() - s) * 1000)));
      statuses[status] = (statuses[status] ?? 0) + 1;
      const k = kinds[e.kind] ?? { n: 0, failed: 0 };
      kinds[e.kind] = k;
      k.n++;
      if (status < 200 || status >= 300) {
        k.failed++;
        if (firstFailures.length < 5) firstFailures.push(`${e.method} ${e.path} -> ${status} ${body.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  agent.destroy();
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    requests: replayed,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    statuses,
    kinds,
    latencyMs: {
      p50: ms(hist.getValueAtPercentile(50)),
      p95: ms(hist.getValueAtPercentile(95)),
      p99: ms(hist.getValueAtPercentile(99)),
      max: ms(hist.maxValue),
    },
    firstFailures,
  };
}
