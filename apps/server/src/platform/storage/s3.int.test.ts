import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Storage, type S3StorageConfig } from './s3.ts';
import { describeStorageContract } from './storage-contract.ts';

/** s3rver on 127.0.0.1 (a free port) over a temporary folder, with one empty bucket, and a raw client to look in it. */
async function startS3() {
  const directory = await mkdtemp(join(tmpdir(), 'crm-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
  const { port } = await server.run();
  const config: S3StorageConfig = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    bucket: 'crm-test',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    prefix: 'crm/',
  };
  const raw = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await raw.send(new CreateBucketCommand({ Bucket: config.bucket }));
  const stop = async () => {
    raw.destroy();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  };
  return { config, raw, stop };
}

let s3: Awaited<ReturnType<typeof startS3>> | undefined;
describeStorageContract(
  's3',
  async () => {
    s3 = await startS3();
    return createS3Storage(s3.config);
  },
  async () => {
    await s3?.stop();
  },
);

describe('storage: s3, in the bucket', () => {
  let server: Awaited<ReturnType<typeof startS3>>;
  beforeAll(async () => {
    server = await startS3();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const keysInBucket = async () =>
    ((await server.raw.send(new ListObjectsV2Command({ Bucket: server.config.bucket }))).Contents ?? []).map(
      (o) => o.Key,
    );

  it('puts each object under the prefix, and none without one when the prefix is empty', async () => {
    const storage = createS3Storage(server.config);
    const bare = createS3Storage({ ...server.config, prefix: '' });
    try {
      await storage.put('attachments/2026/12/prefixed', Buffer.from('a'));
      await bare.put('attachments/2026/12/bare', Buffer.from('b'));
      expect((await keysInBucket()).sort()).toEqual(['attachments/2026/12/bare', 'crm/attachments/2026/12/prefixed']);
      // Each sees only its own keys: the prefixed storage's key is not the bare one's.
      expect(await storage.exists('attachments/2026/12/bare')).toBe(false);
      expect((await bare.read('crm/attachments/2026/12/prefixed')).toString()).toBe('a');
      await storage.delete('attachments/2026/12/prefixed');
      await bare.delete('attachments/2026/12/bare');
      expect(await keysInBucket()).toEqual([]);
    } finally {
      await storage.close();
      await bare.close();
    }
  });

  it('writes a stream longer than a part as a multipart upload, and a failing one leaves no object', async () => {
    const storage = createS3Storage(server.config);
    try {
      const bytes = randomBytes(11 * 1024 * 1024 + 5);
      const chunks = (b: Buffer) =>
        Array.from({ length: Math.ceil(b.length / 65_536) }, (_, i) => b.subarray(i * 65_536, (i + 1) * 65_536));
      await storage.put('attachments/2026/12/large', Readable.from(chunks(bytes)));
      expect((await buffer(await storage.get('attachments/2026/12/large'))).equals(bytes)).toBe(true);

      // Fails after more than one part (5 MiB) was sent.
      const failing = Readable.from(
        (async function* () {
          yield* chunks(bytes.subarray(0, 7 * 1024 * 1024));
          throw new Error('client went away');
        })(),
      );
      await expect(storage.put('attachments/2026/12/cut', failing)).rejects.toThrow(/client went away/);
      expect(await storage.exists('attachments/2026/12/cut')).toBe(false);
      expect(await keysInBucket()).toEqual(['crm/attachments/2026/12/large']);
    } finally {
      await storage.close();
    }
  });
});
