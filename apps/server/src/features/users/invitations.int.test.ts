import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV, loginViaApi } from '../../../test/auth-helpers.ts';
import { createUser, sessionHeaders, type TestUser } from '../../../test/factories.ts';
import { decodeMail, SmtpInbox, subjectOf, tokenFromMail } from '../../../test/fakes/smtp-inbox.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { listAuditRows } from '../../platform/audit/audit.repo.ts';

/** Invitations and the administrator's reset link, with the mails read from a real SMTP server. */
let smtp: SmtpInbox;
let t: TestApp;
let admin: TestUser;
let h: Record<string, string>;

beforeAll(async () => {
  smtp = await new SmtpInbox().start();
  t = await createTestApp({ env: { ...AUTH_TEST_ENV, SMTP_URL: smtp.url }, worker: true });
  admin = await createUser(t.deps, { role: 'admin', name: 'Alice Admin' });
  h = await sessionHeaders(t.deps, admin);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const DAY = 24 * 60 * 60_000;
const NEW_PASSWORD = 'Lantern-Orbit-Mossy-93';
let n = 0;
const address = () => `invite-${Date.now()}-${++n}@example.test`;

const post = (url: string, payload?: object, headers: Record<string, string> = h) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
const login = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
const confirm = (token: string, password = NEW_PASSWORD) =>
  post('/auth/password-reset/confirm', { token, password }, {});

async function invite(overrides: Record<string, unknown> = {}) {
  const res = await post('/users', { email: address(), name: 'Inès Invitée', role: 'user', ...overrides });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; email: string; invitedAt: string | null; invitationExpiresAt: string | null };
}

/** Runs `fn` with the clock moved `ms` ahead. */
async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const real = t.deps.clock;
  t.deps.clock = { now: () => new Date(Date.now() + ms) };
  try {
    return await fn();
  } finally {
    t.deps.clock = real;
  }
}

const auditActions = async (id: string) =>
  (await listAuditRows(t.deps.database.db, { entityType: 'user', entityId: id, limit: 20 })).map((r) => r.action);

