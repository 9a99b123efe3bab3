import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV, loginViaApi } from '../../../test/auth-helpers.ts';
import { createUser, type TestUser } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { totpCodeAt } from '../../platform/auth/totp.ts';

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await createTestApp({ env: AUTH_TEST_ENV });
  user = await createUser(t.deps);
});
afterAll(() => t?.close());

/** A valid code for a step other than the current one (±1 window), so each use below is a fresh step. */
const codeAtStep = (secret: string, offsetSteps: number) =>
  totpCodeAt(secret, new Date(Date.now() + offsetSteps * 30_000));

const login = (payload: Record<string, string>, ip = '10.2.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, remoteAddress: ip });

describe('TOTP two-factor authentication', () => {
  let secret: string;
  let backupCodes: string[];

  it('sets up with an otpauth URI and a QR code, then enables with a first code and returns ten backup codes', async () => {
    const h = await loginViaApi(t.app, user.email, user.password);
    const setup = await t.app.inject({ method: 'POST', url: '/api/v1/auth/2fa/setup', headers: h });
    expect(setup.statusCode).toBe(200);
    const s = setup.json();
    expect(s.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(s.otpauthUri).toContain(`secret=${s.secret}`);
    expect(s.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    secret = s.secret;

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/2fa/enable',
      headers: h,
      payload: { code: '000000' === codeAtStep(secret, 0) ? '111111' : '000000' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('auth.totp_invalid');

    const enable = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/2fa/enable',
      headers: h,
      payload: { code: codeAtStep(secret, 0) },
    });
    expect(enable.statusCode).toBe(200);
    backupCodes = enable.json().backupCodes;
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: h });
    expect(me.json().user.totpEnabled).toBe(true);
  });

  it('requires the code at login once enabled (401 auth.totp_required, then auth.totp_invalid)', async () => {
    const none = await login({ email: user.email, password: user.password });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('auth.totp_required');
    const bad = await login({ email: user.email, password: user.password, totp: '12345x' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('auth.totp_invalid');
  });

  it('signs in with a current TOTP code, and refuses the same code a second time', async () => {
    const code = codeAtStep(secret, 1);
    const ok = await login({ email: user.email, password: user.password, totp: code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.totpEnabled).toBe(true);
    const replay = await login({ email: user.email, password: user.password, totp: code });
    expect(replay.json().code).toBe('auth.totp_invalid');
  });

  it('signs in with a backup code exactly once', async () => {
    const code = backupCodes[0] as string;
    const first = await login({ email: user.email, password: user.password, totp: code.toUpperCase() });
    expect(first.statusCode).toBe(200);
    const again = await login({ email: user.email, password: user.password, totp: code });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('auth.totp_invalid');
  });

  it('disables with a backup code; login then needs only the password', async () => {
    const h = await loginViaApi(t.app, user.email, user.password, backupCodes[1], { ip: '10.2.0.2' });
    const used = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/2fa/disable',
      headers: h,
      payload: { code: backupCodes[0] as string },
    });
    expect(used.statusCode).toBe(400);
    const off = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/2fa/disable',
      headers: h,
      payload: { code: backupCodes[2] as string },
    });
    expect(off.statusCode).toBe(204);
    const plain = await login({ email: user.email, password: user.password }, '10.2.0.3');
    expect(plain.statusCode).toBe(200);
    expect(plain.json().user.totpEnabled).toBe(false);
  });

  it('refuses 2FA management through an API key (session only)', async () => {
    const h = await loginViaApi(t.app, user.email, user.password, undefined, { ip: '10.2.0.4' });
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: h,
      payload: { name: 'k', scopes: ['read', 'write'] },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/2fa/setup',
      headers: { authorization: `Bearer ${key.json().key}` },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.session_required');
  });
});
