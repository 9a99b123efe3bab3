/**
 * Authentication abuse, replayed as the attack did it (findings 2, 3, 4 and 8), against real listening servers on
 * the loopback so that the peer address of each connection is real (127.0.0.x: Linux routes all of 127/8 to `lo`,
 * so a client binding 127.0.0.7 reaches a server on 127.0.0.1 as 127.0.0.7), with a production configuration:
 *
 * - a password spray over 20 accounts from one socket, with a new forged `X-Forwarded-For` each time: limited;
 * - audit rows and sessions record the socket's address, not the forged one; a configured proxy is believed;
 * - five wrong passwords from an attacker no longer lock the victim out of another address (admins included);
 *   the account ceiling lets only addresses that signed in before through;
 * - API keys die with a password reset and (by default) a password change;
 * - a read-only API key cannot write through the account routes.
 */

import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/platform/audit/audit.schema.ts';
import { loginFailures } from '../../src/platform/auth/auth.schema.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src/platform/auth/resolve-actor.ts';
import type { MailMessage } from '../../src/platform/mail/mailer.ts';
import { createApiKeyFor } from '../auth-helpers.ts';
import { createUser, sessionHeaders, type TestUser } from '../factories.ts';
import { fakeMailer } from '../fakes/smtp-inbox.ts';
import { createTestApp, type TestApp, waitFor } from '../test-app.ts';

const PRODUCTION = { NODE_ENV: 'production', APP_URL: 'https://crm.example.test' };
const PROXY = '127.0.0.50';

/** Production defaults (auth rate limit 5/min per address, no trusted proxy). */
let prod: TestApp;
let prodUrl: URL;
/**
 * Production with one trusted proxy and a higher per-minute auth limit, so that the login throttle itself (not the
 * per-minute limit in front of it) is what answers.
 */
let proxied: TestApp;
let proxiedUrl: URL;
const mails: MailMessage[] = [];

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: () => Record<string, unknown>;
}

/** One HTTP request over a real socket bound to `from` (a loopback address). */
function http(
  base: URL,
  method: string,
  path: string,
  opts: { from: string; body?: unknown; headers?: Record<string, string> },
): Promise<Reply> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path: `/api/v1${path}`,
        localAddress: opts.from,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: () => JSON.parse(text || 'null') }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const login = (base: URL, email: string, password: string, from: string, xff?: string) =>
  http(base, 'POST', '/auth/login', {
    from,
    body: { email, password },
    headers: xff ? { 'x-forwarded-for': xff } : {},
  });

/** The session headers (cookie + CSRF) of a successful login reply. */
function sessionOf(res: Reply): Record<string, string> {
  const cookies = [res.headers['set-cookie'] ?? []].flat();
  const token = cookies.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (res.status !== 200 || !token) throw new Error(`no session: ${res.status}`);
  return { cookie: token, [CSRF_HEADER]: String(res.json().csrfToken) };
}

