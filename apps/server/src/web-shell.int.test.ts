import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { buildApp } from './app.ts';

const INDEX_HTML =
  '<!doctype html><html lang="fr"><head><title>CRM</title></head><body><div id="root"></div></body></html>';
const ASSET_JS = 'console.log("crm");\n';

describe('web shell served by the API process', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'crm-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX_HTML);
    writeFileSync(join(dist, 'assets', 'x.js'), ASSET_JS);
    t = await createTestApp();
    app = await buildApp(t.deps, { webDist: dist });
  });

  afterAll(async () => {
    await app?.close();
    await t?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it.each(['/', '/some/deep/link', '/organisations/123?tab=people'])(
    'answers %s with the SPA index.html',
    async (url) => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toBe(INDEX_HTML);
    },
  );

  it('serves built assets as files', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/x.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body).toBe(ASSET_JS);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers a missing asset with a 404 problem, not the HTML shell', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers an unknown API route with a problem+json 404, not the HTML shell', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/unknown' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'route.not_found' });
    expect(res.body).not.toContain('<html');
  });

  it('still answers the API next to the shell', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('sends security headers and a request id with the shell', async () => {
    const res = await app.inject({ method: 'GET', url: '/some/deep/link' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    // Framed by the app itself only (the analytics heatmap), by no other site.
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('serves the API docs UI and the OpenAPI description, without forcing https in development', async () => {
    const docs = await app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    const spec = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const paths = Object.keys(spec.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/health/ready', '/api/v1/auth/login', '/api/v1/users']));
  });

  it('echoes a well-formed incoming x-request-id', async () => {
    const res = await app.inject({ method: 'GET', url: '/', headers: { 'x-request-id': 'trace-abc.123' } });
    expect(res.headers['x-request-id']).toBe('trace-abc.123');
  });
});
