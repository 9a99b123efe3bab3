import { eq, like, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { contactsCsv, uploadCsv } from '../../../test/imports.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { events } from '../../platform/events/events.schema.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people, personOrganisations } from '../people/people.schema.ts';
import { BATCH_ROWS, runImport } from './imports.job.ts';
import { importJobs } from './imports.schema.ts';
import { MAX_RESUMES, recoverStalledImports, STALE_AFTER_MS } from './imports.watchdog.ts';
import { validateImport } from './validate-import.job.ts';

const silent = pino({ level: 'silent' });

/** The queued jobs of a queue for one import. */
async function queuedJobs(t: TestApp, name: string, importId: string) {
  const r = await t.deps.database.raw.query(
    `select data from pgboss.job where name = $1 and data->>'importId' = $2 and state = 'created'`,
    [name, importId],
  );
  return r.rows.map((row) => (row as { data: { attempt: number } }).data);
}

// No worker: the test plays the worker, runs the jobs by hand and "kills" it between two batches.
describe('import recovery', () => {
  let t: TestApp;
  let manager: { id: string; headers: Record<string, string>; c: Client };

  const staleHeartbeat = (id: string) =>
    t.deps.database.db
      .update(importJobs)
      .set({ heartbeatAt: new Date(Date.now() - STALE_AFTER_MS - 60_000) })
      .where(eq(importJobs.id, id));

  /** Upload, dry run (the job run by hand), run queued: what the API does before the worker takes the import. */
  const validatedAndQueued = async (csv: string) => {
    const up = await uploadCsv(t.app, manager.headers, 'people', csv);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const dry = await manager.c.post(`/api/v1/imports/${up.body.id}/dry-run`, {
      mapping: up.body.suggestedMapping,
      duplicates: 'skip',
    });
    expect(dry.status).toBe(202);
    await validateImport(t.deps, silent, up.body.id, 0);
    expect((await manager.c.post(`/api/v1/imports/${up.body.id}/run`)).status).toBe(202);
    return up.body.id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const team = await createTeam(t.deps, { name: 'Reprise' });
    const u = await createUser(t.deps, { role: 'manager', teamId: team.id });
    const headers = await sessionHeaders(t.deps, u);
    manager = { id: u.id, headers, c: client(t.app, headers) };
  }, 60_000);
  afterAll(async () => t?.close());

  it('resumes an import whose worker died mid-way from its last saved batch: every row imported exactly once', async () => {
    const batch = BATCH_ROWS[t.deps.database.kind === 'pglite' ? 'pglite' : 'postgres'];
    const rows = batch * 2 + 37;
    const id = await validatedAndQueued(contactsCsv(rows, 'rep'));
    // The worker saves one batch, then its process dies (the continuation it queued never runs).
    expect(await runImport(t.deps, silent, id, { attempt: 0, lastAttempt: false, sliceMs: 0 })).toEqual({
      continued: batch,
    });
    const [mid] = await t.deps.database.db.select().from(importJobs).where(eq(importJobs.id, id));
    expect(mid).toMatchObject({ status: 'running', processedRows: batch, attempt: 0 });

    // A fresh heartbeat is left alone; a stale one is taken over by a new run (attempt 1).
    expect(await recoverStalledImports(t.deps, silent)).toEqual({ resumed: [], failed: [] });
    await staleHeartbeat(id);
    expect(await recoverStalledImports(t.deps, silent)).toEqual({ resumed: [id], failed: [] });
    // Queued: the first run's job and its continuation (attempt 0, never run: the worker is "dead"), the new run's.
    expect((await queuedJobs(t, 'run-import', id)).map((d) => d.attempt).sort()).toEqual([0, 0, 1]);

    // The dead run's continuation (attempt 0) no longer owns the import: it writes nothing.
    expect(await runImport(t.deps, silent, id, { attempt: 0, lastAttempt: false })).toEqual({ skipped: 'superseded' });
    const result = await runImport(t.deps, silent, id, { attempt: 1, lastAttempt: false });
    expect(result).toEqual({ created: rows, updated: 0, skipped: 0, failed: 0 });

    const done = await manager.c.get(`/api/v1/imports/${id}`);
    expect(done.body).toMatchObject({ status: 'done', processedRows: rows, progress: 100 });
    const db = t.deps.database.db;
    const imported = await db
      .select({ email: people.email, n: sql<number>`count(*)::int` })
      .from(people)
      .where(like(people.email, 'rep-%'))
      .groupBy(people.email);
    expect(imported).toHaveLength(rows);
    expect(imported.every((r) => r.n === 1)).toBe(true);
    // One organisation per company name, one link per contact, one audit row and one event per record.
    const orgs = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(like(organisations.name, 'rep Société %'));
    expect(orgs).toHaveLength(7);
    const links = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(personOrganisations)
      .innerJoin(people, eq(people.id, personOrganisations.personId))
      .where(like(people.email, 'rep-%'));
    expect(links[0]?.n).toBe(rows);
    const created = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .innerJoin(people, sql`${people.id}::text = ${auditLog.entityId}`)
      .where(sql`${auditLog.action} = 'create' and ${people.email} like 'rep-%'`);
    expect(created[0]?.n).toBe(rows);
    const contactEvents = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(sql`${events.type} = 'contact.created' and ${events.payload}->'person'->>'email' like 'rep-%'`);
    expect(contactEvents[0]?.n).toBe(rows);
  });

  it('fails an import with import.worker_lost once it has been resumed MAX_RESUMES times', async () => {
    const id = await validatedAndQueued(contactsCsv(5, 'lost'));
    await t.deps.database.db
      .update(importJobs)
      .set({ status: 'running', attempt: MAX_RESUMES, processedRows: 0 })
      .where(eq(importJobs.id, id));
    await staleHeartbeat(id);
    expect(await recoverStalledImports(t.deps, silent)).toEqual({ resumed: [], failed: [id] });
    const res = await manager.c.get(`/api/v1/imports/${id}`);
    expect(res.body.status).toBe('failed');
    expect(res.body.report.errors).toEqual([expect.objectContaining({ row: 0, code: 'import.worker_lost' })]);
    expect(await runImport(t.deps, silent, id, { attempt: MAX_RESUMES + 1, lastAttempt: true })).toEqual({
      skipped: true,
    });
  });

  it('resumes a dry run whose worker died, and the new run finishes it', async () => {
    const up = await uploadCsv(t.app, manager.headers, 'people', contactsCsv(30, 'dry'));
    const dry = await manager.c.post(`/api/v1/imports/${up.body.id}/dry-run`, {
      mapping: up.body.suggestedMapping,
      duplicates: 'merge',
    });
    expect(dry.status).toBe(202);
    expect(dry.body).toMatchObject({ status: 'validating', processedRows: 0, dryRun: null });
    await staleHeartbeat(up.body.id);
    expect(await recoverStalledImports(t.deps, silent)).toEqual({ resumed: [up.body.id], failed: [] });
    expect((await queuedJobs(t, 'validate-import', up.body.id)).map((d) => d.attempt).sort()).toEqual([0, 1]);
    expect(await validateImport(t.deps, silent, up.body.id, 0)).toEqual({ skipped: true });
    expect(await validateImport(t.deps, silent, up.body.id, 1)).toEqual({ valid: 30, invalid: 0 });
    const res = await manager.c.get(`/api/v1/imports/${up.body.id}`);
    expect(res.body).toMatchObject({
      status: 'validated',
      processedRows: 30,
      totalRows: 30,
      dryRun: { total: 30, valid: 30, invalid: 0, duplicates: 0, errors: [] },
    });
  });
});
