import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { warnUnsafeSettings } from './bootstrap.ts';
import { ConfigError, loadConfig, unsafeSettings } from './config.ts';

const base = { SESSION_SECRET: 'x'.repeat(40), AUDIT_HMAC_KEY: 'k'.repeat(40), DATA_DIR: '/tmp/crm-config-test' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('loadConfig accepted a bad configuration');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(base);
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ kind: 'embedded-postgres', dataDir: join(c.dataDir, 'postgres') });
    expect(c.redis).toBeNull();
    expect(c.rateLimits).toEqual({
      authPerMin: 5,
      apiPerMin: 600,
      searchPerMin: 120,
      expensivePerMin: 10,
      ingestPerMin: 600,
    });
    expect(c.analytics).toEqual({
      enabled: true,
      retentionDays: 395,
      forward: null,
      projectToken: 'crm',
      alertCooldownMinutes: 60,
    });
  });

  it('forwards analytics only with both POSTHOG_HOST and POSTHOG_PROJECT_KEY', () => {
    const c = loadConfig({ ...base, POSTHOG_HOST: 'https://eu.i.posthog.com/', POSTHOG_PROJECT_KEY: 'phc_abc' });
    expect(c.analytics.forward).toEqual({ host: 'https://eu.i.posthog.com', projectKey: 'phc_abc' });
    expect(c.analytics.projectToken).toBe('phc_abc');
    expect(problemsOf({ ...base, POSTHOG_HOST: 'https://eu.i.posthog.com' })).toMatch(/POSTHOG_PROJECT_KEY/);
    expect(problemsOf({ ...base, ANALYTICS_RETENTION_DAYS: '0' })).toMatch(/ANALYTICS_RETENTION_DAYS/);
  });

  it('runs PGlite instead when DATABASE_ENGINE=pglite, and DATABASE_URL wins over both', () => {
    expect(loadConfig({ ...base, DATABASE_ENGINE: 'pglite' }).database).toMatchObject({ kind: 'pglite' });
    expect(
      loadConfig({ ...base, DATABASE_ENGINE: 'pglite', DATABASE_URL: 'postgres://u@localhost:5432/crm' }).database,
    ).toEqual({ kind: 'postgres', url: 'postgres://u@localhost:5432/crm' });
    expect(problemsOf({ ...base, DATABASE_ENGINE: 'sqlite' })).toMatch(/DATABASE_ENGINE/);
  });

  it('keeps PGlite by default in a DATA_DIR that already holds a PGlite database and no PostgreSQL cluster', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-config-engine-'));
    try {
      mkdirSync(join(dir, 'pglite'), { recursive: true });
      writeFileSync(join(dir, 'pglite', 'PG_VERSION'), '17\n');
      expect(loadConfig({ ...base, DATA_DIR: dir }).database.kind).toBe('pglite');
      expect(loadConfig({ ...base, DATA_DIR: dir, DATABASE_ENGINE: 'embedded-postgres' }).database.kind).toBe(
        'embedded-postgres',
      );
      mkdirSync(join(dir, 'postgres'), { recursive: true });
      writeFileSync(join(dir, 'postgres', 'PG_VERSION'), '17\n');
      expect(loadConfig({ ...base, DATA_DIR: dir }).database.kind).toBe('embedded-postgres');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses good values', () => {
    const c = loadConfig({
      ...base,
      PORT: '8080',
      DATABASE_URL: 'postgres://u@localhost:5432/crm',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_COMMAND_TIMEOUT_MS: '250',
      RATE_LIMIT_API_PER_MIN: '30',
      RATE_LIMIT_AUTH_PER_MIN: '3',
      NODE_ENV: 'production',
      APP_URL: 'https://crm.example.com/',
    });
    expect(c.port).toBe(8080);
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@localhost:5432/crm' });
    expect(c.redis).toEqual({ url: 'redis://127.0.0.1:6379', commandTimeoutMs: 250 });
    expect(c.rateLimits.apiPerMin).toBe(30);
    expect(c.rateLimits.authPerMin).toBe(3);
    expect(c.appUrl).toBe('https://crm.example.com');
    expect(c.session.secureCookie).toBe(true);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ ...base, REDIS_URL: '', PORT: '' }).redis).toBeNull();
  });

  it('names every bad variable at once', () => {
    const msg = problemsOf({ ...base, PORT: 'abc', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://x' });
    expect(msg).toMatch(/PORT/);
    expect(msg).toMatch(/DATABASE_URL: must be a postgres/);
    expect(msg).toMatch(/REDIS_URL/);
  });

  it('refuses production without SESSION_SECRET', () => {
    const msg = problemsOf({ NODE_ENV: 'production', APP_URL: 'https://crm.example.com', DATA_DIR: base.DATA_DIR });
    expect(msg).toMatch(/SESSION_SECRET: required when NODE_ENV=production/);
  });

  it('refuses production without AUDIT_HMAC_KEY, and a short or malformed audit key', () => {
    const prod = { NODE_ENV: 'production', APP_URL: 'https://crm.example.com', SESSION_SECRET: base.SESSION_SECRET };
    expect(problemsOf({ ...prod, DATA_DIR: base.DATA_DIR })).toMatch(
      /AUDIT_HMAC_KEY: required when NODE_ENV=production/,
    );
    expect(problemsOf({ ...base, AUDIT_HMAC_KEY: 'short' })).toMatch(/AUDIT_HMAC_KEY: must be at least 32/);
    expect(problemsOf({ ...base, AUDIT_HMAC_KEY: `${'a'.repeat(32)},b` })).toMatch(/AUDIT_HMAC_KEY: must not contain/);
    expect(problemsOf({ ...base, AUDIT_HMAC_KEYS_PREVIOUS: `${'a'.repeat(32)},short` })).toMatch(
      /AUDIT_HMAC_KEYS_PREVIOUS/,
    );
  });

  it('reads the audit keys and the checkpoint file', () => {
    const old = ['o'.repeat(40), 'p'.repeat(33)];
    const c = loadConfig({ ...base, AUDIT_HMAC_KEYS_PREVIOUS: ` ${old[0]} ,${old[1]}` });
    expect(c.audit).toEqual({
      hmacKey: base.AUDIT_HMAC_KEY,
      previousKeys: old,
      checkpointFile: `${base.DATA_DIR}/audit-checkpoints.jsonl`,
    });
    expect(loadConfig({ ...base, AUDIT_CHECKPOINT_FILE: '/var/lib/crm-audit/cp.jsonl' }).audit.checkpointFile).toBe(
      '/var/lib/crm-audit/cp.jsonl',
    );
  });

  it('outside production, generates the audit key once and keeps it in DATA_DIR (mode 0600)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-config-audit-'));
    try {
      const first = loadConfig({ SESSION_SECRET: base.SESSION_SECRET, DATA_DIR: dir }).audit.hmacKey;
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(statSync(join(dir, 'audit-hmac-key')).mode & 0o777).toBe(0o600);
      expect(loadConfig({ SESSION_SECRET: base.SESSION_SECRET, DATA_DIR: dir }).audit.hmacKey).toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad rate limits and a non-numeric Redis timeout', () => {
    const msg = problemsOf({ ...base, RATE_LIMIT_API_PER_MIN: '0', REDIS_COMMAND_TIMEOUT_MS: 'soon' });
    expect(msg).toMatch(/RATE_LIMIT_API_PER_MIN/);
    expect(msg).toMatch(/REDIS_COMMAND_TIMEOUT_MS/);
  });

  it('trusts no proxy by default and reads TRUSTED_PROXIES as addresses and CIDRs (IPv4 and IPv6)', () => {
    expect(loadConfig(base).trustedProxies).toEqual([]);
    expect(loadConfig({ ...base, NODE_ENV: 'production', APP_URL: 'https://crm.example' }).trustedProxies).toEqual([]);
    const c = loadConfig({ ...base, TRUSTED_PROXIES: ' 10.0.0.5, 172.18.0.0/16,::1 , fd00::/8' });
    expect(c.trustedProxies).toEqual(['10.0.0.5', '172.18.0.0/16', '::1', 'fd00::/8']);
  });

  it.each([
    'true',
    '*',
    '10.0.0.300',
    '10.0.0.0/33',
    'fd00::/129',
    '10.0.0.0/8/1',
    'proxy.internal',
    '10.0.0.1;10.0.0.2',
    '0.0.0.0/0',
    '::/0',
    'fe80::1%eth0',
  ])('refuses TRUSTED_PROXIES=%s naming the variable', (value) => {
    expect(problemsOf({ ...base, TRUSTED_PROXIES: value })).toMatch(/TRUSTED_PROXIES: must be comma-separated IP/);
  });

  it('allows no cross-origin caller by default and reads CORS_ORIGINS as exact origins', () => {
    expect(loadConfig(base).corsOrigins).toEqual([]);
    const c = loadConfig({ ...base, CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' });
    expect(c.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it.each([
    '*',
    'https://app.example.com/',
    'https://app.example.com/path',
    'app.example.com',
    'ftp://files.example.com',
    'https://*.example.com',
    'https://APP.example.com',
  ])('refuses CORS_ORIGINS=%s naming the variable', (value) => {
    expect(problemsOf({ ...base, CORS_ORIGINS: value })).toMatch(/CORS_ORIGINS: must be comma-separated exact origins/);
  });

  it('keeps files in DATA_DIR when embedded, in the database with DATABASE_URL, in a bucket when asked', () => {
    expect(loadConfig(base).storage).toEqual({ kind: 'local', dir: '/tmp/crm-config-test' });
    const pg = { ...base, DATABASE_URL: 'postgres://u@127.0.0.1/db' };
    expect(loadConfig(pg).storage).toEqual({ kind: 'postgres' });
    expect(loadConfig({ ...pg, STORAGE: 'local' }).storage).toEqual({ kind: 'local', dir: '/tmp/crm-config-test' });
    const s3 = loadConfig({
      ...pg,
      STORAGE: 's3',
      S3_BUCKET: 'crm-files',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'crm/',
    }).storage;
    expect(s3).toEqual({
      kind: 's3',
      s3: {
        bucket: 'crm-files',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:9000',
        accessKeyId: undefined,
        secretAccessKey: undefined,
        forcePathStyle: true,
        prefix: 'crm/',
      },
    });
    expect(problemsOf({ ...pg, STORAGE: 's3' })).toContain('S3_BUCKET: required when STORAGE=s3');
    expect(problemsOf({ ...base, STORAGE: 'ftp' })).toContain('STORAGE');
    expect(problemsOf({ ...base, S3_PREFIX: '../x' })).toContain('S3_PREFIX');
  });

  it('listens on the loopback interface by default outside production, on every interface in production', () => {
    expect(loadConfig(base).host).toBe('127.0.0.1');
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...base, NODE_ENV: 'production', APP_URL: 'https://crm.example.com' }).host).toBe('0.0.0.0');
    // An explicit HOST always wins.
    expect(loadConfig({ ...base, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...base, NODE_ENV: 'production', APP_URL: 'https://x.example', HOST: '127.0.0.1' }).host).toBe(
      '127.0.0.1',
    );
  });

  it('names every setting on that weakens security or exists for tests, and none by default', () => {
    expect(unsafeSettings(loadConfig(base))).toEqual([]);
    expect(
      unsafeSettings(loadConfig({ ...base, HOST: 'localhost', WEBHOOKS_ALLOWED_PORTS: '80,443,8000-9000' })),
    ).toEqual([]);
    const prod = { ...base, NODE_ENV: 'production', APP_URL: 'https://crm.example.com' };
    expect(unsafeSettings(loadConfig(prod))).toEqual([]);
    const unsafe = unsafeSettings(
      loadConfig({
        ...base,
        NODE_ENV: 'test',
        HOST: '0.0.0.0',
        WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOKS_ALLOWED_PORTS: '22,443',
        RATE_LIMIT_AUTH_PER_MIN: '1000',
      }),
    );
    expect(unsafe.map((s) => s.split(/[=:]/)[0])).toEqual([
      'NODE_ENV',
      'HOST',
      'WEBHOOKS_ALLOW_PRIVATE_TARGETS',
      'WEBHOOKS_ALLOWED_PORTS',
      'RATE_LIMIT_AUTH_PER_MIN',
    ]);
    // Every interface is the production default: no warning there.
    expect(unsafeSettings(loadConfig({ ...prod, HOST: '0.0.0.0' }))).toEqual([]);
  });

  it('logs one warning naming each unsafe setting (the logger the server starts with)', () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    warnUnsafeSettings(loadConfig({ ...base, WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'yes' }), log);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        level: 40,
        setting: 'WEBHOOKS_ALLOW_PRIVATE_TARGETS',
        msg: expect.stringMatching(/^unsafe setting: WEBHOOKS_ALLOW_PRIVATE_TARGETS=true: .*loopback/),
      }),
    ]);
  });

  it('stops the real boot with a non-zero exit naming the variable', () => {
    const r = spawnSync('npx', ['tsx', 'src/main.ts'], {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, PORT: 'abc', DATA_DIR: base.DATA_DIR, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stderr).toMatch(/PORT/);
  }, 40_000);
});
