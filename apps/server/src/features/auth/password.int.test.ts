import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV, createApiKeyFor, loginViaApi } from '../../../test/auth-helpers.ts';
import { createUser } from '../../../test/factories.ts';
import { decodeMail, SmtpInbox, tokenFromMail } from '../../../test/fakes/smtp-inbox.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let smtp: SmtpInbox;
let t: TestApp;

beforeAll(async () => {
  smtp = await new SmtpInbox().start();
  t = await createTestApp({ env: { ...AUTH_TEST_ENV, SMTP_URL: smtp.url }, worker: true });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });

describe('password reset by e-mail', () => {
  it('mails a single-use link through SMTP; the new password works, the old one and old sessions do not', async () => {
    const u = await createUser(t.deps);
    const oldSession = await loginViaApi(t.app, u.email, u.password);
    const req = await post('/auth/password-reset/request', { email: u.email });
    expect(req.statusCode).toBe(202);

    const mail = await smtp.waitFor(u.email);
    expect(mail).toBeDefined();
    const token = tokenFromMail(mail.raw);
    expect(decodeMail(mail.raw)).toContain(`${t.config.appUrl}/reset-password?token=${token}`);

    const weak = await post('/auth/password-reset/confirm', { token, password: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('auth.weak_password');

    const newPassword = 'Lantern-Orbit-Mossy-93';
    const ok = await post('/auth/password-reset/confirm', { token, password: newPassword });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ revokedApiKeys: 0 });
    const reused = await post('/auth/password-reset/confirm', { token, password: 'Another-Strong-Pass-77' });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().code).toBe('auth.reset_token_invalid');

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: oldSession.cookie } });
    expect(me.statusCode).toBe(401);
    const oldLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.email, password: u.password },
      remoteAddress: '10.5.0.9',
    });
    expect(oldLogin.statusCode).toBe(401);
    await loginViaApi(t.app, u.email, newPassword);
  });

  it('answers the same 202 for an unknown address and sends no mail', async () => {
    const known = await createUser(t.deps);
    const before = smtp.mails.length;
    const a = await post('/auth/password-reset/request', { email: 'nobody-here@example.test' });
    const b = await post('/auth/password-reset/request', { email: known.email });
    expect(a.statusCode).toBe(202);
    expect(b.statusCode).toBe(202);
    expect(a.json()).toEqual(b.json());
    await smtp.waitFor(known.email);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mails.slice(before).some((m) => m.to.includes('nobody-here@example.test'))).toBe(false);
    expect(smtp.mails.length).toBe(before + 1);
  });

  it('rejects an expired token (valid one hour)', async () => {
    const u = await createUser(t.deps);
    await post('/auth/password-reset/request', { email: u.email });
    const mail = await smtp.waitFor(u.email);
    const token = tokenFromMail(mail.raw);
    const realClock = t.deps.clock;
    t.deps.clock = { now: () => new Date(Date.now() + 61 * 60_000) };
    try {
      const res = await post('/auth/password-reset/confirm', { token, password: 'Lantern-Orbit-Mossy-93' });
      expect(res.json().code).toBe('auth.reset_token_invalid');
    } finally {
      t.deps.clock = realClock;
    }
  });
});

describe('POST /auth/password', () => {
  it('changes the password with the current one, refuses weak and common ones, and signs out other sessions', async () => {
    const u = await createUser(t.deps);
    const here = await loginViaApi(t.app, u.email, u.password);
    const other = await loginViaApi(t.app, u.email, u.password);
    for (const weak of ['short-1', '1qaz2wsx3edc4rfv', 'QAZWSXEDCRFV']) {
      const res = await post('/auth/password', { currentPassword: u.password, newPassword: weak }, here);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('auth.weak_password');
    }
    const wrong = await post(
      '/auth/password',
      { currentPassword: 'nope-nope-nope', newPassword: 'Lantern-Orbit-Mossy-93' },
      here,
    );
    expect(wrong.json().code).toBe('auth.current_password_wrong');
    const ok = await post(
      '/auth/password',
      { currentPassword: u.password, newPassword: 'Lantern-Orbit-Mossy-93' },
      here,
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ revokedApiKeys: 0 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: here })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: other })).statusCode).toBe(401);
  });
});