describe('invitation', () => {
  it('creates the account without a password, mails a French invitation whose link sets it, then sign-in works', async () => {
    const user = await invite({ locale: 'fr' });
    expect(user.invitedAt).not.toBeNull();
    const sevenDays = Date.parse(user.invitationExpiresAt ?? '') - Date.parse(user.invitedAt ?? '');
    expect(sevenDays).toBe(7 * DAY);

    const mail = await smtp.waitFor(user.email);
    expect(subjectOf(mail.raw)).toBe('Votre invitation au CRM');
    const text = decodeMail(mail.raw);
    expect(text).toContain('Bonjour Inès Invitée,');
    expect(text).toContain('Pour choisir votre mot de passe et accéder au CRM, ouvrez ce lien dans les 7 jours');
    const token = tokenFromMail(mail.raw, 'accept-invitation');
    expect(text).toContain(`${t.config.appUrl}/accept-invitation?token=${token}`);

    // Before: refused exactly like a wrong password (nothing tells an invited account from another).
    const early = await login(user.email, NEW_PASSWORD);
    const known = await createUser(t.deps);
    const wrong = await login(known.email, 'Not-The-Password-11');
    const { requestId: _a, ...earlyBody } = early.json();
    const { requestId: _b, ...wrongBody } = wrong.json();
    expect(early.statusCode).toBe(401);
    expect(earlyBody).toEqual(wrongBody);

    expect((await confirm(token)).statusCode).toBe(200);
    await loginViaApi(t.app, user.email, NEW_PASSWORD);
    const after = (await t.app.inject({ method: 'GET', url: `/api/v1/users/${user.id}`, headers: h })).json();
    expect(after).toMatchObject({ invitedAt: null, invitationExpiresAt: null });
    expect(await auditActions(user.id)).toEqual(
      expect.arrayContaining(['create', 'invitation_sent', 'login_failed', 'invitation_accepted', 'login']),
    );
  });

  it('writes the invitation in English for an English-speaking user', async () => {
    const user = await invite({ locale: 'en' });
    const mail = await smtp.waitFor(user.email);
    expect(subjectOf(mail.raw)).toBe('Your invitation to the CRM');
    expect(decodeMail(mail.raw)).toContain('open this link within 7 days');
  });

  it('mails nothing when the administrator sets the password', async () => {
    const res = await post('/users', {
      email: address(),
      name: 'Paul',
      role: 'user',
      password: 'Blue-Lantern-Orbit-7731',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ invitedAt: null, invitationExpiresAt: null });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(res.json().email)).toEqual([]);
  });

  it('the link works once', async () => {
    const user = await invite();
    const token = tokenFromMail((await smtp.waitFor(user.email)).raw, 'accept-invitation');
    expect((await confirm(token)).statusCode).toBe(200);
    const again = await confirm(token, 'Another-Strong-Pass-77');
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('auth.reset_token_invalid');
    await loginViaApi(t.app, user.email, NEW_PASSWORD);
  });

  it('the link lasts seven days, not the reset link’s hour', async () => {
    const expired = await invite();
    const token = tokenFromMail((await smtp.waitFor(expired.email)).raw, 'accept-invitation');
    const late = await later(7 * DAY + 60_000, () => confirm(token));
    expect(late.statusCode).toBe(400);
    expect(late.json().code).toBe('auth.reset_token_invalid');

    const slow = await invite();
    const slowToken = tokenFromMail((await smtp.waitFor(slow.email)).raw, 'accept-invitation');
    expect((await later(6 * DAY, () => confirm(slowToken))).statusCode).toBe(200);
  });

  it('sending it again kills the old link', async () => {
    const user = await invite();
    const first = tokenFromMail((await smtp.waitFor(user.email)).raw, 'accept-invitation');
    const resent = await post(`/users/${user.id}/invitation`);
    expect(resent.statusCode).toBe(200);
    expect(Date.parse(resent.json().invitedAt)).toBeGreaterThanOrEqual(Date.parse(user.invitedAt ?? ''));
    const second = tokenFromMail((await smtp.waitFor(user.email, 2)).raw, 'accept-invitation');
    expect(second).not.toBe(first);

    expect((await confirm(first)).json().code).toBe('auth.reset_token_invalid');
    expect((await confirm(second)).statusCode).toBe(200);
    const rows = await listAuditRows(t.deps.database.db, { entityType: 'user', entityId: user.id, limit: 20 });
    const sent = rows.filter((r) => r.action === 'invitation_sent');
    expect(sent.map((r) => (r.metadata as { resend: boolean }).resend).sort()).toEqual([false, true]);
    expect(sent.every((r) => r.actorUserId === admin.id)).toBe(true);
  });

  it('is sent again only to an active user without a password, else 409 (404 for an unknown id)', async () => {
    const withPassword = await createUser(t.deps);
    const done = await post(`/users/${withPassword.id}/invitation`);
    expect(done.statusCode).toBe(409);
    expect(done.json().code).toBe('user.invitation_not_pending');

    const gone = await invite();
    await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${gone.id}`, headers: h });
    const inactive = await post(`/users/${gone.id}/invitation`);
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json().code).toBe('user.inactive');
    // The deactivated user's link no longer works either.
    const token = tokenFromMail((await smtp.waitFor(gone.email)).raw, 'accept-invitation');
    expect((await confirm(token)).json().code).toBe('auth.reset_token_invalid');

    const unknown = await post('/users/018f0000-0000-7000-8000-0000000000ff/invitation');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('user.not_found');
  });
});

describe('reset link sent by an administrator', () => {
  it('mails the user a reset link; the password stays until the link is used', async () => {
    const user = await createUser(t.deps, { locale: 'fr', name: 'Bruno Reset' });
    const res = await post(`/users/${user.id}/password-reset`);
    expect(res.statusCode).toBe(202);
    expect(res.json().status).toBe('sent');
    expect(Date.parse(res.json().expiresAt) - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(JSON.stringify(res.json())).not.toMatch(/token|password/i);

    const mail = await smtp.waitFor(user.email);
    expect(subjectOf(mail.raw)).toBe('Réinitialisez votre mot de passe du CRM');
    expect(decodeMail(mail.raw)).toContain('Un administrateur du CRM vous a envoyé ce lien');
    const [row] = await listAuditRows(t.deps.database.db, { entityType: 'user', entityId: user.id, limit: 1 });
    expect(row).toMatchObject({ action: 'password_reset_sent', actorUserId: admin.id });

    // Nothing changed yet: the old password still signs in.
    await loginViaApi(t.app, user.email, user.password);
    expect((await confirm(tokenFromMail(mail.raw))).statusCode).toBe(200);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    await loginViaApi(t.app, user.email, NEW_PASSWORD);
  });

  it('answers 404 for an unknown user, 409 for a deactivated one or one still invited', async () => {
    const unknown = await post('/users/018f0000-0000-7000-8000-0000000000fe/password-reset');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('user.not_found');

    const inactive = await createUser(t.deps, { isActive: false });
    const refused = await post(`/users/${inactive.id}/password-reset`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('user.inactive');

    const invited = await invite();
    const pending = await post(`/users/${invited.id}/password-reset`);
    expect(pending.statusCode).toBe(409);
    expect(pending.json().code).toBe('user.invitation_pending');
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(inactive.email)).toEqual([]);
    expect(smtp.to(invited.email)).toHaveLength(1); // the invitation only
  });
});

describe('non-administrators', () => {
  it('get 403 on inviting, sending an invitation again and sending a reset link, and nothing is mailed', async () => {
    const target = await createUser(t.deps);
    const invited = await invite();
    for (const role of ['manager', 'user', 'viewer'] as const) {
      const caller = await sessionHeaders(t.deps, await createUser(t.deps, { role }));
      const email = address();
      const create = await post('/users', { email, name: 'Nope', role: 'user' }, caller);
      expect(create.statusCode, role).toBe(403);
      expect((await post(`/users/${invited.id}/invitation`, undefined, caller)).statusCode, role).toBe(403);
      expect((await post(`/users/${target.id}/password-reset`, undefined, caller)).statusCode, role).toBe(403);
      expect(smtp.to(email)).toEqual([]);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(target.email)).toEqual([]);
    expect(smtp.to(invited.email)).toHaveLength(1);
  });
});
