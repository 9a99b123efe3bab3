import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../db/client.ts';
import { assertKey, type Storage, StorageNotFound } from './storage.ts';

/** Bytes per row of stored_object_chunks: large enough to keep rows few, small enough to stream. */
export const CHUNK_BYTES = 1024 * 1024;

const asBuffer = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/**
 * Files in the database (tables in storage.schema.ts): what every process of a scaled deployment shares with no other
 * service. The chunks are written first, each in its own statement (no transaction stays open while an upload
 * streams in), then the object's row; a failed write removes its chunks. Chunks whose object never came (a process
 * killed mid-write) are purged by maintenance after a day (maintenance.ts).
 */
export function createPostgresStorage(database: Database): Storage {
  const { db } = database;
  const removeChunks = (key: string) => db.execute(sql`delete from stored_object_chunks where key = ${key}`);
  const objectOf = async (key: string) =>
    rowsOf<{ chunks: number }>(await db.execute(sql`select chunks from stored_objects where key = ${key}`))[0];
  const chunk = async (key: string, n: number) => {
    const [row] = rowsOf<{ data: Uint8Array }>(
      await db.execute(sql`select data from stored_object_chunks where key = ${key} and n = ${n}`),
    );
    if (!row) throw new StorageNotFound(key);
    return asBuffer(row.data);
  };
  return {
    kind: 'postgres',
    async put(key, body) {
      assertKey(key);
      let n = 0;
      let size = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        const data = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        await db.execute(sql`insert into stored_object_chunks (key, n, data) values (${key}, ${n}, ${data})`);
        n++;
      };
      try {
        const source = Buffer.isBuffer(body) ? [body] : body;
        for await (const part of source) {
          let piece = Buffer.isBuffer(part) ? part : Buffer.from(part as Uint8Array);
          size += piece.length;
          while (pendingBytes + piece.length >= CHUNK_BYTES) {
            const take = CHUNK_BYTES - pendingBytes;
            pending.push(piece.subarray(0, take));
            pendingBytes += take;
            piece = piece.subarray(take);
            await flush();
          }
          if (piece.length) {
            pending.push(piece);
            pendingBytes += piece.length;
          }
        }
        if (pendingBytes > 0 || n === 0) await flush();
        await db.execute(sql`insert into stored_objects (key, size_bytes, chunks) values (${key}, ${size}, ${n})`);
      } catch (err) {
        await removeChunks(key).catch(() => {});
        throw err;
      }
    },
    async get(key) {
      assertKey(key);
      const object = await objectOf(key);
      if (!object) throw new StorageNotFound(key);
      const total = Number(object.chunks);
      let n = 0;
      return new Readable({
        read() {
          if (n >= total) {
            this.push(null);
            return;
          }
          chunk(key, n++).then(
            (data) => this.push(data),
            (err) => this.destroy(err),
          );
        },
      });
    },
    async read(key) {
      return buffer(await this.get(key));
    },
    async exists(key) {
      assertKey(key);
      return (await objectOf(key)) !== undefined;
    },
    async delete(key) {
      assertKey(key);
      await db.execute(sql`delete from stored_objects where key = ${key}`);
      await removeChunks(key);
    },
    async close() {},
  };
}