describe('API keys after a password reset or change', () => {
  const meWith = (key: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${key}` } });
  const keyAudits = (userId: string, reason: string) =>
    t.deps.database.raw
      .query(
        `select entity_id from audit_log where entity_type = 'api_key' and action = 'revoke'
           and metadata->>'ownerId' = $1 and metadata->>'reason' = $2`,
        [userId, reason],
      )
      .then((r) => r.rows.length);

  it("a reset revokes every key of the user (one audit row a key), and the mail says so in the user's language", async () => {
    const u = await createUser(t.deps, { locale: 'fr' });
    const h = await loginViaApi(t.app, u.email, u.password);
    const keys = [await createApiKeyFor(t.app, h, ['read']), await createApiKeyFor(t.app, h, ['read', 'write'])];
    const other = await createUser(t.deps);
    const otherKey = await createApiKeyFor(t.app, await loginViaApi(t.app, other.email, other.password), ['read']);
    expect((await meWith(keys[0] as string)).statusCode).toBe(200);

    await post('/auth/password-reset/request', { email: u.email });
    const mail = await smtp.waitFor(u.email);
    const text = decodeMail(mail.raw);
    expect(text).toContain('Pour choisir un nouveau mot de passe');
    expect(text).toContain('révoquera toutes vos clés d’API');
    const ok = await post('/auth/password-reset/confirm', {
      token: tokenFromMail(mail.raw),
      password: 'Lantern-Orbit-Mossy-93',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ revokedApiKeys: 2 });
    for (const key of keys) {
      const res = await meWith(key);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('auth.api_key_invalid');
    }
    expect((await meWith(otherKey)).statusCode).toBe(200);
    expect(await keyAudits(u.id, 'password_reset')).toBe(2);
  });

  it('writes the reset mail in English for an English-speaking user', async () => {
    const u = await createUser(t.deps, { locale: 'en' });
    await post('/auth/password-reset/request', { email: u.email });
    const mail = await smtp.waitFor(u.email);
    expect(decodeMail(mail.raw)).toContain('revoke all your API keys');
  });

  it('a change revokes the keys by default and says how many', async () => {
    const u = await createUser(t.deps);
    const h = await loginViaApi(t.app, u.email, u.password);
    const key = await createApiKeyFor(t.app, h, ['read']);
    const res = await post('/auth/password', { currentPassword: u.password, newPassword: 'Lantern-Orbit-Mossy-93' }, h);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revokedApiKeys: 1 });
    expect((await meWith(key)).statusCode).toBe(401);
    expect(await keyAudits(u.id, 'password_changed')).toBe(1);
  });

  it('a change with revokeApiKeys: false keeps the keys working', async () => {
    const u = await createUser(t.deps);
    const h = await loginViaApi(t.app, u.email, u.password);
    const key = await createApiKeyFor(t.app, h, ['read']);
    const res = await post(
      '/auth/password',
      { currentPassword: u.password, newPassword: 'Lantern-Orbit-Mossy-93', revokeApiKeys: false },
      h,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revokedApiKeys: 0 });
    expect((await meWith(key)).statusCode).toBe(200);
    expect(await keyAudits(u.id, 'password_changed')).toBe(0);
  });

  it('refuses a revokeApiKeys that is not a boolean (400, nothing changed)', async () => {
    const u = await createUser(t.deps);
    const h = await loginViaApi(t.app, u.email, u.password);
    const res = await post(
      '/auth/password',
      { currentPassword: u.password, newPassword: 'Lantern-Orbit-Mossy-93', revokeApiKeys: 'no' },
      h,
    );
    expect(res.statusCode).toBe(400);
    await loginViaApi(t.app, u.email, u.password);
  });
});
