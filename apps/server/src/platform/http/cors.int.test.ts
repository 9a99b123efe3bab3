import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

const ALLOWED = 'https://app.example.com';

describe('CORS', () => {
  describe('off by default', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(async () => t?.close());

    it('sends no CORS header, even to an origin that asks', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/health', headers: { origin: ALLOWED } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/people',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with CORS_ORIGINS', () => {
    let t: TestApp;
    let headers: Record<string, string>;
    beforeAll(async () => {
      t = await createTestApp({ env: { CORS_ORIGINS: `${ALLOWED},http://localhost:5173` } });
      headers = await sessionHeaders(t.deps, await createUser(t.deps, { role: 'manager' }));
    });
    afterAll(async () => t?.close());

    it('answers a preflight of a listed origin with its methods and headers, credentials allowed', async () => {
      const res = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/people',
        headers: {
          origin: ALLOWED,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'content-type, x-csrf-token, idempotency-key, if-match',
        },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(res.headers['access-control-allow-methods']).toMatch(/PATCH/);
      expect(String(res.headers['access-control-allow-headers'])).toMatch(/idempotency-key/);
      expect(res.headers.vary).toMatch(/Origin/i);
    });

    it('lets a listed origin read an answer and its ETag', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/people',
        headers: { ...headers, origin: ALLOWED },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(String(res.headers['access-control-expose-headers'])).toMatch(/etag/);
    });

    it('gives an origin not listed no CORS header (preflight and request)', async () => {
      for (const origin of ['https://evil.example.com', 'https://app.example.com.evil.test', 'null']) {
        const preflight = await t.app.inject({
          method: 'OPTIONS',
          url: '/api/v1/people',
          headers: { origin, 'access-control-request-method': 'POST' },
        });
        expect(preflight.headers['access-control-allow-origin'], origin).toBeUndefined();
        expect(preflight.headers['access-control-allow-credentials'], origin).toBeUndefined();
        const res = await t.app.inject({ method: 'GET', url: '/api/v1/people', headers: { ...headers, origin } });
        expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
      }
    });
  });
});
