import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  summary?: string;
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

/** Routes that need no authentication (config.auth 'public'): no 401 or 403 to document. */
const PUBLIC = new Set([
  'GET /api/v1/health',
  'GET /api/v1/health/ready',
  'POST /api/v1/auth/login',
  'GET /api/v1/auth/session',
  'POST /api/v1/auth/password-reset/request',
  'POST /api/v1/auth/password-reset/confirm',
  'POST /api/v1/email/inbound',
]);
/** Routes no rate limit counts (platform/http/rate-limit.ts): no 429. */
const NOT_LIMITED = new Set(['GET /api/v1/health', 'GET /api/v1/health/ready']);

describe('OpenAPI description', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await createTestApp();
    paths = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json().paths;
  });
  afterAll(async () => t?.close());

  it('documents every API route with a summary and a schema for its success response', () => {
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        if (!op.summary) problems.push(`${where}: no summary`);
        const success = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
        if (success.length === 0) problems.push(`${where}: no 2xx response`);
        for (const [code, r] of success) {
          if (code !== '204' && !r.content) problems.push(`${where}: ${code} has no schema`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(Object.keys(paths).length).toBeGreaterThan(20);
  });

  it('gives every operation a unique camelCase operationId and a tag', () => {
    const ids = new Map<string, string>();
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        if (!op.operationId || !/^[a-z][A-Za-z0-9]*$/.test(op.operationId)) problems.push(`${where}: operationId`);
        else if (ids.has(op.operationId)) problems.push(`${where}: ${op.operationId} also ${ids.get(op.operationId)}`);
        else ids.set(op.operationId, where);
        if (!op.tags?.length) problems.push(`${where}: no tag`);
      }
    }
    expect(problems).toEqual([]);
    expect(ids.size).toBeGreaterThanOrEqual(160);
    // Readable names an integrator can guess.
    expect(ids.get('listOrganisations')).toBe('GET /api/v1/organisations');
    expect(ids.get('getOrganisation')).toBe('GET /api/v1/organisations/{id}');
    expect(ids.get('createPerson')).toBe('POST /api/v1/people');
    expect(ids.get('updatePerson')).toBe('PATCH /api/v1/people/{id}');
    expect(ids.get('completeTask')).toBe('POST /api/v1/tasks/{id}/complete');
    expect(ids.get('bulkUpdatePeople')).toBe('POST /api/v1/people/bulk-update');
    expect(ids.get('exportPeople')).toBe('GET /api/v1/people/export');
  });

  it('documents the problem+json errors every operation can give', () => {
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        const expected = ['400', '500', '503'];
        if (!PUBLIC.has(where)) expected.push('401', '403');
        if (!NOT_LIMITED.has(where)) expected.push('429');
        if (path.includes('{')) expected.push('404');
        // The analytics ingestion (`/ingest`, PostHog's protocol) reads raw bodies: no Idempotency-Key there.
        const raw = path.startsWith('/ingest/');
        if (method === 'post' && !PUBLIC.has(where) && !op.requestBody?.content?.['multipart/form-data'] && !raw) {
          expected.push('409', '422'); // Idempotency-Key
          if (!op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key')) {
            problems.push(`${where}: no Idempotency-Key header`);
          }
        }
        for (const code of expected) {
          const r = op.responses?.[code];
          if (!r?.content?.['application/problem+json'])
            problems.push(`${where}: ${code} not documented as problem+json`);
        }
      }
    }
    expect(problems).toEqual([]);
    for (const path of ['organisations', 'people', 'mandats', 'produits', 'interactions', 'tasks']) {
      for (const method of ['patch', 'delete']) {
        const op = paths[`/api/v1/${path}/{id}`]?.[method];
        expect(op?.responses?.['412']?.content?.['application/problem+json'], `${method} ${path}`).toBeTruthy();
        expect(op?.parameters?.some((p) => p.name === 'if-match')).toBe(true);
      }
      expect(paths[`/api/v1/${path}/{id}`]?.get?.responses?.['304']).toBeTruthy();
    }
  });

  it('describes the PostHog ingestion routes beside the API, with their raw body types', () => {
    const op = paths['/ingest/e/']?.post;
    expect(op?.operationId).toBe('ingestEvents');
    expect(Object.keys(op?.requestBody?.content ?? {}).sort()).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
      'text/plain',
    ]);
    expect(op?.responses?.['413']?.content?.['application/problem+json']).toBeTruthy();
    expect(paths['/ingest/s/']?.post?.operationId).toBe('ingestReplay');
  });

  it('describes the multipart body of POST /imports', () => {
    const body = paths['/api/v1/imports']?.post?.requestBody?.content?.['multipart/form-data']?.schema;
    expect(Object.keys(body?.properties ?? {})).toEqual(['file', 'entity']);
  });
});
