/**
 * Open-loop load at a fixed rate, measured like wrk2: request i is due at t0 + i/rate whatever happened to the
 * previous ones, and its latency is counted from that intended start, so a stall shows up in the percentiles
 * instead of silently slowing the client down (coordinated omission). The same scheduler drives every rung:
 * HTTP requests (R1-R4, search) and the bare driver calls of R0.
 *
 * Why not autocannon's `overallRate` alone: autocannon 9 spreads the rate over connections as a per-second
 * budget; each connection sends back to back until its budget for the second is spent, then waits for the next
 * second (bursts, closed loop within the second), and its "correction" records each response with an expected
 * interval of ceil(1 / per-connection rate) = 1 ms, i.e. adds synthetic samples 1 ms apart below every real one
 * (a 20 ms server reads p50 13 ms). It still runs at 100 req/s as a cross-check; see README.md.
 */
import { Agent, request } from 'node:http';
import * as hdr from 'hdr-histogram-js';
import { type CpuSample, type CpuUse, cpuDelta, sampleCpu, type Watched } from './cpu.ts';

export interface Shot {
  status: number;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  p99_9: number;
  max: number;
  mean: number;
}

export interface RunStats {
  rate: number;
  durationS: number;
  sent: number;
  completed: number;
  achievedRate: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** From the intended start (what a user waits): the figure that is reported. */
  latencyMs: Percentiles;
  /** From the actual send: the server's part, without the client's own scheduling delay. */
  serviceMs: Percentiles;
  /** How late the client sent requests (p99): large values mean the generator itself could not keep up. */
  sendLagP99Ms: number;
  cpu: CpuUse;
  valid: boolean;
  invalidReasons: string[];
  clientBound: boolean;
}

const newHist = () =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });

function percentiles(h: hdr.Histogram): Percentiles {
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p97_5: ms(h.getValueAtPercentile(97.5)),
    p99: ms(h.getValueAtPercentile(99)),
    p99_9: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

/** Below this share of the requested rate a run is invalid (the server, or the client, could not keep up). */
export const MIN_ACHIEVED = 0.97;
/** Above this busy share of the generator's core a run is flagged client-bound. */
export const CLIENT_BOUND_CORE = 0.7;

export async function openLoop(opts: {
  rate: number;
  durationMs: number;
  fire: () => Promise<Shot>;
  watched: Watched;
  /** Requests not answered this long after the end of the schedule count as timeouts. */
  drainMs?: number;
  maxInFlight?: number;
}): Promise<RunStats> {
  const { rate, durationMs, fire } = opts;
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const interval = 1000 / rate;
  const maxInFlight = opts.maxInFlight ?? 5_000;
  const lat = newHist();
  const svc = newHist();
  const lag = newHist();
  let sent = 0;
  let completed = 0;
  let errors = 0;
  let non2xx = 0;
  let inFlight = 0;
  let lastDone = 0;
  const errorSamples = new Set<string>();
  const cpu0: CpuSample = sampleCpu(opts.watched);
  const t0 = performance.now() + 2;
  let finishSchedule!: () => void;
  const scheduled = new Promise<void>((r) => {
    finishSchedule = r;
  });
  let settle: (() => void) | undefined;
  const launch = (intended: number, now: number) => {
    sent++;
    lag.recordValue(Math.max(1, Math.round((now - intended) * 1000)));
    if (inFlight >= maxInFlight) {
      errors++;
      errorSamples.add('client: too many requests in flight');
      return;
    }
    inFlight++;
    const sentAt = performance.now();
    fire().then(
      (shot) => {
        const done = performance.now();
        inFlight--;
        completed++;
        lastDone = done;
        if (shot.status < 200 || shot.status >= 300) {
          non2xx++;
          if (errorSamples.size < 5) errorSamples.add(`HTTP ${shot.status}`);
        } else {
          lat.recordValue(Math.max(1, Math.round((done - intended) * 1000)));
          svc.recordValue(Math.max(1, Math.round((done - sentAt) * 1000)));
        }
        if (inFlight === 0) settle?.();
      },
      (err: Error) => {
        inFlight--;
        errors++;
        if (errorSamples.size < 5) errorSamples.add(err.message);
        if (inFlight === 0) settle?.();
      },
    );
  };
  let i = 0;
  const tick = () => {
    const now = performance.now();
    while (i < total && t0 + i * interval <= now) {
      launch(t0 + i * interval, now);
      i++;
    }
    if (i >= total) finishSchedule();
    else setTimeout(tick, Math.max(0, t0 + i * interval - performance.now() - 0.2));
  };
  setTimeout(tick, 1);
  await scheduled;
  const scheduleEnd = t0 + (total - 1) * interval;
  if (inFlight > 0) {
    await new Promise<void>((resolve) => {
      settle = resolve;
      setTimeout(resolve, opts.drainMs ?? 10_000);
    });
  }
  const timeouts = inFlight;
  const cpu = cpuDelta(cpu0, sampleCpu(opts.watched));
  const elapsed = Math.max(scheduleEnd, lastDone) - t0;
  const achievedRate = completed / (Math.max(elapsed, durationMs) / 1000);
  const invalidReasons: string[] = [];
  if (errors + timeouts > 0)
    invalidReasons.push(`${errors + timeouts} errors/timeouts (${[...errorSamples].join('; ')})`);
  if (non2xx > 0) invalidReasons.push(`${non2xx} non-2xx (${[...errorSamples].join('; ')})`);
  if (achievedRate < MIN_ACHIEVED * rate) {
    invalidReasons.push(`achieved ${achievedRate.toFixed(1)} req/s < ${Math.round(MIN_ACHIEVED * 100)}% of ${rate}`);
  }
  return {
    rate,
    durationS: durationMs / 1000,
    sent,
    completed,
    achievedRate: Math.round(achievedRate * 10) / 10,
    errors,
    timeouts,
    non2xx,
    latencyMs: percentiles(lat),
    serviceMs: percentiles(svc),
    sendLagP99Ms: Math.round(lag.getValueAtPercentile(99)) / 1000,
    cpu,
    valid: invalidReasons.length === 0,
    invalidReasons,
    clientBound: cpu.core0 > CLIENT_BOUND_CORE,
  };
}

/** An HTTP GET `fire` on a keep-alive agent with enough sockets for the rate (requests beyond them queue). */
export function httpGetter(opts: {
  port: number;
  path: string | (() => string);
  headers: Record<string, string>;
  sockets: number;
}) {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.sockets, maxFreeSockets: opts.sockets });
  const fire = () =>
    new Promise<Shot>((resolve, reject) => {
      const path = typeof opts.path === 'function' ? opts.path() : opts.path;
      const req = request({ host: '127.0.0.1', port: opts.port, path, headers: opts.headers, agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error('request timed out (30 s)')));
      req.on('error', reject);
      req.end();
    });
  return { fire, close: () => agent.destroy() };
}

/** Sockets for a rate: enough for the rate at ~100 ms latency, so the pool does not throttle the schedule. */
export const socketsFor = (rate: number) => Math.min(1_000, Math.max(16, Math.ceil(rate * 0.12)));
