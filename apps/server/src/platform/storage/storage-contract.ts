import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Storage, StorageNotFound } from './storage.ts';

/**
 * What every Storage adapter must do, as a suite each adapter's test file runs with its own setup (a folder, a
 * database, a local S3-compatible server).
 */
export function describeStorageContract(name: string, open: () => Promise<Storage>, release?: () => Promise<void>) {
  describe(`storage: ${name}`, () => {
    let storage: Storage;
    let n = 0;
    const key = (area = 'contract') => `${area}/2026/12/${process.pid}-${Date.now()}-${++n}`;
    beforeAll(async () => {
      storage = await open();
    }, 60_000);
    afterAll(async () => {
      await storage?.close();
      await release?.();
    });

    it('keeps a buffer and gives the same bytes back, whole or as a stream', async () => {
      const k = key();
      const bytes = Buffer.from('Prénom;Nom\nÉlodie;Durand\n', 'utf8');
      await storage.put(k, bytes);
      expect(await storage.exists(k)).toBe(true);
      expect(await storage.read(k)).toEqual(bytes);
      expect(await buffer(await storage.get(k))).toEqual(bytes);
    });

    it('keeps a large stream written in small chunks, byte for byte', async () => {
      const k = key('attachments');
      const bytes = randomBytes(3 * 1024 * 1024 + 17);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) =>
        bytes.subarray(i * 65_536, (i + 1) * 65_536),
      );
      await storage.put(k, Readable.from(chunks));
      const back = await buffer(await storage.get(k));
      expect(back.length).toBe(bytes.length);
      expect(back.equals(bytes)).toBe(true);
    });

    it('keeps an empty object', async () => {
      const k = key();
      await storage.put(k, Buffer.alloc(0));
      expect(await storage.exists(k)).toBe(true);
      expect((await storage.read(k)).length).toBe(0);
    });

    it('says so when an object is missing, and deleting twice is fine', async () => {
      const k = key();
      expect(await storage.exists(k)).toBe(false);
      await expect(storage.read(k)).rejects.toBeInstanceOf(StorageNotFound);
      await expect(storage.get(k)).rejects.toBeInstanceOf(StorageNotFound);
      await storage.put(k, Buffer.from('x'));
      await storage.delete(k);
      await storage.delete(k);
      expect(await storage.exists(k)).toBe(false);
      await expect(storage.read(k)).rejects.toBeInstanceOf(StorageNotFound);
    });

    it('refuses keys it did not make (a path out of its place)', async () => {
      for (const bad of ['../etc/passwd', 'a/../../b', '/abs', 'a//b', 'UPPER/case', '', 'a/./b']) {
        await expect(storage.put(bad, Buffer.from('x'))).rejects.toThrow(/invalid storage key/);
      }
    });

    it('leaves nothing behind when the stream it writes from fails', async () => {
      const k = key();
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(1024, 1));
          this.destroy(new Error('client went away'));
        },
      });
      await expect(storage.put(k, failing)).rejects.toThrow(/client went away/);
      expect(await storage.exists(k)).toBe(false);
    });
  });
}
