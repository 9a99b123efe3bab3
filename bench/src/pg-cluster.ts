/**
 * A throwaway PostgreSQL cluster for one bench run: Debian's binaries, a temp directory, a free port, pinned to
 * the server core, `pg_stat_statements` preloaded. The machine's own cluster is never touched. PostgreSQL refuses
 * to run as root, so the cluster belongs to the `postgres` system user when the bench runs as root.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from './servers.ts';

const resultsTmp = join(REPO_ROOT, 'bench/results/tmp');

export interface PgCluster {
  port: number;
  dir: string;
  bin: string;
  url(db: string): string;
  /** Settings that differ from the defaults, plus the version: what the results record. */
  settings(): Promise<{ version: string; settings: Record<string, string> }>;
  query(db: string, sql: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** The postmaster's process id (the root of the cluster's processes). */
  pid(): number;
  stop(): void;
}

/** What the run sets on top of PostgreSQL's defaults (also written to the results). */
export const PG_SETTINGS: Record<string, string> = {
  shared_buffers: '256MB',
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.max': '10000',
  'pg_stat_statements.track': 'top',
  track_io_timing: 'on',
  max_connections: '100',
  // Seeding writes ~1 GB of WAL: fewer forced checkpoints, no effect on reads. fsync and synchronous_commit stay on.
  max_wal_size: '4GB',
  checkpoint_timeout: '15min',
  listen_addresses: '127.0.0.1',
  logging_collector: 'off',
  // BENCH_PG_AUTO_EXPLAIN=<ms>: the plan (analyze, buffers) of every statement slower than that, in the cluster's
  // server.log (a diagnosis aid: it slows every statement down, so figures of such a run are not reported).
  ...(process.env.BENCH_PG_AUTO_EXPLAIN
    ? {
        shared_preload_libraries: 'pg_stat_statements,auto_explain',
        'auto_explain.log_min_duration': process.env.BENCH_PG_AUTO_EXPLAIN,
        'auto_explain.log_analyze': 'on',
        'auto_explain.log_buffers': 'on',
      }
    : {}),
};

export function findPgBin(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root))
    throw new Error('PostgreSQL binaries not found in /usr/lib/postgresql (apt-get install postgresql)');
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no initdb under /usr/lib/postgresql/*/bin');
  return join(root, versions[0], 'bin');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary as the cluster's owner (postgres when we are root), optionally pinned to one core. */
function pgArgv(bin: string, tool: string, args: string[], core?: number): [string, string[]] {
  const base = [join(bin, tool), ...args];
  const owned = asRoot ? ['runuser', '-u', 'postgres', '--', ...base] : base;
  const pinned = core === undefined ? owned : ['taskset', '-c', String(core), ...owned];
  return [pinned[0] as string, pinned.slice(1)];
}

export async function startPgCluster(opts: { core: number; log: (m: string) => void }): Promise<PgCluster> {
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o755);
  const port = await freePort();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      const [cmd, args] = pgArgv(bin, 'pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '30']);
      execFileSync(cmd, args, { stdio: 'ignore' });
    } catch {
      // not started, or already gone
    }
    // Kept for reading (bench/results/tmp is not committed).
    if (process.env.BENCH_PG_AUTO_EXPLAIN && existsSync(join(dir, 'server.log')))
      copyFileSync(join(dir, 'server.log'), join(resultsTmp, 'pg-server.log'));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [icmd, iargs] = pgArgv(bin, 'initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-instructions',
    ]);
    execFileSync(icmd, iargs, { stdio: 'ignore' });
    const conf = Object.entries({ ...PG_SETTINGS, port: String(port), unix_socket_directories: `'${dir}'` })
      .map(([k, v]) => `${k} = ${/^'.*'$/.test(v) ? v : `'${v}'`}`)
      .join('\n');
    writeFileSync(join(data, 'postgresql.auto.conf'), `${conf}\n`);
    const [scmd, sargs] = pgArgv(
      bin,
      'pg_ctl',
      ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60'],
      opts.core,
    );
    await new Promise<void>((resolve, reject) => {
      const p = spawn(scmd, sargs, { stdio: 'ignore' });
      p.on('error', reject);
      p.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`pg_ctl start exited ${code} (see ${dir}/server.log)`)),
      );
    });
  } catch (err) {
    stop();
    throw err;
  }
  opts.log(`PostgreSQL started on 127.0.0.1:${port} (${dir}), pinned to core ${opts.core}`);
  const url = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const query = async (db: string, sql: string, values?: unknown[]) => {
    const c = new pg.Client({ connectionString: url(db) });
    await c.connect();
    try {
      return await c.query(sql, values);
    } finally {
      await c.end();
    }
  };
  return {
    port,
    dir,
    bin,
    url,
    query,
    stop,
    pid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    settings: async () => {
      const v = await query('postgres', 'select version() as v');
      const s = await query(
        'postgres',
        `select name, setting, unit from pg_settings
          where source not in ('default', 'override') or name in
            ('work_mem', 'effective_cache_size', 'random_page_cost', 'jit', 'fsync', 'synchronous_commit',
             'max_parallel_workers_per_gather', 'wal_level', 'huge_pages')
          order by name`,
      );
      const settings: Record<string, string> = {};
      for (const r of s.rows) settings[r.name] = r.unit ? `${r.setting} ${r.unit}` : r.setting;
      return { version: String(v.rows[0]?.v), settings };
    },
  };
}
