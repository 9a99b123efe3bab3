import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { rowsOf } from '../db/client.ts';
import { CHUNK_BYTES, createPostgresStorage } from './postgres.ts';
import { describeStorageContract } from './storage-contract.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { CACHE_ENABLED: 'false' } });
}, 60_000);
afterAll(async () => t?.close());

describeStorageContract('database', async () => createPostgresStorage(t.deps.database));

it('keeps an object in chunks of a mebibyte, and deleting it removes them all', async () => {
  const storage = createPostgresStorage(t.deps.database);
  const key = 'attachments/2026/12/chunked';
  await storage.put(key, Buffer.alloc(2 * CHUNK_BYTES + 5, 7));
  const count = async () =>
    rowsOf<{ n: number }>(
      await t.deps.database.db.execute(sql`select count(*)::int as n from stored_object_chunks where key = ${key}`),
    )[0]?.n;
  expect(await count()).toBe(3);
  await storage.delete(key);
  expect(await count()).toBe(0);
});
