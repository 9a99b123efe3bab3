import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { maintenanceTasks } from '../../maintenance.ts';
import { newId } from '../../platform/db/ids.ts';
import { runMaintenance } from '../../platform/maintenance/maintenance.ts';
import { importJobs } from '../imports/imports.schema.ts';
import { attachments } from '../notes/notes.schema.ts';

describe('recycle bin', () => {
  let t: TestApp;
  let userA: Client;
  let userB: Client;
  let userAId: string;
  let now = new Date('2026-11-24T10:00:00Z');

  beforeAll(async () => {
    t = await createTestApp({ deps: { clock: { now: () => now } } });
    const a = await createUser(t.deps, { role: 'user', teamId: (await createTeam(t.deps)).id });
    const b = await createUser(t.deps, { role: 'user', teamId: (await createTeam(t.deps)).id });
    userAId = a.id;
    userA = client(t.app, await sessionHeaders(t.deps, a));
    userB = client(t.app, await sessionHeaders(t.deps, b));
  });
  afterAll(async () => t?.close());

  it('lists what the caller deleted, restores it, and purges it 30 days later', async () => {
    const one = (await createOrganisation(userA, { name: 'Corbeille Une' })).id;
    const two = (await createOrganisation(userA, { name: 'Corbeille Deux' })).id;
    await userA.delete(`/api/v1/organisations/${one}`);
    now = new Date(now.getTime() + 1000);
    await userA.delete(`/api/v1/organisations/${two}`);

    const bin = await userA.get('/api/v1/recycle-bin?limit=1');
    expect(bin.status).toBe(200);
    expect(bin.body.items[0]).toMatchObject({ type: 'organisation', id: two, label: 'Corbeille Deux' });
    expect(bin.body.items[0].restorePath).toBe(`/api/v1/organisations/${two}/restore`);
    const page2 = await userA.get(`/api/v1/recycle-bin?limit=1&cursor=${bin.body.nextCursor}`);
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([one]);
    expect((await userB.get('/api/v1/recycle-bin')).body.items).toEqual([]);

    expect((await userA.post(bin.body.items[0].restorePath)).status).toBe(200);
    expect((await userA.get('/api/v1/recycle-bin')).body.items.map((i: { id: string }) => i.id)).toEqual([one]);

    now = new Date(now.getTime() + 31 * 86_400_000);
    const results = await runMaintenance(t.deps, maintenanceTasks, { execute: true });
    expect(results.find((r) => r.name === 'recycle-bin:organisations')?.affected).toBe(1);
    userA = client(t.app, await sessionHeaders(t.deps, { id: userAId })); // the old session expired meanwhile
    expect((await userA.get('/api/v1/recycle-bin')).body.items).toEqual([]);
    expect((await userA.get(`/api/v1/organisations/${two}`)).status).toBe(200);
  });

  it('purges binned attachments with their stored files after 30 days, and keeps recent ones', async () => {
    const { storage } = t.deps;
    const store = async (deletedDaysAgo: number) => {
      const key = `attachments/test/${newId()}`;
      await storage.put(key, Buffer.from('hello'));
      // Inserted: the API cannot date a deletion in the past (nor give a test's file key).
      const [row] = await t.deps.database.db
        .insert(attachments)
        .values({
          entityType: 'organisation',
          entityId: newId(),
          fileName: 'a.txt',
          mimeType: 'text/plain',
          sizeBytes: 5,
          sha256: 'x',
          storageKey: key,
          deletedAt: new Date(now.getTime() - deletedDaysAgo * 86_400_000),
        })
        .returning();
      return { id: row!.id, key };
    };
    const old = await store(31);
    const recent = await store(2);
    const dry = await runMaintenance(t.deps, maintenanceTasks, { execute: false });
    expect(dry.find((r) => r.name === 'recycle-bin:attachments')?.affected).toBe(1);
    expect(await storage.exists(old.key)).toBe(true);
    await runMaintenance(t.deps, maintenanceTasks, { execute: true });
    expect(await storage.exists(old.key)).toBe(false);
    expect(await storage.exists(recent.key)).toBe(true);
    const left = await t.deps.database.db.select().from(attachments).where(eq(attachments.id, recent.id));
    expect(left).toHaveLength(1);
  });

  it('deletes uploaded import files 30 days after the import, keeping the import row', async () => {
    const { storage } = t.deps;
    const make = async (daysAgo: number) => {
      const id = newId();
      const key = `imports/${id}.csv`;
      await storage.put(key, Buffer.from('a,b\n'));
      const at = new Date(now.getTime() - daysAgo * 86_400_000);
      // Inserted: an import finished `daysAgo` days ago is not something the API can make.
      await t.deps.database.db.insert(importJobs).values({
        id,
        entity: 'people',
        status: 'done',
        fileName: 'x.csv',
        storageKey: key,
        format: 'csv',
        headers: [],
        createdBy: newId(),
        finishedAt: at,
        updatedAt: at,
      });
      return key;
    };
    const old = await make(40);
    const recent = await make(3);
    const results = await runMaintenance(t.deps, maintenanceTasks, { execute: true });
    expect(results.find((r) => r.name === 'import-files')?.affected).toBe(1);
    expect(await storage.exists(old)).toBe(false);
    expect(await storage.exists(recent)).toBe(true);
  });
});
