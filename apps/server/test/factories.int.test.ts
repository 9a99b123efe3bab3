import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInteraction,
  createMandat,
  createNote,
  createOrganisation,
  createPerson,
  createProduit,
  createTask,
  createTeam,
  createUser,
  sessionHeaders,
} from './factories.ts';
import { type Client, client } from './http.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/** The record factories' defaults are valid on their own, and each record is the caller's. */
describe('record factories', () => {
  let t: TestApp;
  let manager: Client;
  let managerId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const u = await createUser(t.deps, { role: 'manager', teamId: (await createTeam(t.deps)).id });
    managerId = u.id;
    manager = client(t.app, await sessionHeaders(t.deps, u));
  });
  afterAll(async () => t?.close());

  it('create every kind of record with no overrides, owned by the caller, twice without a clash', async () => {
    for (let i = 0; i < 2; i++) {
      const org = await createOrganisation(manager);
      const person = await createPerson(manager);
      const mandat = await createMandat(manager);
      const interaction = await createInteraction(manager);
      const task = await createTask(manager);
      for (const r of [org, person, mandat, interaction, task]) expect(r.ownerId).toBe(managerId);
      expect(task.assigneeId).toBe(managerId);
      expect(interaction.organisationId).not.toBeNull();
      await createProduit(manager);
      expect((await createNote(manager)).entityType).toBe('organisation');
      expect((await createNote(manager, { personId: person.id })).entityId).toBe(person.id);
      expect((await createNote(manager, { mandatId: mandat.id, body: '<p>Suivi</p>' })).body).toBe('<p>Suivi</p>');
    }
  });

  it('send the overrides as they are', async () => {
    const org = await createOrganisation(manager, { name: 'Acme Gestion', category: 'SDG' });
    expect(org).toMatchObject({ name: 'Acme Gestion', category: 'SDG' });
    const mandat = await createMandat(manager, { organisationId: org.id, kind: 'placement' });
    expect(mandat).toMatchObject({ organisationId: org.id, kind: 'placement' });
    const call = await createInteraction(manager, { personId: (await createPerson(manager)).id });
    expect(call.organisationId).toBeNull();
  });
});
