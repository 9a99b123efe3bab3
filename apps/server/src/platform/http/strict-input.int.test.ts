import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

type Operation = { requestBody?: { content: Record<string, { schema: JsonSchema }> } };
type JsonSchema = { $ref?: string; required?: string[]; anyOf?: unknown[]; oneOf?: unknown[] };
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
};

/** A concrete URL of an OpenAPI path: every `{param}` a fresh UUID (the ISIN route gets a well-formed ISIN). */
const concrete = (path: string) => path.replace(/\{isin\}/, 'FR0000120271').replace(/\{[^}]+\}/g, () => randomUUID());

describe('strict input (docs/ARCHITECTURE.md "Errors")', () => {
  let t: TestApp;
  let admin: Client;
  let headers: Record<string, string>;
  let doc: OpenApi;
  beforeAll(async () => {
    // The webhook endpoint below points at the loopback (nothing is sent to it).
    t = await createTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' } });
    const user = await createUser(t.deps, { role: 'admin' });
    headers = await sessionHeaders(t.deps, user);
    admin = client(t.app, headers);
    doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  });
  afterAll(async () => t?.close());

  describe('unknown query parameters', () => {
    it('refuses a parameter a list does not take, naming it, instead of answering the unfiltered list', async () => {
      await admin.post('/api/v1/organisations', { name: 'Cabinet Strict', force: true });
      const res = await admin.get('/api/v1/organisations?language=en');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        code: 'request.unknown_parameter',
        errors: [{ path: 'querystring.language', code: 'unknown_parameter', message: 'unknown parameter' }],
      });
      expect(res.body.detail).toContain('language');
    });

    it('refuses a typo of a filter and names every unknown one; the right spelling still filters', async () => {
      const res = await admin.get(`/api/v1/organisations?ownr=${randomUUID()}&tpye=client`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'querystring.ownr',
        'querystring.tpye',
      ]);
      const filtered = await admin.get(`/api/v1/organisations?ownerId=${randomUUID()}`);
      expect(filtered.status).toBe(200);
      expect(filtered.body.total).toBe(0);
    });

    it('lists unknown parameters beside the other invalid ones', async () => {
      const res = await admin.get('/api/v1/organisations?limit=0&ownr=x');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.validation');
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['querystring.limit', 'querystring.ownr']));
    });

    it('refuses an unknown parameter on every GET and DELETE route of the API (with or without a query schema)', async () => {
      const refused: string[] = [];
      const accepted: string[] = [];
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const method of Object.keys(ops).filter((m) => m === 'get' || m === 'delete')) {
          const url = `${concrete(path)}${path.includes('?') ? '&' : '?'}zzUnknown=1`;
          const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url, headers });
          // A route whose query has a required parameter (`q`, `name`) lists the unknown one beside it.
          const named = (res.json().errors ?? []).some(
            (e: { path: string; code: string }) => e.path === 'querystring.zzUnknown' && e.code === 'unknown_parameter',
          );
          const ok = res.statusCode === 400 && named;
          (ok ? refused : accepted).push(
            `${method.toUpperCase()} ${path} -> ${res.statusCode} ${res.body.slice(0, 80)}`,
          );
        }
      }
      expect(accepted).toEqual([]);
      expect(refused.length).toBeGreaterThan(60);
    });

    it('keeps the list filters of exports working, and the OpenAPI document open to any parameter', async () => {
      const exported = await admin.get('/api/v1/organisations/export?format=csv&q=strict&sort=-name');
      expect(exported.status).toBe(200);
      expect((await admin.get('/api/v1/organisations/export?format=csv&colour=red')).status).toBe(400);
      expect((await admin.get('/api/v1/openapi.json?v=2')).status).toBe(200);
      expect((await admin.get('/api/v1/search?q=strict&types=organisation')).status).toBe(200);
    });
  });

  describe('unknown body properties', () => {
    it('refuses an unknown property of a POST with 400 naming it, and creates nothing', async () => {
      const res = await admin.post('/api/v1/organisations', { name: 'Cabinet Couleur', force: true, colour: 'red' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'request.unknown_property',
        errors: [{ path: 'body.colour', code: 'unknown_property', message: 'unknown property' }],
      });
      expect((await admin.get('/api/v1/organisations?q=Couleur')).body.total).toBe(0);
    });

    it('refuses unknown properties however deep: in a nested object and in the items of an array', async () => {
      const task = await createTask(admin);
      const bulk = await admin.post('/api/v1/tasks/bulk-update', {
        ids: [task.id],
        patch: { priority: 'haute', urgent: true },
      });
      expect(bulk.status).toBe(400);
      expect(bulk.body).toMatchObject({ code: 'request.unknown_property', errors: [{ path: 'body.patch.urgent' }] });

      const org = (await admin.post('/api/v1/organisations', { name: 'Cabinet Appel', force: true })).body;
      const person = (await admin.post('/api/v1/people', { firstName: 'Ana', lastName: 'Strict', force: true })).body;
      const call = await admin.post('/api/v1/interactions', {
        type: 'appel',
        title: 'Appel',
        occurredAt: new Date().toISOString(),
        organisationId: org.id,
        participants: [{ personId: person.id, present: true, attended: true }],
      });
      expect(call.status).toBe(400);
      expect(call.body).toMatchObject({
        code: 'request.unknown_property',
        errors: [{ path: 'body.participants.0.attended' }],
      });
    });

    it('reports unknown properties beside the missing fields of an invalid body', async () => {
      const res = await admin.post('/api/v1/organisations', { nmae: 'Cabinet Faute' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.validation');
      const fields = res.body.errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`);
      expect(fields).toEqual(expect.arrayContaining(['body.name:invalid_type', 'body.nmae:unknown_property']));
    });

    it('keeps open maps open: the headers of a webhook endpoint take any name', async () => {
      const res = await admin.post('/api/v1/webhooks', {
        url: 'http://127.0.0.1:4999/crm',
        eventTypes: ['contact.created'],
        headers: { 'X-Tenant': 'acme', 'X-Anything-Else': '1' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const refused = await admin.post('/api/v1/webhooks', {
        url: 'http://127.0.0.1:4999/crm2',
        eventTypes: ['contact.created'],
        secret: 'mine',
      });
      expect(refused.body).toMatchObject({ code: 'request.unknown_property', errors: [{ path: 'body.secret' }] });
    });

    it('refuses properties sent to an action route that takes no body, and takes `{}`', async () => {
      const res = await admin.post('/api/v1/notifications/read-all', { all: true });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'request.unknown_property', errors: [{ path: 'body.all' }] });
      expect((await admin.post('/api/v1/notifications/read-all', {})).status).toBe(200);
    });
  });

  describe('empty bodies of action routes', () => {
    /** POST operations without a request body, or whose body has no required property. */
    const actionRoutes = () =>
      Object.entries(doc.paths).flatMap(([path, ops]) => {
        const op = ops.post;
        if (!op) return [];
        const schema = op.requestBody?.content['application/json']?.schema;
        const resolved = schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop() as string] : schema;
        const allOptional = resolved && !resolved.required?.length && !resolved.anyOf && !resolved.oneOf;
        return !op.requestBody || allOptional ? [path] : [];
      });

    it('finds the action routes in the OpenAPI document', () => {
      const routes = actionRoutes();
      for (const expected of [
        '/api/v1/tasks/{id}/complete',
        '/api/v1/tasks/{id}/reopen',
        '/api/v1/tasks/{id}/restore',
        '/api/v1/notifications/read-all',
        '/api/v1/notifications/{id}/read',
        '/api/v1/webhooks/{id}/rotate-secret',
        '/api/v1/webhooks/{id}/test',
      ]) {
        expect(routes).toContain(expected);
      }
    });

    // Uploads are multipart (no JSON body to leave out); the auth routes would end or change the session under test.
    const NOT_ACTIONS = /\/(attachments|imports)$|^\/api\/v1\/auth\//;

    it('takes every action route with no body and with an empty application/json body', async () => {
      const refused: string[] = [];
      for (const path of actionRoutes().filter((p) => !NOT_ACTIONS.test(p))) {
        for (const contentType of [undefined, 'application/json', 'application/json; charset=utf-8']) {
          const res = await t.app.inject({
            method: 'POST',
            url: concrete(path),
            headers: { ...headers, ...(contentType ? { 'content-type': contentType } : {}) },
            payload: contentType ? '' : undefined,
          });
          const code = String(res.json().code ?? '');
          if (res.statusCode === 415 || res.statusCode >= 500 || code.startsWith('request.')) {
            refused.push(`${path} (${contentType ?? 'no content type'}) -> ${res.statusCode} ${code}`);
          }
        }
      }
      expect(refused).toEqual([]);
    });

    it('completes and reopens a task, and marks notifications read, with a zero-byte JSON body', async () => {
      const task = await createTask(admin);
      const post = (url: string) =>
        t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: '' });
      const done = await post(`/api/v1/tasks/${task.id}/complete`);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().status).toBe('done');
      const reopened = await post(`/api/v1/tasks/${task.id}/reopen`);
      expect(reopened.statusCode, reopened.body).toBe(200);
      expect(reopened.json().status).not.toBe('done');
      const read = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers });
      expect(read.statusCode, read.body).toBe(200);
    });

    it('still answers which fields a required body lacks when it is empty', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'request.validation', errors: [{ path: 'body.name' }] });
    });
  });
});
