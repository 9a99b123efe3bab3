import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { withIsinCheckDigit } from '../src/features/produits/isin.ts';
import { teams, users } from '../src/platform/auth/auth.schema.ts';
import { hashPassword } from '../src/platform/auth/password.ts';
import { SESSION_COOKIE } from '../src/platform/auth/resolve-actor.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import type { Deps, Role } from '../src/platform/context.ts';
import { type Client, client } from './http.ts';

export type TestUser = typeof users.$inferSelect & { password: string };

const hashes = new Map<string, string>();
/** argon2 is slow by design: hash each test password once per process. */
async function cachedHash(password: string) {
  let h = hashes.get(password);
  if (!h) {
    h = await hashPassword(password);
    hashes.set(password, h);
  }
  return h;
}

export async function createTeam(deps: Deps, overrides: Partial<typeof teams.$inferInsert> = {}) {
  const [t] = await deps.database.db
    .insert(teams)
    .values({ name: `Team ${randomBytes(4).toString('hex')}`, ...overrides })
    .returning();
  return t as typeof teams.$inferSelect;
}

/** Writes a real user row. Default password is random per call unless given. */
export async function createUser(
  deps: Deps,
  overrides: Partial<typeof users.$inferInsert> & { role?: Role; password?: string } = {},
): Promise<TestUser> {
  const password = overrides.password ?? 'Correct-Horse-Battery-42';
  const { password: _p, ...rest } = overrides;
  const [u] = await deps.database.db
    .insert(users)
    .values({
      email: `user-${randomBytes(5).toString('hex')}@example.test`,
      name: 'Test User',
      passwordHash: await cachedHash(password),
      role: 'user',
      ...rest,
    })
    .returning();
  return { ...(u as typeof users.$inferSelect), password };
}

/** Headers of a signed-in browser session for `user` (cookie + CSRF token), without going through login. */
export async function sessionHeaders(deps: Deps, user: { id: string }): Promise<Record<string, string>> {
  const s = await createSession(deps.database.db, deps.config, { userId: user.id, now: deps.clock.now() });
  return { cookie: `${SESSION_COOKIE}=${s.token}`, 'x-csrf-token': s.csrfToken };
}

/** A signed-in caller: its user id and team, a client sending its session, and those headers. */
export interface Caller {
  id: string;
  teamId: string | null;
  c: Client;
  headers: Record<string, string>;
}

/** Two teams and callers of each role on them (an admin without a team), for the scope and role tests. */
export async function twoTeams(t: { app: FastifyInstance; deps: Deps }) {
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

// --- Records, created through the API ----------------------------------------------------------------------------
// Each factory POSTs as the given caller, so the record gets its owner, team, audit row and events as in real use, and
// fails the test at once (with the problem body) unless the answer is 201. The overrides are sent as they are: a test
// names only what it is about. A test of the create endpoint itself (its validation, its answer) posts explicitly.

/** A created record as the API answered it (loosely typed, as the bodies of `client`). */
// biome-ignore lint/suspicious/noExplicitAny: test convenience, bodies are checked by assertions
export type Created = { id: string } & Record<string, any>;
type Overrides = Record<string, unknown>;

let seq = 0;
/** A number unique in this test file (each file runs in its own module context). */
const next = () => ++seq;

async function created(res: Awaited<ReturnType<Client['post']>>, what: string): Promise<Created> {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body as Created;
}

/**
 * An organisation ("Cabinet Test 1"…) owned by the caller. `force` is set by default: numbered names are close enough
 * for the duplicate check, which the tests of that check exercise with their own POSTs.
 */
export async function createOrganisation(c: Client, overrides: Overrides = {}): Promise<Created> {
  const body = { name: `Cabinet Test ${next()}`, force: true, ...overrides };
  return created(await c.post('/api/v1/organisations', body), 'createOrganisation');
}

/**
 * A contact ("Camille Martin-1"…) owned by the caller; `organisationId` links it at once. `force` is set by default
 * (a same-name contact the caller may see would answer 409); it does not waive the e-mail uniqueness in a team.
 */
export async function createPerson(c: Client, overrides: Overrides = {}): Promise<Created> {
  const body = { firstName: 'Camille', lastName: `Martin-${next()}`, force: true, ...overrides };
  return created(await c.post('/api/v1/people', body), 'createPerson');
}

/** A distribution mandate ("Mandat 1"…), on `organisationId` or on a new organisation of the caller's. */
export async function createMandat(c: Client, overrides: Overrides = {}): Promise<Created> {
  const organisationId = overrides.organisationId ?? (await createOrganisation(c)).id;
  const body = { kind: 'distribution', title: `Mandat ${next()}`, ...overrides, organisationId };
  return created(await c.post('/api/v1/mandats', body), 'createMandat');
}

/** A fund ("Fonds 1"…) with a fresh valid ISIN (FR9…, a range no real test ISIN uses); the caller must be a manager. */
export async function createProduit(c: Client, overrides: Overrides = {}): Promise<Created> {
  const n = next();
  const body = { name: `Fonds ${n}`, isin: withIsinCheckDigit(`FR9${String(n).padStart(8, '0')}`), ...overrides };
  return created(await c.post('/api/v1/produits', body), 'createProduit');
}

/**
 * A call ("Appel 1"…) that took place now, with an organisation or a person (the API requires one): on a new
 * organisation of the caller's when the overrides name neither.
 */
export async function createInteraction(c: Client, overrides: Overrides = {}): Promise<Created> {
  const target =
    overrides.organisationId || overrides.personId ? {} : { organisationId: (await createOrganisation(c)).id };
  const body = {
    type: 'appel',
    title: `Appel ${next()}`,
    occurredAt: new Date().toISOString(),
    ...target,
    ...overrides,
  };
  return created(await c.post('/api/v1/interactions', body), 'createInteraction');
}

/** A task ("Tâche 1"…) with the API's defaults for the rest (to do, no due date, assigned to the caller). */
export async function createTask(c: Client, overrides: Overrides = {}): Promise<Created> {
  const body = { title: `Tâche ${next()}`, ...overrides };
  return created(await c.post('/api/v1/tasks', body), 'createTask');
}

/**
 * A note on the record named by `organisationId`, `personId` or `mandatId` (on a new organisation of the caller's when
 * none is given), with `body` as its HTML.
 */
export async function createNote(
  c: Client,
  on: { organisationId?: string; personId?: string; mandatId?: string; body?: string } = {},
): Promise<Created> {
  const { body = `<p>Note ${next()}</p>`, organisationId, personId, mandatId } = on;
  const parent = personId
    ? `people/${personId}`
    : mandatId
      ? `mandats/${mandatId}`
      : `organisations/${organisationId ?? (await createOrganisation(c)).id}`;
  return created(await c.post(`/api/v1/${parent}/notes`, { body }), 'createNote');
}
