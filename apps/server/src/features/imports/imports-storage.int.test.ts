import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { contactsCsv, uploadCsv } from '../../../test/imports.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';

/**
 * Scaled mode: an import uploaded through one API process is run by a worker process with a data folder of its own.
 * The file travels through the shared storage (here the database: the default when DATABASE_URL is set), never
 * through a folder (docs/ARCHITECTURE.md, "Storage").
 */
describe('an import across processes', () => {
  let api: TestApp;
  let worker: TestApp;
  let folders: string[];
  let manager: { headers: Record<string, string>; c: Client };

  beforeAll(async () => {
    folders = [await mkdtemp(join(tmpdir(), 'crm-api-')), await mkdtemp(join(tmpdir(), 'crm-worker-'))];
    api = await createTestApp({ env: { STORAGE: 'postgres', DATA_DIR: folders[0] as string } });
    worker = await createTestApp({
      env: { STORAGE: 'postgres', DATA_DIR: folders[1] as string },
      worker: true,
      deps: { database: api.deps.database },
    });
    const team = await createTeam(api.deps, { name: 'Échelle' });
    const u = await createUser(api.deps, { role: 'manager', teamId: team.id });
    const headers = await sessionHeaders(api.deps, u);
    manager = { headers, c: client(api.app, headers) };
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    for (const f of folders ?? []) await rm(f, { recursive: true, force: true });
  });

  it('is uploaded through the API, dry-run and run by the worker, with no file in either folder', async () => {
    expect(api.deps.storage.kind).toBe('postgres');
    const up = await uploadCsv(api.app, manager.headers, 'people', contactsCsv(30, 'echelle'));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const dry = await manager.c.post(`/api/v1/imports/${up.body.id}/dry-run`, {
      mapping: up.body.suggestedMapping,
      duplicates: 'skip',
    });
    expect(dry.status).toBe(202);
    const validated = await waitFor(async () => {
      const r = await manager.c.get(`/api/v1/imports/${up.body.id}`);
      return r.body.status === 'validated' ? r.body : null;
    }, 30_000);
    expect(validated.dryRun).toMatchObject({ total: 30, valid: 30 });
    expect((await manager.c.post(`/api/v1/imports/${up.body.id}/run`)).status).toBe(202);
    const done = await waitFor(async () => {
      const r = await manager.c.get(`/api/v1/imports/${up.body.id}`);
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
    }, 30_000);
    expect(done).toMatchObject({ status: 'done', report: { created: 30, failed: 0 } });
    for (const f of folders) expect(await readdir(f).catch(() => [])).not.toContain('imports');
  });
});
