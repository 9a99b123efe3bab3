/**
 * CPU accounting from /proc: busy share of each core (/proc/stat) and CPU of the processes we care about
 * (/proc/<pid>/stat utime+stime; PostgreSQL = the postmaster, its live children and its reaped children).
 * `other` is what the machine spent on processes that are not ours: a run next to another busy process
 * (a test suite, a build) is flagged noisy, since 2 cores leave no slack.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux

export interface Watched {
  serverPid?: number;
  postmasterPid?: number;
  redisPid?: number;
}

export interface CpuSample {
  at: number;
  cores: { busy: number; total: number }[];
  self: number;
  server: number;
  postgres: number;
  redis: number;
}

/** Shares of one core (0.5 = half a core) over the interval, except core0/core1 (busy share of that core). */
export interface CpuUse {
  core0: number;
  core1: number;
  generator: number;
  server: number;
  postgres: number;
  redis: number;
  /** Cores used by processes that are not part of the bench (other users of the machine). */
  other: number;
}

function procTicks(pid: number | undefined, withChildren = false): number {
  if (!pid) return 0;
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields after the comm: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    const own = Number(f[11]) + Number(f[12]);
    return withChildren ? own + Number(f[13]) + Number(f[14]) : own;
  } catch {
    return 0;
  }
}

function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) === ppid) out.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

export function sampleCpu(w: Watched): CpuSample {
  const stat = readFileSync('/proc/stat', 'utf8');
  const cores: CpuSample['cores'] = [];
  for (const line of stat.split('\n')) {
    const m = line.match(/^cpu(\d+)\s+(.*)$/);
    if (!m) continue;
    const v = (m[2] as string).split(/\s+/).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    cores[Number(m[1])] = { busy: total - idle, total };
  }
  const cu = process.cpuUsage();
  let postgres = 0;
  if (w.postmasterPid) {
    postgres = procTicks(w.postmasterPid, true);
    for (const c of childrenOf(w.postmasterPid)) postgres += procTicks(c);
  }
  return {
    at: performance.now(),
    cores,
    self: (cu.user + cu.system) / 1000 / TICK_MS,
    server: procTicks(w.serverPid),
    postgres,
    redis: procTicks(w.redisPid),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function cpuDelta(a: CpuSample, b: CpuSample): CpuUse {
  const wallTicks = (b.at - a.at) / TICK_MS;
  const share = (x: number) => round(wallTicks > 0 ? x / wallTicks : 0);
  const core = (i: number) => {
    const ca = a.cores[i];
    const cb = b.cores[i];
    if (!ca || !cb || cb.total === ca.total) return 0;
    return round((cb.busy - ca.busy) / (cb.total - ca.total));
  };
  const busyAll = a.cores.reduce((s, c, i) => s + ((b.cores[i]?.busy ?? 0) - c.busy), 0);
  const ours = b.self - a.self + (b.server - a.server) + (b.postgres - a.postgres) + (b.redis - a.redis);
  return {
    core0: core(0),
    core1: core(1),
    generator: share(b.self - a.self),
    server: share(b.server - a.server),
    postgres: share(b.postgres - a.postgres),
    redis: share(b.redis - a.redis),
    other: Math.max(0, share(busyAll - ours)),
  };
}

/** The pid of the machine's redis-server (read only: for CPU accounting; it is never signalled). */
export function findRedisPid(): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'redis-server') return Number(d);
    } catch {
      // exited meanwhile
    }
  }
  return undefined;
}

/** The core this process may run on, from /proc/self/status (e.g. "0" once pinned). */
export function allowedCpus(): string {
  const m = readFileSync('/proc/self/status', 'utf8').match(/^Cpus_allowed_list:\s*(.+)$/m);
  return m?.[1]?.trim() ?? '?';
}

export function loadAverage(): number[] {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}
