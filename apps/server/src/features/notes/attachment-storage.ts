import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '../../platform/db/ids.ts';
import { SNIFF_BYTES } from './attachment-types.ts';

/** Files live under `${dataDir}/attachments/<yyyy>/<mm>/<uuid>`; the database keeps the relative key. */
export interface StoredFile {
  tempPath: string;
  sizeBytes: number;
  sha256: string;
  head: Buffer;
}

/** Streams an upload to a temporary file, hashing it and keeping its first bytes for type sniffing. */
export async function writeTemp(dataDir: string, stream: Readable): Promise<StoredFile> {
  const tempPath = join(dataDir, 'attachments', 'tmp', newId());
  await mkdir(dirname(tempPath), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const chunks: Buffer[] = [];
  let kept = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      if (kept < SNIFF_BYTES) {
        chunks.push(chunk.subarray(0, SNIFF_BYTES - kept));
        kept += Math.min(chunk.length, SNIFF_BYTES - kept);
      }
      cb(null, chunk);
    },
  });
  try {
    await pipeline(stream, tap, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await rm(tempPath, { force: true });
    throw err;
  }
  return { tempPath, sizeBytes: size, sha256: hash.digest('hex'), head: Buffer.concat(chunks) };
}

/** Moves a temporary file to its final place; returns the storage key (relative to dataDir). */
export async function commitFile(dataDir: string, tempPath: string, at: Date): Promise<string> {
  const yyyy = String(at.getUTCFullYear());
  const mm = String(at.getUTCMonth() + 1).padStart(2, '0');
  const key = join('attachments', yyyy, mm, newId());
  await mkdir(join(dataDir, dirname(key)), { recursive: true });
  await rename(tempPath, join(dataDir, key));
  return key;
}

export const removeFile = (path: string) => rm(path, { force: true });
export const removeStored = (dataDir: string, key: string) => rm(join(dataDir, key), { force: true });
export const openStored = (dataDir: string, key: string) => createReadStream(join(dataDir, key));
