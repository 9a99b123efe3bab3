import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createLocalStorage } from './local.ts';
import { describeStorageContract } from './storage-contract.ts';

let root = '';
describeStorageContract(
  'local folder',
  async () => {
    root = await mkdtemp(join(tmpdir(), 'crm-storage-'));
    return createLocalStorage(root);
  },
  async () => {
    await rm(root, { recursive: true, force: true });
  },
);

it('writes the object where its key says, readable by the owner only, and no temporary file remains', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crm-storage-'));
  try {
    const storage = createLocalStorage(dir);
    await storage.put('imports/2026/12/abc', Buffer.from('x'));
    expect(await readdir(join(dir, 'imports/2026/12'))).toEqual(['abc']);
    const { statSync } = await import('node:fs');
    expect(statSync(join(dir, 'imports/2026/12/abc')).mode & 0o777).toBe(0o600);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
