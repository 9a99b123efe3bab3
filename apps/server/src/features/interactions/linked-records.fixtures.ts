/**
 * Test helpers for the interactions, tasks and notes tests: signed-in callers of two teams and the records
 * they hang on. People and mandates are written directly (their APIs are other features'); organisations go
 * through the API.
 */
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import type { TestApp } from '../../../test/test-app.ts';
import type { Role } from '../../platform/context.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { people } from '../people/people.schema.ts';

export interface Caller {
  id: string;
  teamId: string | null;
  c: Client;
  headers: Record<string, string>;
}

export async function twoTeams(t: TestApp) {
  const teamA = await createTeam(t.deps, { name: 'Distribution France' });
  const teamB = await createTeam(t.deps, { name: 'Luxembourg' });
  const mk = async (role: Role, teamId: string | null): Promise<Caller> => {
    const u = await createUser(t.deps, { role, teamId });
    const headers = await sessionHeaders(t.deps, u);
    return { id: u.id, teamId, c: client(t.app, headers), headers };
  };
  return {
    teamA,
    teamB,
    admin: await mk('admin', null),
    managerA: await mk('manager', teamA.id),
    userA: await mk('user', teamA.id),
    userA2: await mk('user', teamA.id),
    viewerA: await mk('viewer', teamA.id),
    userB: await mk('user', teamB.id),
  };
}

let n = 0;

export async function createOrganisationVia(owner: Caller, name = `Org ${++n} ${Date.now()}`): Promise<string> {
  const res = await owner.c.post('/api/v1/organisations', { name, force: true });
  if (res.status !== 201) throw new Error(`organisation: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function insertPerson(t: TestApp, owner: Caller, firstName = 'Jean', lastName = `Dupont${++n}`) {
  const [row] = await t.deps.database.db
    .insert(people)
    .values({ firstName, lastName, ownerId: owner.id, teamId: owner.teamId })
    .returning();
  return row as typeof people.$inferSelect;
}

export async function insertMandat(t: TestApp, owner: Caller, organisationId: string) {
  const [row] = await t.deps.database.db
    .insert(mandats)
    .values({ kind: 'distribution', title: `Mandat ${++n}`, organisationId, ownerId: owner.id, teamId: owner.teamId })
    .returning();
  return row as typeof mandats.$inferSelect;
}
