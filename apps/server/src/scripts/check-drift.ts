/**
 * `npm run db:check-drift`: fails when src/db/schema.ts and the committed migrations differ.
 *
 * drizzle-kit compares the schema with the last snapshot in the migrations folder. We let it generate into a
 * throw-away copy of that folder: if it writes a new migration, somebody changed the schema without running
 * `npm run db:generate` (or edited a committed migration's snapshot), and the new SQL is printed.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** apps/server, where drizzle.config.ts lives. */
export const serverDir = resolve(here, '../..');
export const committedMigrations = join(serverDir, 'src/db/migrations');

export interface DriftReport {
  drift: boolean;
  /** Migrations drizzle-kit would add to bring the committed ones up to the schema. */
  newMigrations: { file: string; sql: string }[];
  /** What drizzle-kit printed. */
  output: string;
}

export interface CheckDriftOptions {
  /** Folder of committed migrations to compare with the schema (default: src/db/migrations). */
  migrationsDir?: string;
  timeoutMs?: number;
}

/** Runs `drizzle-kit generate` against a copy of the migrations and reports what it would add. */
export async function checkMigrationDrift(opts: CheckDriftOptions = {}): Promise<DriftReport> {
  const source = opts.migrationsDir ?? committedMigrations;
  const tmp = mkdtempSync(join(tmpdir(), 'crm-drift-'));
  const out = join(tmp, 'migrations');
  try {
    cpSync(source, out, { recursive: true });
    const before = new Set(sqlFiles(out));
    // drizzle-kit prefixes the out folder with './', so it has to be relative to the config's folder.
    const output = await run('npx', ['--no-install', 'drizzle-kit', 'generate'], {
      cwd: serverDir,
      env: { ...process.env, DRIZZLE_OUT: relative(serverDir, out) },
      timeoutMs: opts.timeoutMs ?? 120_000,
    });
    const newMigrations = sqlFiles(out)
      .filter((f) => !before.has(f))
      .map((file) => ({ file, sql: readFileSync(join(out, file), 'utf8') }));
    return { drift: newMigrations.length > 0, newMigrations, output };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

/** Runs a command without stdin (drizzle-kit must never wait for an answer), rejecting on failure. */
function run(cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }) {
  return new Promise<string>((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} took more than ${o.timeoutMs} ms (waiting for input?)\n${output}`));
    }, o.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(output);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${output}`));
    });
  });
}

async function main(): Promise<void> {
  const report = await checkMigrationDrift();
  if (!report.drift) {
    console.log('migrations are in sync with src/db/schema.ts');
    return;
  }
  console.error('src/db/schema.ts and src/db/migrations differ. Run `npm run db:generate` and commit the result.');
  for (const m of report.newMigrations) console.error(`\n--- missing migration (${m.file}) ---\n${m.sql}`);
  process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
