import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV } from '../../../test/auth-helpers.ts';
import { createUser } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: AUTH_TEST_ENV });
});
afterAll(() => t?.close());

const login = (email: string, password: string, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });

describe('login lockout (5 failures in 15 minutes)', () => {
  it('locks an account after 5 failures from any IPs, even with the right password, with Retry-After', async () => {
    const u = await createUser(t.deps);
    for (let i = 0; i < 5; i++) {
      const r = await login(u.email, 'wrong-password-xyz', `10.3.0.${i + 1}`);
      expect(r.statusCode).toBe(401);
    }
    const locked = await login(u.email, u.password, '10.3.1.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('auth.too_many_attempts');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('locks an IP after 5 failures on any accounts; other IPs and the window passing are unaffected', async () => {
    const victim = await createUser(t.deps);
    const ip = '10.4.0.1';
    for (let i = 0; i < 5; i++) {
      const r = await login(`ghost${i}@example.test`, 'wrong-password-xyz', ip);
      expect(r.statusCode).toBe(401);
    }
    const locked = await login(victim.email, victim.password, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    const elsewhere = await login(victim.email, victim.password, '10.4.0.2');
    expect(elsewhere.statusCode).toBe(200);

    // 16 minutes later the window has passed.
    const realClock = t.deps.clock;
    t.deps.clock = { now: () => new Date(Date.now() + 16 * 60_000) };
    try {
      const later = await login(victim.email, victim.password, ip);
      expect(later.statusCode).toBe(200);
    } finally {
      t.deps.clock = realClock;
    }
  });
});
