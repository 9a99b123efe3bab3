import type { StorageConfig } from '../../config.ts';
import type { Database } from '../db/client.ts';
import { createLocalStorage } from './local.ts';
import { createPostgresStorage } from './postgres.ts';
import { type Storage, StorageNotFound } from './storage.ts';

export { type Storage, StorageNotFound } from './storage.ts';

/** The configured storage (config.storage). The S3 client is loaded only when S3 is configured. */
export async function openStorage(config: StorageConfig, database: Database, dataDir: string): Promise<Storage> {
  if (config.kind === 'local') return createLocalStorage(config.dir);
  const primary =
    config.kind === 'postgres' ? createPostgresStorage(database) : (await import('./s3.ts')).createS3Storage(config.s3);
  return withFolderFallback(primary, createLocalStorage(dataDir));
}

/**
 * Reads what `primary` does not have from the folder files were kept in before (DATA_DIR): a deployment moved to the
 * database or S3 keeps serving its earlier attachments. New objects go to `primary` only; deletes reach both.
 */
export function withFolderFallback(primary: Storage, folder: Storage): Storage {
  const orFolder = async <T>(read: (s: Storage) => Promise<T>): Promise<T> => {
    try {
      return await read(primary);
    } catch (err) {
      if (!(err instanceof StorageNotFound)) throw err;
      return read(folder);
    }
  };
  return {
    kind: primary.kind,
    put: (key, body) => primary.put(key, body),
    get: (key) => orFolder((s) => s.get(key)),
    read: (key) => orFolder((s) => s.read(key)),
    exists: async (key) => (await primary.exists(key)) || folder.exists(key),
    delete: async (key) => {
      await primary.delete(key);
      await folder.delete(key);
    },
    close: () => primary.close(),
  };
}
