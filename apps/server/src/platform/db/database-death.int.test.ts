import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { type Database, openConfiguredDatabase, openDatabase } from './client.ts';
import { isDatabaseDown } from './unavailable.ts';

/**
 * Kills PGlite's WASM backend the way it dies in production ("null function or function signature mismatch" thrown
 * from inside its protocol loop, after which that instance answers nothing: docs/adr/0012-embedded-postgres-default.md)
 * and checks the containment: 503 `database.unavailable` with Retry-After, never a 500; then the database is reopened
 * on its folder and every write acknowledged before the death is there. Runs on a PGlite of its own on disk,
 * whatever DATABASE_URL says (the embedded engine is what it tests).
 */
describe('a PGlite backend that dies under the server', () => {
  let dir: string;
  let database: Database;
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-death-'));
    database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    t = await createTestApp({ deps: { database } });
    const admin = await createUser(t.deps, { role: 'admin' });
    headers = await sessionHeaders(t.deps, admin);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Makes the current WASM instance throw in its protocol loop from now on (a backend that aborted stays dead). */
  function killBackend() {
    const mod = (database.pglite as unknown as { mod: Record<string, unknown> }).mod;
    mod._PostgresMainLoopOnce = () => {
      const err = new Error('null function or function signature mismatch');
      err.name = 'RuntimeError';
      throw err;
    };
  }

  it('answers 503 database.unavailable with Retry-After, then reopens with every committed row', async () => {
    const names = ['Alpha Gestion', 'Beta Capital', 'Gamma Patrimoine'];
    const ids: string[] = [];
    for (const name of names) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers, payload: { name } });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json().id);
    }

    killBackend();
    const dying = await t.app.inject({ method: 'GET', url: '/api/v1/organisations?q=alpha', headers });
    expect(dying.statusCode, dying.body).toBe(503);
    expect(dying.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(dying.json().code).toBe('database.unavailable');
    expect(Number(dying.headers['retry-after'])).toBeGreaterThan(0);
    expect(database.health?.deaths).toBe(1);

    // Whatever answers before the reopen completes is a 503 too, never a 500; then the reads succeed again.
    const back = await waitFor(async () => {
      const r = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${ids[0]}`, headers });
      expect([200, 503]).toContain(r.statusCode);
      return r.statusCode === 200 ? r : null;
    }, 60_000);
    expect(back.json().name).toBe('Alpha Gestion');
    expect(database.health?.state).toBe('up');

    for (const [i, id] of ids.entries()) {
      const r = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${id}`, headers });
      expect(r.statusCode).toBe(200);
      expect(r.json().name).toBe(names[i]);
    }
    // The reopened database takes writes (pg_trgm's duplicate check included).
    const after = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers,
      payload: { name: 'Delta Finance' },
    });
    expect(after.statusCode, after.body).toBe(201);
    const health = await t.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    expect(health.json().checks.database).toBe('ok');
  }, 120_000);
});

describe('an embedded PostgreSQL that dies under the server', () => {
  it('is started again on its cluster with every committed row; meanwhile errors read as "database down"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-death-pg-'));
    const db = await openConfiguredDatabase({ kind: 'embedded-postgres', dataDir: join(dir, 'postgres') }, 2);
    try {
      await db.raw.exec('create table t (id int primary key)');
      await db.raw.exec('insert into t values (1), (2), (3)');
      const pid = db.embedded?.pid();
      expect(pid).toBeGreaterThan(0);
      process.kill(pid as number, 'SIGKILL');
      // A backend of the dead postmaster may still answer a moment: wait for the new postmaster first.
      await waitFor(async () => {
        const now = db.embedded?.pid();
        return now !== undefined && now !== pid;
      }, 90_000);
      const back = await waitFor(async () => {
        try {
          return (await db.raw.query('select count(*)::int as n from t')).rows[0];
        } catch (err) {
          expect(isDatabaseDown(err), String(err)).toBe(true);
          return null;
        }
      }, 90_000);
      expect(back.n).toBe(3);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('isDatabaseDown', () => {
  it('tells a database that is gone from a query that is wrong', () => {
    const wasm = new Error('null function or function signature mismatch');
    wasm.name = 'RuntimeError';
    expect(isDatabaseDown(new Error('Failed query: select 1', { cause: wasm }))).toBe(true);
    expect(
      isDatabaseDown(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isDatabaseDown(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseDown(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseDown(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseDown(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isDatabaseDown(new Error('something else'))).toBe(false);
  });
});
