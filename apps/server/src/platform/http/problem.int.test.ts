import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { registerProblemHandlers } from './problem.ts';

/** Every client mistake is a 4xx problem+json with a stable code: never a 500, never a stack trace. */
function expectProblem(
  r: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code: string,
) {
  expect(r.statusCode).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(r.body);
  expect(body).toMatchObject({ status, code, type: expect.stringContaining(code), title: expect.any(String) });
  expect(typeof body.detail).toBe('string');
  expect(r.body).not.toMatch(/"stack"|\.ts:\d+|node_modules/);
  return body;
}

describe('problem+json for bad input (real app)', () => {
  let t: TestApp;
  let n = 0;
  // The login route is in the auth rate-limit group; give each request its own address.
  const ip = () => `10.50.0.${++n}`;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_AUTH_PER_MIN: '100' } });
  });
  afterAll(async () => t?.close());

  it('answers 400 request.malformed for malformed JSON', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", ',
      remoteAddress: ip(),
    });
    expectProblem(r, 400, 'request.malformed');
  });

  it('answers 415 for an unsupported content type', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/xml' },
      payload: '<login/>',
      remoteAddress: ip(),
    });
    expectProblem(r, 415, 'request.unsupported_media_type');
  });

  it('answers 413 for a body over the limit', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024 + 10) }),
      remoteAddress: ip(),
    });
    expectProblem(r, 413, 'request.body_too_large');
  });

  it('answers 400 request.validation with the failing fields for a bad body', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 42 },
      remoteAddress: ip(),
    });
    const body = expectProblem(r, 400, 'request.validation');
    expect(body.errors.length).toBeGreaterThan(0);
  });

  it('answers 400 request.invalid_characters naming the field for a NUL or a lone surrogate, signed in or not', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"a\\u0000b@x.io","password":"x"}',
      remoteAddress: ip(),
    });
    expect(expectProblem(login, 400, 'request.invalid_characters').errors).toEqual([
      expect.objectContaining({ path: 'body.email', code: 'invalid_characters' }),
    ]);
    const surrogate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"a@x.io","password":"x\\ud800"}',
      remoteAddress: ip(),
    });
    expect(expectProblem(surrogate, 400, 'request.invalid_characters').errors[0].path).toBe('body.password');
    const query = await t.app.inject({ method: 'GET', url: '/api/v1/organisations?q=%00', remoteAddress: ip() });
    expect(expectProblem(query, 400, 'request.invalid_characters').errors[0].path).toBe('querystring.q');
  });

  it('answers 404 route.not_found for an unknown route', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing?x=1' });
    const body = expectProblem(r, 404, 'route.not_found');
    expect(body.requestId).toBe(r.headers['x-request-id']);
  });
});

describe('problem+json for query validation (problem handlers on a small app)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const f = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
    f.setValidatorCompiler(validatorCompiler);
    f.setSerializerCompiler(serializerCompiler);
    registerProblemHandlers(f);
    f.get(
      '/items',
      { schema: { querystring: z.object({ limit: z.coerce.number().int().min(1).max(100) }) } },
      async (req) => ({ limit: req.query.limit }),
    );
    f.get('/boom', async () => {
      throw new Error('secret internal detail');
    });
    await f.ready();
    app = f;
  });
  afterAll(async () => app?.close());

  it('answers 400 request.validation naming the query field', async () => {
    const r = await app.inject({ method: 'GET', url: '/items?limit=abc' });
    const body = expectProblem(r, 400, 'request.validation');
    expect(body.errors[0].path).toMatch(/^querystring\.limit/);
    expect((await app.inject({ method: 'GET', url: '/items?limit=5' })).json()).toEqual({ limit: 5 });
  });

  it('answers an unexpected error as a generic 500 without its message or stack', async () => {
    const r = await app.inject({ method: 'GET', url: '/boom' });
    expectProblem(r, 500, 'server.error');
    expect(r.body).not.toMatch(/secret internal detail/);
  });
});
