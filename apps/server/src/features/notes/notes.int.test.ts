import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  createMandat,
  createNote,
  createOrganisation,
  createPerson,
  twoTeams,
} from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';

describe('notes API', () => {
  let t: TestApp;
  let who: Awaited<ReturnType<typeof twoTeams>>;
  let userA: Caller;
  let userB: Caller;
  let orgA: string;

  beforeAll(async () => {
    t = await createTestApp();
    who = await twoTeams(t);
    userA = who.userA;
    userB = who.userB;
    orgA = (await createOrganisation(userA.c, { name: 'Acme Gestion' })).id;
  });
  afterAll(async () => t?.close());

  it('adds notes to organisations, people and mandates, lists them newest first, edits and deletes them, audited', async () => {
    const first = await userA.c.post(`/api/v1/organisations/${orgA}/notes`, {
      body: '<p>Premier <strong>contact</strong></p>',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ entityType: 'organisation', entityId: orgA, createdBy: userA.id });
    const second = await userA.c.post(`/api/v1/organisations/${orgA}/notes`, { body: '<p>Deuxième</p>' });
    const list = await who.userA2.c.get(`/api/v1/organisations/${orgA}/notes`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([second.body.id, first.body.id]);

    const person = await createPerson(userA.c);
    expect((await userA.c.post(`/api/v1/people/${person.id}/notes`, { body: 'Sur la personne' })).status).toBe(201);
    const mandat = await createMandat(userA.c, { organisationId: orgA });
    expect((await userA.c.post(`/api/v1/mandats/${mandat.id}/notes`, { body: 'Sur le mandat' })).status).toBe(201);
    expect((await userA.c.get(`/api/v1/mandats/${mandat.id}/notes`)).body.items).toHaveLength(1);

    const id = first.body.id as string;
    const edited = await userA.c.patch(`/api/v1/notes/${id}`, { body: '<p>Premier contact, relu</p>' });
    expect(edited.status).toBe(200);
    expect(edited.body.body).toBe('<p>Premier contact, relu</p>');
    expect((await who.userA2.c.patch(`/api/v1/notes/${id}`, { body: 'pas à moi' })).status).toBe(403);
    expect((await who.managerA.c.patch(`/api/v1/notes/${id}`, { body: 'revu par le manager' })).status).toBe(200);
    expect((await userA.c.delete(`/api/v1/notes/${id}`)).status).toBe(204);
    expect((await userA.c.get(`/api/v1/organisations/${orgA}/notes`)).body.items).toHaveLength(1);
    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.map((r) => r.action)).toEqual(['create', 'update', 'update', 'delete']);
  });

  it('sanitises note bodies (no scripts, styles, event handlers or javascript: links)', async () => {
    const res = await userA.c.post(`/api/v1/organisations/${orgA}/notes`, {
      body:
        '<p onclick="steal()">Bonjour <script>alert(1)</script><style>p{}</style>' +
        '<a href="javascript:alert(1)">x</a> <a href="https://example.test/doc" onmouseover="x()">doc</a>' +
        '<img src=x onerror="alert(1)"><iframe src="https://evil.test"></iframe><em>fin</em></p>',
    });
    expect(res.status).toBe(201);
    const body = res.body.body as string;
    expect(body).not.toMatch(/script|style|onclick|onerror|onmouseover|javascript:|iframe|<img/i);
    expect(body).toContain('<a href="https://example.test/doc" rel="noopener noreferrer" target="_blank">doc</a>');
    expect(body).toContain('<em>fin</em>');
    const empty = await userA.c.post(`/api/v1/organisations/${orgA}/notes`, { body: '<script>alert(1)</script>' });
    expect(empty.status).toBe(400);
  });

  it('never shows team A notes to team B', async () => {
    const note = await createNote(userA.c, { organisationId: orgA, body: 'Confidentiel' });
    expect((await userB.c.get(`/api/v1/organisations/${orgA}/notes`)).status).toBe(404);
    expect((await userB.c.post(`/api/v1/organisations/${orgA}/notes`, { body: 'intrusion' })).status).toBe(404);
    expect((await userB.c.patch(`/api/v1/notes/${note.id}`, { body: 'x' })).status).toBe(404);
    expect((await userB.c.delete(`/api/v1/notes/${note.id}`)).status).toBe(404);
    expect((await who.viewerA.c.get(`/api/v1/organisations/${orgA}/notes`)).status).toBe(200);
    expect((await who.viewerA.c.post(`/api/v1/organisations/${orgA}/notes`, { body: 'x' })).status).toBe(403);
    expect((await who.admin.c.get(`/api/v1/organisations/${orgA}/notes`)).status).toBe(200);
  });
});
