import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Created,
  createInteraction,
  createMandat,
  createOrganisation,
  createPerson,
  createProduit,
  createTask,
  createUser,
  sessionHeaders,
} from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

type Kind = { path: string; make: (c: Client) => Promise<Created>; patch: (n: number) => Record<string, unknown> };
const kinds: Kind[] = [
  { path: 'organisations', make: (c) => createOrganisation(c), patch: (n) => ({ name: `Cabinet Version ${n}` }) },
  { path: 'people', make: (c) => createPerson(c), patch: (n) => ({ jobTitle: `Gérant ${n}` }) },
  { path: 'mandats', make: (c) => createMandat(c), patch: (n) => ({ title: `Mandat version ${n}` }) },
  { path: 'produits', make: (c) => createProduit(c), patch: (n) => ({ name: `Fonds version ${n}` }) },
  { path: 'interactions', make: (c) => createInteraction(c), patch: (n) => ({ title: `Appel version ${n}` }) },
  { path: 'tasks', make: (c) => createTask(c), patch: (n) => ({ title: `Tâche version ${n}` }) },
];

describe('ETag, If-None-Match and If-Match on records', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let c: Client;
  let other: Record<string, string>;
  const call = (method: 'GET' | 'PATCH' | 'DELETE', url: string, extra: Record<string, string> = {}, body?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...headers, ...extra },
      ...(body ? { payload: body } : {}),
    });

  beforeAll(async () => {
    t = await createTestApp();
    const manager = await createUser(t.deps, { role: 'manager' });
    headers = await sessionHeaders(t.deps, manager);
    c = client(t.app, headers);
    other = await sessionHeaders(t.deps, await createUser(t.deps, { role: 'user' }));
  });
  afterAll(async () => t?.close());

  for (const kind of kinds) {
    describe(kind.path, () => {
      it('GET answers an ETag; If-None-Match with it answers 304 without a body (read cache hit or not)', async () => {
        const rec = await kind.make(c);
        const first = await call('GET', `/${kind.path}/${rec.id}`);
        expect(first.statusCode).toBe(200);
        const etag = first.headers.etag as string;
        expect(etag).toMatch(/^"v[0-9a-z]+\.[A-Za-z0-9_-]+"$/);
        const again = await call('GET', `/${kind.path}/${rec.id}`);
        expect(again.headers.etag).toBe(etag);
        const notModified = await call('GET', `/${kind.path}/${rec.id}`, { 'if-none-match': `"other", ${etag}` });
        expect(notModified.statusCode).toBe(304);
        expect(notModified.body).toBe('');
        expect(notModified.headers.etag).toBe(etag);
        const stale = await call('GET', `/${kind.path}/${rec.id}`, { 'if-none-match': '"v1.stale"' });
        expect(stale.statusCode).toBe(200);
      });

      it('PATCH with a stale If-Match answers 412 and changes nothing; with the current one it applies', async () => {
        const rec = await kind.make(c);
        const v1 = (await call('GET', `/${kind.path}/${rec.id}`)).headers.etag as string;
        await new Promise((r) => setTimeout(r, 5)); // two versions in one millisecond would share a tag
        const plain = await call('PATCH', `/${kind.path}/${rec.id}`, {}, kind.patch(1));
        expect(plain.statusCode, plain.body).toBe(200);
        const v2 = plain.headers.etag as string;
        expect(v2).toBeTruthy();
        expect(v2).not.toBe(v1);

        const stale = await call('PATCH', `/${kind.path}/${rec.id}`, { 'if-match': v1 }, kind.patch(2));
        expect(stale.statusCode).toBe(412);
        expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(stale.json().code).toBe('request.precondition_failed');
        const unchanged = await call('GET', `/${kind.path}/${rec.id}`);
        expect(unchanged.headers.etag).toBe(v2);
        expect(unchanged.json()).toMatchObject(kind.patch(1));

        await new Promise((r) => setTimeout(r, 5));
        const fresh = await call('PATCH', `/${kind.path}/${rec.id}`, { 'if-match': v2 }, kind.patch(3));
        expect(fresh.statusCode).toBe(200);
        expect(fresh.json()).toMatchObject(kind.patch(3));
      });

      it('DELETE with a stale If-Match answers 412 and keeps the record; with the current one it deletes', async () => {
        const rec = await kind.make(c);
        const v1 = (await call('GET', `/${kind.path}/${rec.id}`)).headers.etag as string;
        await new Promise((r) => setTimeout(r, 5));
        const v2 = (await call('PATCH', `/${kind.path}/${rec.id}`, {}, kind.patch(4))).headers.etag as string;
        const stale = await call('DELETE', `/${kind.path}/${rec.id}`, { 'if-match': v1 });
        expect(stale.statusCode).toBe(412);
        expect((await call('GET', `/${kind.path}/${rec.id}`)).statusCode).toBe(200);
        const weak = await call('DELETE', `/${kind.path}/${rec.id}`, { 'if-match': `W/${v2}` });
        expect(weak.statusCode).toBe(412); // If-Match compares strongly: a weak tag never matches
        const current = await call('DELETE', `/${kind.path}/${rec.id}`, { 'if-match': `"v0.x", ${v2}` });
        expect(current.statusCode).toBe(204);
        expect((await call('GET', `/${kind.path}/${rec.id}`)).statusCode).toBe(404);
      });
    });
  }

  it('answers 404, not 412, for a record unknown or out of the caller’s scope', async () => {
    const org = await createOrganisation(c);
    const unknown = await call(
      'PATCH',
      '/organisations/0190a0a0-0000-7000-8000-000000000000',
      { 'if-match': '"v1.x"' },
      {
        name: 'X',
      },
    );
    expect(unknown.statusCode).toBe(404);
    const outOfScope = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/organisations/${org.id}`,
      headers: { ...other, 'if-match': '"v1.x"' },
    });
    expect(outOfScope.statusCode).toBe(404);
  });

  it('If-Match: * only asks that the record exists', async () => {
    const org = await createOrganisation(c);
    const res = await call('PATCH', `/organisations/${org.id}`, { 'if-match': '*' }, { name: 'Cabinet Étoile' });
    expect(res.statusCode).toBe(200);
  });
});
