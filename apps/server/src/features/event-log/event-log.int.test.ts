import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

describe('GET /api/v1/events', () => {
  let t: TestApp;
  let admin: Client;
  let user: Client;
  beforeAll(async () => {
    t = await createTestApp();
    admin = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'admin' })));
    user = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'user' })));
    const { id } = await createOrganisation(admin, { name: 'Événements SA' });
    await admin.patch(`/api/v1/organisations/${id}`, { city: 'Lille' });
  });
  afterAll(async () => t?.close());

  it('lists events newest first, filtered by type, paged', async () => {
    const all = await admin.get('/api/v1/events?limit=1');
    expect(all.status).toBe(200);
    expect(all.body.items[0].type).toBe('organisation.updated');
    const next = await admin.get(`/api/v1/events?limit=1&cursor=${all.body.nextCursor}`);
    expect(next.body.items[0].type).toBe('organisation.created');
    const created = await admin.get('/api/v1/events?type=organisation.created');
    expect(created.body.items.map((e: { type: string }) => e.type)).toEqual(['organisation.created']);
  });

  it('is for admins only', async () => {
    expect((await user.get('/api/v1/events')).status).toBe(403);
  });
});
