import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const children: { kill(signal?: NodeJS.Signals): boolean; exitCode: number | null }[] = [];
/** A free-ish port per run, so two runs (or a leftover process) do not collide. */
const port = () => String(20_000 + Math.floor(Math.random() * 20_000));

const serverDir = join(import.meta.dirname, '..');

/** Runs `tsx src/main.ts` as `npm start` does (embedded PGlite in a fresh DATA_DIR), or another entry point (a script). */
function startServer(env: Record<string, string>, entry = 'src/main.ts') {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', NODE_ENV: 'development' };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'HOST', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SESSION_SECRET']) {
    delete childEnv[name];
  }
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: serverDir, env: childEnv });
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
    // No HOST: outside production the server listens on the loopback interface only.
    const s = startServer({ DATA_DIR: dataDir, PORT: p });
    await s.waitFor(/CRM is running/, 60_000);
    expect(s.output()).toMatch(/password: \S{16,}/);
    expect(s.output()).toMatch(/"host":"127\.0\.0\.1".*CRM is running/);
    expect(s.output()).not.toMatch(/unsafe setting/);
    const res = await fetch(`http://127.0.0.1:${p}/api/v1/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ checks: { database: 'ok', queue: 'ok', redis: 'disabled' } });
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/shutting down/);
  }, 90_000);

  it('restarts on the same data without creating another admin or printing a password; warns of unsafe settings', async () => {
    const s = startServer({
      DATA_DIR: dataDir,
      PORT: port(),
      HOST: '127.0.0.1',
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
      RATE_LIMIT_AUTH_PER_MIN: '1000',
    });
    await s.waitFor(/CRM is running/, 60_000);
    expect(s.output()).not.toMatch(/password:/);
    const warnings = s
      .output()
      .split('\n')
      .filter((l) => l.includes('unsafe setting'));
    expect(warnings.map((l) => JSON.parse(l)).map((l) => [l.level, l.setting])).toEqual([
      [40, 'WEBHOOKS_ALLOW_PRIVATE_TARGETS'],
      [40, 'RATE_LIMIT_AUTH_PER_MIN'],
    ]);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 90_000);

  it('refuses to boot on a bad value and names the variable', async () => {
    const s = startServer({ DATA_DIR: dataDir, PORT: 'not-a-port' });
    const code = await s.exited;
    expect(code).toBe(78);
    expect(s.output()).toMatch(/PORT/);
    expect(s.output()).not.toMatch(STACK_LINE);
  }, 30_000);
});

/** A line of a stack trace ("    at main (src/main.ts:12:3)"): a refusal to start never prints one. */
const STACK_LINE = /^\s+at /m;

/** Every refusal before the server listens: one sentence naming the variable and its rule, exit 78, no stack. */
describe('refusals to start', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'crm-boot-refuse-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('ADMIN_PASSWORD containing the name of ADMIN_EMAIL: names the variable and the rules', async () => {
    const s = startServer({
      DATA_DIR: freshDir(),
      PORT: port(),
      SEED_DEMO_DATA: 'false',
      ADMIN_EMAIL: 'camille.durand@example.com',
      ADMIN_PASSWORD: 'Camille.Durand-2024-longue',
    });
    expect(await s.exited).toBe(78);
    const out = s.output();
    expect(out).toMatch(/The CRM cannot start:\n {2}- ADMIN_PASSWORD: refused for the first administrator/);
    expect(out).toMatch(/it must not contain the name of ADMIN_EMAIL \("camille\.durand"\)/);
    expect(out).toMatch(/12 to 256 characters, not one of the most common passwords/);
    expect(out).not.toContain('Camille.Durand-2024-longue');
    expect(out).not.toMatch(STACK_LINE);
  }, 90_000);

  it('production without its secrets: names each missing variable', async () => {
    const s = startServer({ DATA_DIR: freshDir(), PORT: port(), NODE_ENV: 'production' });
    expect(await s.exited).toBe(78);
    for (const name of ['SESSION_SECRET', 'AUDIT_HMAC_KEY', 'APP_URL']) {
      expect(s.output()).toMatch(new RegExp(`- ${name}: required when NODE_ENV=production`));
    }
    expect(s.output()).not.toMatch(STACK_LINE);
  }, 30_000);

  it('a DATABASE_URL nothing answers at: names DATABASE_URL, without its password', async () => {
    const s = startServer({
      DATA_DIR: freshDir(),
      PORT: port(),
      DATABASE_URL: 'postgres://crm:s3cret@127.0.0.1:1/crm',
    });
    expect(await s.exited).toBe(78);
    expect(s.output()).toMatch(
      /- DATABASE_URL: the PostgreSQL database at postgres:\/\/crm:\*\*\*@127\.0\.0\.1:1\/crm cannot be used: nothing accepts connections .*\(ECONNREFUSED\)/,
    );
    expect(s.output()).not.toContain('s3cret');
    expect(s.output()).not.toMatch(STACK_LINE);
  }, 30_000);

  it('the scripts (db:migrate, audit:verify) refuse an unreachable DATABASE_URL the same way', async () => {
    for (const [entry, what] of [
      ['src/scripts/migrate.ts', 'The migration'],
      ['src/scripts/audit-verify.ts', 'The audit verification'],
    ] as const) {
      const s = startServer({ DATA_DIR: freshDir(), DATABASE_URL: 'postgres://crm:s3cret@127.0.0.1:1/crm' }, entry);
      expect(await s.exited).toBe(78);
      expect(s.output()).toContain(`${what} cannot start:`);
      expect(s.output()).toMatch(
        /- DATABASE_URL: the PostgreSQL database at postgres:\/\/crm:\*\*\*@127\.0\.0\.1:1\/crm/,
      );
      expect(s.output()).not.toContain('s3cret');
      expect(s.output()).not.toMatch(STACK_LINE);
    }
  }, 60_000);

  it('a DATA_DIR that cannot be written: names DATA_DIR', async () => {
    const file = join(freshDir(), 'a-file');
    writeFileSync(file, '');
    const s = startServer({ DATA_DIR: join(file, 'data'), PORT: port() });
    expect(await s.exited).toBe(78);
    expect(s.output()).toMatch(/- DATA_DIR: .* cannot be read or written \(ENOTDIR\)/);
    expect(s.output()).not.toMatch(STACK_LINE);
  }, 30_000);

  it('a PORT already in use: names PORT', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port: busy } = taken.address() as { port: number };
    try {
      const s = startServer({ DATA_DIR: freshDir(), PORT: String(busy), SEED_DEMO_DATA: 'false' });
      expect(await s.exited).toBe(78);
      expect(s.output()).toMatch(new RegExp(`- PORT: port ${busy} on 127\\.0\\.0\\.1 is already in use`));
      expect(s.output()).not.toMatch(STACK_LINE);
    } finally {
      taken.close();
    }
  }, 90_000);
});
