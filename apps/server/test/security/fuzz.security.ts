/**
 * Property-based fuzz of every operation of the OpenAPI document: requests generated from the declared schemas
 * (mostly valid, often hostile: NUL bytes, lone surrogates, huge strings and numbers, wrong types, crafted cursors,
 * broken multipart). The properties: no answer is a 5xx, and every 4xx is problem+json with a stable `code`.
 *
 * SECURITY_FUZZ_RUNS sets the number of generated requests in all (default 10,000, spread over the operations);
 * SECURITY_FUZZ_SEED replays a run (the seed is printed).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiKeyFor } from '../auth-helpers.ts';
import { createTeam, createUser, sessionHeaders } from '../factories.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import {
  ArbitraryFactory,
  encode,
  multipartVariants,
  type OpenApiDoc,
  type Operation,
  operationsOf,
  queryString,
} from './openapi-arbitraries.ts';

const RUNS = Number(process.env.SECURITY_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.SECURITY_FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Left out: they end the caller's own session or credentials, which the rest of the run needs. */
const SKIPPED = new Set(['POST /api/v1/auth/logout']);

let t: TestApp;
let doc: OpenApiDoc;
let factory: ArbitraryFactory;
const keys: Record<'admin' | 'manager' | 'user', string> = { admin: '', manager: '', user: '' };
const statuses = new Map<number, number>();
let sent = 0;

/** Creates a record through the API as the admin and returns its id (undefined when refused). */
async function seed(url: string, payload: unknown): Promise<string | undefined> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${keys.admin}` },
    payload: payload as Record<string, unknown>,
  });
  return res.statusCode < 300 ? (res.json() as { id?: string }).id : undefined;
}

// Built at collection time: the operations to test are read from the running app's OpenAPI document.
{
  t = await createTestApp({
    env: {
      RATE_LIMIT_API_PER_MIN: '100000000',
      RATE_LIMIT_SEARCH_PER_MIN: '100000000',
      RATE_LIMIT_EXPENSIVE_PER_MIN: '100000000',
      RATE_LIMIT_AUTH_PER_MIN: '100000000',
      // The signed inbound webhook of bounces is live (404 without its secret): the fuzz meets its checks.
      EMAIL_INBOUND_SECRET: 'fuzz-inbound-secret-0123456789-0123456789',
    },
  });
  const team = await createTeam(t.deps);
  const admin = await createUser(t.deps, { role: 'admin' });
  const manager = await createUser(t.deps, { role: 'manager', teamId: team.id });
  const user = await createUser(t.deps, { role: 'user', teamId: team.id });
  keys.admin = await createApiKeyFor(t.app, await sessionHeaders(t.deps, admin), ['read', 'write', 'admin']);
  keys.manager = await createApiKeyFor(t.app, await sessionHeaders(t.deps, manager), ['read', 'write']);
  keys.user = await createApiKeyFor(t.app, await sessionHeaders(t.deps, user), ['read', 'write']);

  const organisationId = await seed('/organisations', { name: 'Fuzz Gestion', force: true });
  const personId = await seed('/people', { firstName: 'Ana', lastName: 'Fuzz', email: 'ana@fuzz.test', force: true });
  const mandatId = await seed('/mandats', { title: 'Mandat fuzz', organisationId, kind: 'distribution' });
  const produitId = await seed('/produits', { name: 'Fonds Fuzz', isin: 'FR0000120271' });
  const taskId = await seed('/tasks', { title: 'Relancer', organisationId });
  const interactionId = await seed('/interactions', {
    type: 'appel',
    title: 'Appel',
    occurredAt: '2026-11-02T10:00:00.000Z',
    organisationId,
  });
  const noteId = organisationId
    ? await seed(`/organisations/${organisationId}/notes`, { body: '<p>note</p>' })
    : undefined;
  const segmentId = await seed('/segments', { name: 'Vue fuzz', entity: 'organisations', filters: {} });
  const ids = [
    organisationId,
    personId,
    mandatId,
    produitId,
    taskId,
    interactionId,
    noteId,
    segmentId,
    // Users the fuzz may deactivate or demote: not the ones whose keys it sends.
    (await createUser(t.deps, { role: 'user', teamId: team.id })).id,
    (await createUser(t.deps, { role: 'manager' })).id,
    team.id,
  ].filter((id): id is string => Boolean(id));

  doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  factory = new ArbitraryFactory(doc, ids);
}

afterAll(async () => {
  const tally = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
  console.log(`fuzz: ${sent} requests, seed ${SEED}; statuses ${tally.join(' · ')}`);
  await t?.close();
});

interface Generated {
  who: keyof typeof keys;
  path: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
  multipart: number;
}

function requestArbitrary(op: Operation): fc.Arbitrary<Generated> {
  const path: Record<string, fc.Arbitrary<string>> = {};
  const query: Record<string, fc.Arbitrary<string | string[] | undefined>> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') path[p.name] = factory.pathParam(p);
    if (p.in === 'query') query[p.name] = factory.queryParam(p);
  }
  return fc.record({
    who: fc.constantFrom<keyof typeof keys>('admin', 'admin', 'admin', 'manager', 'user'),
    path: fc.record(path),
    query: fc.record(query),
    body: op.jsonBody ? factory.body(op.jsonBody) : fc.constant(undefined),
    multipart: fc.integer({ min: 0, max: multipartVariants.length - 1 }),
  });
}

function urlOf(op: Operation, g: Generated): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(g.path[name] ?? 'x'));
  return `${path}${queryString(g.query)}`;
}

async function send(op: Operation, g: Generated) {
  const headers: Record<string, string> = { authorization: `Bearer ${keys[g.who]}` };
  let payload: string | undefined;
  if (op.multipart) {
    const variant = multipartVariants[g.multipart] as (typeof multipartVariants)[number];
    headers['content-type'] = variant.contentType;
    payload = variant.body;
  } else if (g.body !== undefined && op.method !== 'GET' && op.method !== 'DELETE') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(g.body);
  }
  const res = await t.app.inject({ method: op.method as 'GET', url: urlOf(op, g), headers, payload });
  sent++;
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  return res;
}

describe('fuzz: every operation of the OpenAPI document', () => {
  it('documents operations to fuzz', () => {
    expect(operationsOf(doc).length).toBeGreaterThan(100);
  });

  // One test an operation, so a failure names its operation and the others still run.
  const ops = operationsOf(doc).filter((op) => !SKIPPED.has(`${op.method} ${op.path}`));
  const numRuns = Math.max(10, Math.ceil(RUNS / ops.length));
  ops.forEach((op, slot) => {
    it(`${op.method} ${op.path}: never 5xx, every 4xx problem+json`, async () => {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(op), async (g) => {
          const res = await send(op, g);
          const body = g.body === undefined ? '' : ` body ${JSON.stringify(g.body).slice(0, 200)}`;
          const where = `${op.method} ${urlOf(op, g).slice(0, 200)}${body} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
          if (res.statusCode >= 500) throw new Error(`server error: ${where}`);
          if (res.statusCode >= 400) {
            if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
              throw new Error(`4xx without problem+json: ${where}`);
            }
            if (typeof res.json().code !== 'string') throw new Error(`problem without a code: ${where}`);
          }
          // Strict input (docs/ARCHITECTURE.md "Errors"): a body with a property no operation names is never taken.
          const smuggled = typeof g.body === 'object' && g.body !== null && 'unknownField' in g.body;
          if (smuggled && res.statusCode < 400) throw new Error(`unknown property taken: ${where}`);
        }),
        { numRuns, seed: SEED + slot, endOnFailure: true },
      );
    });
  });
});
