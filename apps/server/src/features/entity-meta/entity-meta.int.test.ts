import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyFor } from '../../../test/auth-helpers.ts';
import { twoTeams } from '../../../test/factories.ts';
import { client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

describe('GET /meta/entities/{entity}/fields', () => {
  let t: TestApp;
  let callers: Awaited<ReturnType<typeof twoTeams>>;

  beforeAll(async () => {
    t = await createTestApp();
    callers = await twoTeams(t);
  });
  afterAll(async () => t?.close());

  const field = (body: { fields: { name: string; values?: string[] }[] }, name: string) =>
    body.fields.find((f) => f.name === name);

  it('describes the writable fields of an entity: type, enum values, nullability, who may write them', async () => {
    const r = await callers.userA.c.get('/api/v1/meta/entities/organisations/fields');
    expect(r.status).toBe(200);
    expect(r.body.entity).toBe('organisations');
    expect(field(r.body, 'category')).toMatchObject({ type: 'enum', nullable: false, writable: true });
    expect(field(r.body, 'category')?.values).toContain('CGPI');
    expect(field(r.body, 'tier')).toMatchObject({ type: 'integer', nullable: true });
    expect(field(r.body, 'tags')).toMatchObject({ type: 'list' });
    expect(field(r.body, 'isActive')).toMatchObject({ type: 'boolean' });
    // Only managers and admins hand a record to someone else.
    expect(field(r.body, 'ownerId')).toMatchObject({ type: 'id', writableBy: ['admin', 'manager'], writable: false });
    const m = await callers.managerA.c.get('/api/v1/meta/entities/organisations/fields');
    expect(field(m.body, 'ownerId')).toMatchObject({ writable: true });
    const tasks = await callers.userA.c.get('/api/v1/meta/entities/tasks/fields');
    expect(field(tasks.body, 'dueAt')).toMatchObject({ type: 'datetime', nullable: true, writable: true });
  });

  it('says which fields the caller may write: nothing for a viewer or a read-only key, the catalogue for editors', async () => {
    const viewer = await callers.viewerA.c.get('/api/v1/meta/entities/people/fields');
    expect(viewer.status).toBe(200);
    expect(viewer.body.fields.length).toBeGreaterThan(0);
    expect(viewer.body.fields.some((f: { writable: boolean }) => f.writable)).toBe(false);
    const funds = await callers.userA.c.get('/api/v1/meta/entities/produits/fields');
    expect(funds.body.fields.some((f: { writable: boolean }) => f.writable)).toBe(false);
    const fundsManager = await callers.managerA.c.get('/api/v1/meta/entities/produits/fields');
    expect(field(fundsManager.body, 'status')).toMatchObject({ writable: true });
    const key = await createApiKeyFor(t.app, callers.managerA.headers, ['read'], 'read only');
    const byKey = await client(t.app, { authorization: `Bearer ${key}` }).get('/api/v1/meta/entities/tasks/fields');
    expect(byKey.status).toBe(200);
    expect(byKey.body.fields.some((f: { writable: boolean }) => f.writable)).toBe(false);
  });

  it('answers 404 meta.entity_not_found for an unknown entity or one without fields, 400 for a malformed name, 401 signed out', async () => {
    const unknown = await callers.userA.c.get('/api/v1/meta/entities/dragons/fields');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('meta.entity_not_found');
    expect((await callers.userA.c.get('/api/v1/meta/entities/segments/fields')).body.code).toBe(
      'meta.entity_not_found',
    );
    const bad = await callers.userA.c.get('/api/v1/meta/entities/Org%20s/fields');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('request.validation');
    expect((await client(t.app).get('/api/v1/meta/entities/tasks/fields')).status).toBe(401);
  });
});
