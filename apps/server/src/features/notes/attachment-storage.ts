import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '../../platform/db/ids.ts';
import type { Storage } from '../../platform/storage/storage.ts';
import { SNIFF_BYTES } from './attachment-types.ts';

/**
 * An upload is first written to a temporary file under DATA_DIR (hashed, its first bytes kept to check its type), then
 * stored as `attachments/<yyyy>/<mm>/<uuid>` in the configured storage (platform/storage); the database keeps the key.
 */
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

/** Stores a temporary file as an attachment object and removes it; returns the storage key. */
export async function commitFile(storage: Storage, tempPath: string, at: Date): Promise<string> {
  const yyyy = String(at.getUTCFullYear());
  const mm = String(at.getUTCMonth() + 1).padStart(2, '0');
  const key = `attachments/${yyyy}/${mm}/${newId()}`;
  try {
    await storage.put(key, createReadStream(tempPath));
  } finally {
    await rm(tempPath, { force: true });
  }
  return key;
}

export const removeFile = (path: string) => rm(path, { force: true });
