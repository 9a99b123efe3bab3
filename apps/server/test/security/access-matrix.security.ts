/**
 * The access matrix of docs/DOMAIN.md, replayed as the attack did: every actor tries every record operation on a
 * record of every owner, for the five business entities, plus list selections (`?ids=`) and CSV exports.
 *
 * Rule: admins see and change everything; the others see their own rows and their team's; managers change their
 * team's rows, users their own, viewers nothing. A refusal is 403, 404 or 400 `*.not_found` (the answer for an id
 * that does not exist), never a 2xx; an allowed operation is a 2xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/context.ts';
import { createApiKeyFor } from '../auth-helpers.ts';
import { createTeam, createUser, sessionHeaders } from '../factories.ts';
import { createTestApp, type TestApp } from '../test-app.ts';

interface Actor {
  name: string;
  id: string;
  role: Role;
  teamId: string | null;
  key: string;
}

type Entity = 'organisations' | 'people' | 'mandats' | 'interactions' | 'tasks';
const ENTITIES: Entity[] = ['organisations', 'people', 'mandats', 'interactions', 'tasks'];

let t: TestApp;
const actors: Actor[] = [];
/** ids[entity][ownerName] */
const ids = Object.fromEntries(ENTITIES.map((e) => [e, {} as Record<string, string>])) as Record<
  Entity,
  Record<string, string>
>;
let admin: Actor;

const canSee = (a: Actor, owner: Actor) =>
  a.role === 'admin' || a.id === owner.id || (a.teamId !== null && a.teamId === owner.teamId);
const canChange = (a: Actor, owner: Actor) =>
  a.role === 'admin' ||
  (a.role !== 'viewer' && a.id === owner.id) ||
  (a.role === 'manager' && a.teamId !== null && a.teamId === owner.teamId);

async function call(a: Actor, method: 'GET' | 'PATCH' | 'DELETE' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${a.key}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

const refused = (status: number, body: string) =>
  status === 403 || status === 404 || (status === 400 && /\.not_found"/.test(body));

async function createAs(owner: Actor, entity: Entity, orgId?: string): Promise<string> {
  const n = `${owner.name}-${entity}`;
  const bodies: Record<Entity, unknown> = {
    organisations: { name: `Org ${n}`, force: true },
    people: { firstName: 'P', lastName: n, force: true },
    mandats: { title: `M ${n}`, kind: 'distribution', organisationId: orgId },
    interactions: { type: 'appel', title: `I ${n}`, occurredAt: '2026-11-02T10:00:00.000Z', organisationId: orgId },
    tasks: { title: `T ${n}` },
  };
  const res = await call(owner, 'POST', `/${entity}`, bodies[entity]);
  if (res.statusCode !== 201)
    throw new Error(`${owner.name} could not create ${entity}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

const patchOf: Record<Entity, unknown> = {
  organisations: { city: 'Lyon' },
  people: { jobTitle: 'Gérant' },
  mandats: { probability: 30 },
  interactions: { outcome: 'Rappeler' },
  tasks: { description: 'Revoir' },
};

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_API_PER_MIN: '1000000', RATE_LIMIT_EXPENSIVE_PER_MIN: '1000000' } });
  const teamA = await createTeam(t.deps);
  const teamB = await createTeam(t.deps);
  const spec: [string, Role, string | null][] = [
    ['admin', 'admin', null],
    ['mgrA', 'manager', teamA.id],
    ['userA', 'user', teamA.id],
    ['userA2', 'user', teamA.id],
    ['viewerA', 'viewer', teamA.id],
    ['mgrB', 'manager', teamB.id],
    ['userB', 'user', teamB.id],
    ['userN', 'user', null],
  ];
  for (const [name, role, teamId] of spec) {
    const u = await createUser(t.deps, { role, teamId });
    const scopes =
      role === 'viewer'
        ? (['read'] as const)
        : role === 'admin'
          ? (['read', 'write', 'admin'] as const)
          : (['read', 'write'] as const);
    const key = await createApiKeyFor(t.app, await sessionHeaders(t.deps, u), [...scopes]);
    actors.push({ name, id: u.id, role, teamId, key });
  }
  admin = actors[0] as Actor;
  for (const owner of actors.filter((a) => a.role !== 'viewer')) {
    for (const entity of ENTITIES) {
      ids[entity][owner.name] = await createAs(owner, entity, ids.organisations[owner.name]);
    }
  }
}, 180_000);

afterAll(async () => t?.close());

const owners = () => actors.filter((a) => a.role !== 'viewer');

describe('access matrix: read, update, delete and restore of every owner’s record', () => {
  for (const entity of ENTITIES) {
    it(`${entity}: each actor reads and changes exactly what the rule allows`, async () => {
      const wrong: string[] = [];
      for (const a of actors) {
        for (const owner of owners()) {
          const id = ids[entity][owner.name] as string;
          const where = `${a.name} on ${owner.name}'s ${entity}`;
          const read = await call(a, 'GET', `/${entity}/${id}`);
          if (canSee(a, owner) ? read.statusCode !== 200 : !refused(read.statusCode, read.body)) {
            wrong.push(`${where}: GET ${read.statusCode}`);
          }
          const patch = await call(a, 'PATCH', `/${entity}/${id}`, patchOf[entity]);
          if (canChange(a, owner) ? patch.statusCode !== 200 : !refused(patch.statusCode, patch.body)) {
            wrong.push(`${where}: PATCH ${patch.statusCode} ${patch.body.slice(0, 120)}`);
          }
          const del = await call(a, 'DELETE', `/${entity}/${id}`);
          if (canChange(a, owner) ? del.statusCode !== 204 : !refused(del.statusCode, del.body)) {
            wrong.push(`${where}: DELETE ${del.statusCode}`);
          }
          if (del.statusCode !== 204) await call(admin, 'DELETE', `/${entity}/${id}`);
          const restore = await call(a, 'POST', `/${entity}/${id}/restore`);
          if (canChange(a, owner) ? restore.statusCode !== 200 : !refused(restore.statusCode, restore.body)) {
            wrong.push(`${where}: restore ${restore.statusCode} ${restore.body.slice(0, 120)}`);
          }
          if (restore.statusCode !== 200) await call(admin, 'POST', `/${entity}/${id}/restore`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe('access matrix: selections and exports list only what the caller may see', () => {
  for (const entity of ENTITIES) {
    it(`${entity}: ?ids= of every owner's record returns the visible ones only, and so does the CSV export`, async () => {
      const all = owners().map((o) => ids[entity][o.name] as string);
      const wrong: string[] = [];
      for (const a of actors) {
        const expected = owners()
          .filter((o) => canSee(a, o))
          .map((o) => ids[entity][o.name] as string)
          .sort();
        const list = await call(a, 'GET', `/${entity}?ids=${all.join(',')}&limit=100`);
        const got = (list.json().items as { id: string }[]).map((r) => r.id).sort();
        if (JSON.stringify(got) !== JSON.stringify(expected))
          wrong.push(`${a.name} list: ${got.length} of ${expected.length}`);
        const csv = await call(a, 'GET', `/${entity}/export?format=csv&ids=${all.join(',')}`);
        const leaked = all.filter((id) => !expected.includes(id) && csv.body.includes(id));
        const missing = expected.filter((id) => !csv.body.includes(id));
        if (csv.statusCode !== 200 || leaked.length || missing.length) {
          wrong.push(`${a.name} export: ${csv.statusCode}, ${leaked.length} leaked, ${missing.length} missing`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
