import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const children: { kill(signal?: NodeJS.Signals): boolean; exitCode: number | null }[] = [];
/** A free-ish port per run, so two runs (or a leftover process) do not collide. */
const port = () => String(20_000 + Math.floor(Math.random() * 20_000));

const serverDir = join(import.meta.dirname, '..');

/** Runs `tsx src/main.ts` as `npm start` does (embedded PGlite in a fresh DATA_DIR). */
function startServer(env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', NODE_ENV: 'development', ...env };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: serverDir, env: childEnv });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms: number) => {
    const end = Date.now() + ms;
    while (!re.test(out)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, waitFor, output: () => out };
}

describe('embedded start (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-boot-'));
  afterEach(() => {
    // Never leave a server behind, even when an assertion failed.
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the admin with a one-time password, serves the API, and shuts down gracefully on SIGTERM', async () => {
    const p = port();
    const s = startServer({ DATA_DIR: dataDir, PORT: p, HOST: '127.0.0.1' });
    await s.waitFor(/CRM is running/, 60_000);
    expect(s.output()).toMatch(/password: \S{16,}/);
    const res = await fetch(`http://127.0.0.1:${p}/api/v1/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ checks: { database: 'ok', queue: 'ok', redis: 'disabled' } });
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/shutting down/);
  }, 90_000);

  it('restarts on the same data without creating another admin or printing a password', async () => {
    const s = startServer({ DATA_DIR: dataDir, PORT: port(), HOST: '127.0.0.1' });
    await s.waitFor(/CRM is running/, 60_000);
    expect(s.output()).not.toMatch(/password:/);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 90_000);

  it('refuses to boot on a bad value and names the variable', async () => {
    const s = startServer({ DATA_DIR: dataDir, PORT: 'not-a-port' });
    const code = await s.exited;
    expect(code).not.toBe(0);
    expect(s.output()).toMatch(/PORT/);
  }, 30_000);
});