async function listen(t: TestApp): Promise<URL> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return new URL(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`);
}

async function lastLoginFailureIp(t: TestApp, email: string) {
  const [row] = await t.deps.database.db
    .select({ ip: auditLog.ip })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'login_failed'), eq(auditLog.entityId, (await userByEmail(t, email)).id)))
    .orderBy(desc(auditLog.occurredAt))
    .limit(1);
  return row?.ip ?? null;
}

const users = new Map<string, TestUser>();
async function userByEmail(_t: TestApp, email: string) {
  const u = users.get(email);
  if (!u) throw new Error(`unknown test user ${email}`);
  return u;
}
async function newUser(t: TestApp, overrides: Parameters<typeof createUser>[1] = {}) {
  const u = await createUser(t.deps, overrides);
  users.set(u.email, u);
  return u;
}

beforeAll(async () => {
  prod = await createTestApp({ env: PRODUCTION });
  prodUrl = await listen(prod);
  proxied = await createTestApp({
    // SMTP "configured" so that alerts are mailed; the mailer is a fake that keeps the messages.
    env: { ...PRODUCTION, TRUSTED_PROXIES: PROXY, RATE_LIMIT_AUTH_PER_MIN: '1000', SMTP_URL: 'smtp://127.0.0.1:9' },
    deps: { mailer: fakeMailer((m) => mails.push(m)) },
    // Mails are sent by the worker (durable mail, docs/MAIL.md).
    worker: true,
  });
  proxiedUrl = await listen(proxied);
});
afterAll(async () => {
  await prod?.close();
  await proxied?.close();
});

describe('finding 2: X-Forwarded-For from anyone', () => {
  it('limits a 20-account spray from one socket whatever X-Forwarded-For it forges (5 × 401, then 429)', async () => {
    const statuses: number[] = [];
    const codes = new Set<unknown>();
    for (let i = 1; i <= 20; i++) {
      const res = await login(prodUrl, `spray${i}@example.com`, 'Winter2026!!', '127.0.0.2', `198.18.0.${i}`);
      statuses.push(res.status);
      if (res.status === 429) codes.add(res.json().code);
    }
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
    expect([...codes]).toEqual(['rate_limit.exceeded']);
  });

  it('limits a slower spray by the failures of its address over all accounts (10, then 429 for any account)', async () => {
    const victim = await newUser(proxied);
    const statuses: number[] = [];
    for (let i = 1; i <= 12; i++) {
      const res = await login(proxiedUrl, `spray${i}@example.com`, 'Winter2026!!', '127.0.0.3', `198.18.1.${i}`);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const right = await login(proxiedUrl, victim.email, victim.password, '127.0.0.3', '198.18.1.99');
    expect(right.status).toBe(429);
    expect(right.json().code).toBe('auth.too_many_attempts');
    const failures = await proxied.deps.database.db
      .select({ ip: loginFailures.ip })
      .from(loginFailures)
      .where(eq(loginFailures.ip, '127.0.0.3'));
    expect(failures).toHaveLength(10);
  });

  it('records the socket address, not a forged X-Forwarded-For, in the audit log and the session', async () => {
    const u = await newUser(prod);
    const failed = await login(prodUrl, u.email, 'wrong-password-xyz', '127.0.0.4', '6.6.6.6, 127.0.0.1');
    expect(failed.status).toBe(401);
    expect(await lastLoginFailureIp(prod, u.email)).toBe('127.0.0.4');

    const ok = await login(prodUrl, u.email, u.password, '127.0.0.4', '6.6.6.6');
    const sessions = await http(prodUrl, 'GET', '/auth/sessions', { from: '127.0.0.4', headers: sessionOf(ok) });
    expect((sessions.json().items as { ip: string }[]).map((s) => s.ip)).toEqual(['127.0.0.4']);
  });

  it('believes X-Forwarded-For only from a configured proxy, and only its right-most untrusted address', async () => {
    const u = await newUser(proxied);
    expect((await login(proxiedUrl, u.email, 'wrong-password-xyz', PROXY, '6.6.6.6, 203.0.113.7')).status).toBe(401);
    expect(await lastLoginFailureIp(proxied, u.email)).toBe('203.0.113.7');
    expect((await login(proxiedUrl, u.email, 'wrong-password-xyz', '127.0.0.51', '203.0.113.8')).status).toBe(401);
    expect(await lastLoginFailureIp(proxied, u.email)).toBe('127.0.0.51');
  });
});

describe('finding 3: the lockout as a weapon', () => {
  it("lets an admin sign in from a clean address after an attacker's five wrong passwords (and more)", async () => {
    const admin = await newUser(proxied, { role: 'admin' });
    const statuses: number[] = [];
    for (let i = 1; i <= 8; i++) {
      const res = await login(proxiedUrl, admin.email, `wrong-${i}-password`, '127.0.0.7', `10.66.0.${i}`);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // The attacker's own address, even with the right password, waits.
    expect((await login(proxiedUrl, admin.email, admin.password, '127.0.0.7')).status).toBe(429);
    // The victim, elsewhere, is not locked out.
    expect((await login(proxiedUrl, admin.email, admin.password, '127.0.0.8')).status).toBe(200);
  });

  it('past 100 failures a day, only an address that signed in before gets in (and the owner is told)', async () => {
    const victim = await newUser(proxied, { locale: 'en' });
    expect((await login(proxiedUrl, victim.email, victim.password, '127.0.0.9')).status).toBe(200);
    // 80 failures from earlier in the day (rows, as the attack left them), then 20 more through real sockets from
    // four addresses, five each.
    const earlier = Date.now() - 3_600_000;
    await proxied.deps.database.db.insert(loginFailures).values(
      Array.from({ length: 80 }, (_, i) => ({
        email: victim.email,
        ip: `10.77.${Math.floor(i / 5)}.1`,
        at: new Date(earlier + i * 1_000),
      })),
    );
    for (let n = 0; n < 4; n++) {
      for (let i = 0; i < 5; i++) {
        const res = await login(proxiedUrl, victim.email, 'wrong-password-xyz', `127.0.1.${n + 1}`);
        expect(res.status).toBe(401);
      }
    }
    const stranger = await login(proxiedUrl, victim.email, victim.password, '127.0.0.10');
    expect(stranger.status).toBe(429);
    expect(stranger.json().code).toBe('auth.account_protected');
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(proxiedUrl, victim.email, victim.password, '127.0.0.9')).status).toBe(200);
    await waitFor(async () => mails.some((m) => m.to === victim.email && /protected/.test(m.subject)));
  });
});

describe('finding 4: API keys outlive a password reset or change', () => {
  const me = (t: TestApp, key: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${key}` } });

  it('a key minted before a password reset answers 401 after it', async () => {
    const u = await newUser(proxied);
    const key = await createApiKeyFor(proxied.app, await sessionHeaders(proxied.deps, u), ['read', 'write']);
    expect((await me(proxied, key)).statusCode).toBe(200);
    await http(proxiedUrl, 'POST', '/auth/password-reset/request', { from: '127.0.0.11', body: { email: u.email } });
    const mail = await waitForMail(u.email);
    const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(mail.text)?.[1] ?? '');
    const confirm = await http(proxiedUrl, 'POST', '/auth/password-reset/confirm', {
      from: '127.0.0.11',
      body: { token, password: 'Lantern-Orbit-Mossy-93' },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.json()).toEqual({ revokedApiKeys: 1 });
    expect((await me(proxied, key)).statusCode).toBe(401);
  });

  it('a key minted before a password change answers 401 after it (the default)', async () => {
    const u = await newUser(proxied);
    const session = sessionOf(await login(proxiedUrl, u.email, u.password, '127.0.0.12'));
    const key = await createApiKeyFor(proxied.app, session, ['read']);
    const change = await http(proxiedUrl, 'POST', '/auth/password', {
      from: '127.0.0.12',
      headers: session,
      body: { currentPassword: u.password, newPassword: 'Lantern-Orbit-Mossy-93' },
    });
    expect(change.status).toBe(200);
    expect(change.json()).toEqual({ revokedApiKeys: 1 });
    expect((await me(proxied, key)).statusCode).toBe(401);
  });

  async function waitForMail(to: string): Promise<MailMessage> {
    for (let i = 0; i < 100; i++) {
      const m = mails.find((x) => x.to === to);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no mail to ${to}`);
  }
});

describe('finding 8: a read-only API key writes', () => {
  it.each([
    ['PATCH', '/users/me', { name: 'changed' }],
    ['POST', '/notifications/read-all', {}],
    ['POST', '/notifications/00000000-0000-7000-8000-000000000000/read', undefined],
    ['DELETE', '/notifications/00000000-0000-7000-8000-000000000000', undefined],
  ] as const)('%s %s answers 403 auth.scope_missing', async (method, path, body) => {
    const u = await newUser(prod);
    const key = await createApiKeyFor(prod.app, await sessionHeaders(prod.deps, u), ['read']);
    const res = await http(prodUrl, method, path, {
      from: '127.0.0.13',
      headers: { authorization: `Bearer ${key}` },
      ...(body ? { body } : {}),
    });
    expect(res.status).toBe(403);
    expect(res.json().code).toBe('auth.scope_missing');
  });
});
