import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '../db/ids.ts';
import { assertKey, type Storage, StorageNotFound } from './storage.ts';

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Files in a folder (`DATA_DIR` by default): an object is the file `<root>/<key>`, written to a temporary file beside
 * it and renamed into place, so a reader never sees half a file and a failed write leaves nothing.
 */
export function createLocalStorage(root: string): Storage {
  const pathOf = (key: string) => join(root, assertKey(key));
  return {
    kind: 'local',
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${newId()}.part`;
      try {
        const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
        await pipeline(source, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
        await rename(temp, path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },
    async get(key) {
      const path = pathOf(key);
      const stream = createReadStream(path);
      // Opening fails asynchronously: wait for it, so a missing file rejects here rather than on the consumer's side.
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', (err) => reject(missing(err) ? new StorageNotFound(key) : err));
      });
      return stream;
    },
    async read(key) {
      try {
        return await readFile(pathOf(key));
      } catch (err) {
        throw missing(err) ? new StorageNotFound(key) : err;
      }
    },
    async exists(key) {
      try {
        await access(pathOf(key));
        return true;
      } catch {
        return false;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async close() {},
  };
}
