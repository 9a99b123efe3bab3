import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV, loginViaApi } from '../../../test/auth-helpers.ts';
import { createUser, type TestUser } from '../../../test/factories.ts';
import { fakeMailer } from '../../../test/fakes/smtp-inbox.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { loginFailures } from '../../platform/auth/auth.schema.ts';
import type { MailMessage } from '../../platform/mail/mailer.ts';
import { notifications } from '../notifications/notifications.schema.ts';
import { LOGIN_THROTTLE, pairDelayMs } from './login-throttle.ts';

let t: TestApp;
const sent: MailMessage[] = [];
/** The fake clock: tests move it forward. */
let now = Date.parse('2026-12-01T09:00:00Z');
let subnet = 0;

beforeAll(async () => {
  t = await createTestApp({
    // SMTP "configured" so the alerts are mailed; the mailer is a fake that keeps them.
    env: { ...AUTH_TEST_ENV, SMTP_URL: 'smtp://127.0.0.1:9' },
    deps: {
      clock: { now: () => new Date(now) },
      mailer: fakeMailer((m) => sent.push(m)),
    },
    worker: true,
  });
});
afterAll(() => t?.close());
/** Each test starts a day later, on addresses of its own, so no window of a previous test reaches it. */
beforeEach(() => {
  now += 48 * 3_600_000;
  subnet++;
});

