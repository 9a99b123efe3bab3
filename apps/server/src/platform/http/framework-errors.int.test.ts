import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

describe('router errors (before any route runs)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('answers a path holding a lone surrogate with 400 request.bad_url as problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/organisations/%ED%A0%80' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'request.bad_url', status: 400 });
  });

  it('answers an over-long path parameter with 414 request.param_too_long as problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${'%C3%A9'.repeat(600)}` });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'request.param_too_long', status: 414 });
  });
});
