import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  summary?: string;
}

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
});