const ip = (n: number) => `10.${subnet}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
const login = (email: string, password: string, from: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: from });
const wrong = (u: { email: string }, from: string) => login(u.email, 'wrong-password-xyz', from);
const advance = (ms: number) => {
  now += ms;
};
const notificationsOf = (userId: string, type: string) =>
  t.deps.database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.type, type)));

describe('pairDelayMs', () => {
  it('gives 5 free attempts, then 30 s doubled at each failure, at most one hour', () => {
    expect([0, 4].map(pairDelayMs)).toEqual([0, 0]);
    expect([5, 6, 7, 10].map(pairDelayMs)).toEqual([30_000, 60_000, 120_000, 960_000]);
    expect(pairDelayMs(12)).toBe(3_600_000);
    expect(pairDelayMs(10_000)).toBe(3_600_000);
  });
});

describe('login throttle: account and address together', () => {
  it('slows a pair down after 5 failures with growing waits (429, Retry-After), the right password included', async () => {
    const u = await createUser(t.deps);
    const a = ip(1);
    for (let i = 0; i < 5; i++) expect((await wrong(u, a)).statusCode).toBe(401);
    const held = await login(u.email, u.password, a);
    expect(held.statusCode).toBe(429);
    expect(held.json().code).toBe('auth.too_many_attempts');
    expect(held.headers['retry-after']).toBe('30');

    advance(31_000);
    expect((await wrong(u, a)).statusCode).toBe(401);
    const longer = await wrong(u, a);
    expect(longer.statusCode).toBe(429);
    expect(longer.headers['retry-after']).toBe('60');

    advance(61_000);
    expect((await login(u.email, u.password, a)).statusCode).toBe(200);
    // A success starts the pair afresh (16 minutes on, so the address's own window has passed too).
    advance(16 * 60_000);
    for (let i = 0; i < 5; i++) expect((await wrong(u, a)).statusCode).toBe(401);
    expect((await wrong(u, a)).statusCode).toBe(429);
  });

  it('counts the same account whatever the case and spaces of the e-mail', async () => {
    const u = await createUser(t.deps);
    for (let i = 0; i < 5; i++) expect((await wrong(u, ip(1))).statusCode).toBe(401);
    const res = await login(`  ${u.email.toUpperCase()} `, u.password, ip(1));
    expect(res.statusCode).toBe(429);
  });

  it("lets the right password through from an address that has not failed, whatever the attacker's addresses did", async () => {
    const victim = await createUser(t.deps, { role: 'admin' });
    // Two attacker addresses fail 5 times each through the API, 17 more did so before (rows): 95 failures, below
    // the account ceiling; the victim's address never failed.
    for (let n = 0; n < 2; n++) {
      for (let i = 0; i < 5; i++) expect((await wrong(victim, ip(100 + n))).statusCode).toBe(401);
    }
    const earlier = Array.from({ length: 85 }, (_, i) => ({
      email: victim.email,
      ip: ip(200 + Math.floor(i / 5)),
      at: new Date(now - 3_600_000 + i * 1_000),
    }));
    await t.deps.database.db.insert(loginFailures).values(earlier);
    expect((await login(victim.email, victim.password, ip(100))).statusCode).toBe(429);
    expect((await login(victim.email, victim.password, ip(1))).statusCode).toBe(200);
  });

  it('refuses every login from an address with 10 failures over any accounts in 15 minutes, until the window passes', async () => {
    const victim = await createUser(t.deps);
    const spray = ip(1);
    for (let i = 0; i < LOGIN_THROTTLE.address.maxFailures; i++) {
      expect((await login(`ghost${i}@example.test`, 'Winter2026!!', spray)).statusCode).toBe(401);
      advance(1_000);
    }
    const refused = await login(victim.email, victim.password, spray);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('auth.too_many_attempts');
    // The oldest of the ten failures leaves the window 15 minutes after it happened: 10 s ago.
    expect(Number(refused.headers['retry-after'])).toBe(15 * 60 - 10);
    expect((await login(victim.email, victim.password, ip(2))).statusCode).toBe(200);
    advance(15 * 60_000);
    expect((await login(victim.email, victim.password, spray)).statusCode).toBe(200);
  });
});

describe('login throttle: the account ceiling (100 failures in 24 hours)', () => {
  let victim: TestUser;
  const known = () => ip(0);

  /** `count` failures of the victim's account from many addresses, spread so no pair or address is throttled. */
  async function attack(count: number) {
    const rows = Array.from({ length: count }, (_, i) => ({
      email: victim.email,
      ip: ip(1000 + Math.floor(i / 4)),
      at: new Date(now - (count - i) * 1_000),
    }));
    await t.deps.database.db.insert(loginFailures).values(rows);
  }

  it('above the ceiling, signs in only from an address that signed in before; a password change lifts it', async () => {
    victim = await createUser(t.deps, { locale: 'en' });
    await loginViaApi(t.app, victim.email, victim.password, undefined, { ip: known() });
    advance(60_000);
    await attack(LOGIN_THROTTLE.account.ceiling - 1);
    // The 100th failure, through the API: the owner is told the account is protected.
    expect((await wrong(victim, ip(2))).statusCode).toBe(401);

    const stranger = await login(victim.email, victim.password, ip(3));
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json().code).toBe('auth.account_protected');
    // Until the oldest counted failure is a day old.
    expect(Number(stranger.headers['retry-after'])).toBe(24 * 3600 - 99);
    const guess = await wrong(victim, ip(4));
    expect(guess.json().code).toBe('auth.account_protected');

    const [alert] = await notificationsOf(victim.id, 'auth.account_protected');
    expect(alert?.title).toBe('Your account is protected after many failed sign-ins');
    expect(alert?.body).toContain('100 sign-in attempts on your account failed in 24 hours (the last from');
    expect(sent.some((m) => m.to === victim.email && m.subject === alert?.title)).toBe(true);

    // From the address it signed in from before, the right password still works.
    const session = await loginViaApi(t.app, victim.email, victim.password, undefined, { ip: known() });
    // A password change (or reset) starts the count afresh: any address may sign in again.
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: session,
      payload: { currentPassword: victim.password, newPassword: 'Lantern-Orbit-Mossy-93' },
      remoteAddress: known(),
    });
    expect(changed.statusCode).toBe(200);
    advance(1_000);
    expect((await login(victim.email, 'Lantern-Orbit-Mossy-93', ip(3))).statusCode).toBe(200);
  });

  it('lifts by itself once the failures are more than a day old', async () => {
    victim = await createUser(t.deps);
    await attack(LOGIN_THROTTLE.account.ceiling);
    expect((await login(victim.email, victim.password, ip(3))).json().code).toBe('auth.account_protected');
    advance(24 * 3_600_000);
    expect((await login(victim.email, victim.password, ip(3))).statusCode).toBe(200);
  });
});

describe('login throttle: telling the owner', () => {
  it('notifies at the 5th failure in a day, in the French of a French user, and mails them', async () => {
    const u = await createUser(t.deps, { locale: 'fr' });
    for (let i = 0; i < 4; i++) expect((await wrong(u, ip(10 + i))).statusCode).toBe(401);
    expect(await notificationsOf(u.id, 'auth.login_failures')).toHaveLength(0);
    expect((await wrong(u, ip(20))).statusCode).toBe(401);
    const list = await notificationsOf(u.id, 'auth.login_failures');
    expect(list).toHaveLength(1);
    expect(list[0]?.title).toBe('Échecs de connexion répétés sur votre compte');
    expect(list[0]?.body).toContain(
      `5 tentatives de connexion à votre compte ont échoué en 24 heures (la dernière depuis l’adresse ${ip(20)})`,
    );
    expect(list[0]?.data).toEqual({ failures: 5, link: '/profile' });
    // Mailed by the worker (durable mail): it arrives a moment after the answer.
    const mail = await waitFor(async () => sent.find((m) => m.to === u.email));
    expect(mail?.subject).toBe('Échecs de connexion répétés sur votre compte');
    expect(mail?.text).toContain('Bonjour Test User,');
    // The 6th to 99th failures tell nothing new.
    for (let i = 0; i < 3; i++) await wrong(u, ip(30 + i));
    expect(await notificationsOf(u.id, 'auth.login_failures')).toHaveLength(1);
  });

  it('tells nobody about failures on an unknown e-mail', async () => {
    const before = sent.length;
    for (let i = 0; i < 5; i++) expect((await login('nobody@example.test', 'x-wrong-x', ip(i))).statusCode).toBe(401);
    // A mail would have been queued with the failure, in its transaction: the outbox has none for the address.
    const queued = await t.deps.database.db.execute(
      sql`select id from mail_messages where to_address = ${'nobody@example.test'}`,
    );
    expect((queued as unknown as { rows: unknown[] }).rows).toHaveLength(0);
    expect(sent.length).toBe(before);
  });
});
