import { eq, like, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_ROWS, runImport, runImportJob } from '../../src/features/imports/imports.job.ts';
import { importJobs } from '../../src/features/imports/imports.schema.ts';
import { CHECK_EVERY_MS, STALE_AFTER_MS } from '../../src/features/imports/imports.watchdog.ts';
import { validateImport } from '../../src/features/imports/validate-import.job.ts';
import { people } from '../../src/features/people/people.schema.ts';
import { createTeam, createUser, sessionHeaders } from '../factories.ts';
import { type Client, client } from '../http.ts';
import { contactsCsv, uploadCsv } from '../imports.ts';
import { createTestApp, type TestApp, waitFor } from '../test-app.ts';

interface Manager {
  headers: Record<string, string>;
  c: Client;
}

async function managerOf(t: TestApp): Promise<Manager> {
  const team = await createTeam(t.deps, { name: 'Attaque' });
  const u = await createUser(t.deps, { role: 'manager', teamId: team.id });
  const headers = await sessionHeaders(t.deps, u);
  return { headers, c: client(t.app, headers) };
}

// Findings 1 (second half) and 6 of the security evaluation: an import whose worker died stayed `running` for 4 h;
// a 100,000-row dry run ran inside its HTTP request and stalled every other request.
describe('import pipeline', () => {
  describe('an import whose worker died', () => {
    let t: TestApp;
    let m: Manager;
    beforeAll(async () => {
      t = await createTestApp();
      m = await managerOf(t);
    }, 60_000);
    afterAll(async () => t?.close());

    it('is resumed from its last saved batch when a worker starts, and imports every row exactly once', async () => {
      // Minutes, not hours: silence that marks a dead run, the watchdog's period, an attempt's expiry.
      expect(STALE_AFTER_MS + CHECK_EVERY_MS).toBeLessThanOrEqual(5 * 60_000);
      expect(runImportJob.expireInSeconds).toBeLessThanOrEqual(15 * 60);

      const rows = BATCH_ROWS[t.deps.database.kind === 'pglite' ? 'pglite' : 'postgres'] + 60;
      const up = await uploadCsv(t.app, m.headers, 'people', contactsCsv(rows, 'mort'));
      expect(up.status).toBe(201);
      const dry = await m.c.post(`/api/v1/imports/${up.body.id}/dry-run`, {
        mapping: up.body.suggestedMapping,
        duplicates: 'skip',
      });
      expect(dry.status).toBe(202);
      // The first worker checks the file, starts the import, saves one batch, then its process dies: its pg-boss job
      // stays `active`, the import `running`, the heartbeat goes silent.
      await validateImport(t.deps, pino({ level: 'silent' }), up.body.id, 0);
      expect((await m.c.post(`/api/v1/imports/${up.body.id}/run`)).status).toBe(202);
      const first = await runImport(t.deps, pino({ level: 'silent' }), up.body.id, {
        attempt: 0,
        lastAttempt: false,
        sliceMs: 0,
      });
      expect(first).toHaveProperty('continued');
      await t.deps.database.raw.query(
        `update pgboss.job set state = 'active', started_on = now() where data->>'importId' = $1 and state = 'created'`,
        [up.body.id],
      );
      await t.deps.database.db
        .update(importJobs)
        .set({ heartbeatAt: new Date(Date.now() - STALE_AFTER_MS - 1000) })
        .where(eq(importJobs.id, up.body.id));
      const stalled = await m.c.get(`/api/v1/imports/${up.body.id}`);
      expect(stalled.body.status).toBe('running');
      expect(stalled.body.processedRows).toBeLessThan(rows);

      // A worker starts (the restarted process): its watchdog resumes the import at once.
      await t.deps.queue.work(t.deps);
      const done = await waitFor(async () => {
        const r = await m.c.get(`/api/v1/imports/${up.body.id}`);
        return r.body.status === 'running' ? null : r.body;
      }, 30_000);
      expect(done).toMatchObject({ status: 'done', processedRows: rows, report: { created: rows, failed: 0 } });
      const counts = await t.deps.database.db
        .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct ${people.email})::int` })
        .from(people)
        .where(like(people.email, 'mort-%'));
      expect(counts[0]).toEqual({ n: rows, distinct: rows });
    });
  });

  describe('a large dry run', () => {
    let t: TestApp;
    let m: Manager;
    beforeAll(async () => {
      t = await createTestApp({ worker: true });
      m = await managerOf(t);
    }, 60_000);
    afterAll(async () => t?.close());

    it('answers 202 at once and runs as a job while other requests are served', async () => {
      const rows = 20_000;
      const up = await uploadCsv(t.app, m.headers, 'people', contactsCsv(rows, 'sec'));
      expect(up.status).toBe(201);
      const dry = await m.c.post(`/api/v1/imports/${up.body.id}/dry-run`, {
        mapping: up.body.suggestedMapping,
        duplicates: 'skip',
      });
      expect(dry.status).toBe(202);
      expect(dry.body).toMatchObject({ status: 'validating', processedRows: 0, dryRun: null });

      // While the job runs, the API answers: health checks are served between its batches.
      let servedWhileValidating = 0;
      const report = await waitFor(async () => {
        const health = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
        expect(health.statusCode).toBe(200);
        const r = await m.c.get(`/api/v1/imports/${up.body.id}`);
        if (r.body.status === 'validating') {
          servedWhileValidating++;
          return null;
        }
        return r.body;
      }, 120_000);
      expect(servedWhileValidating).toBeGreaterThan(0);
      expect(report).toMatchObject({
        status: 'validated',
        processedRows: rows,
        dryRun: { total: rows, valid: rows, invalid: 0, duplicates: 0 },
      });
    });
  });
});
