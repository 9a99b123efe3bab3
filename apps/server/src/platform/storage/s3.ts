import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertKey, type Storage, StorageNotFound } from './storage.ts';

export interface S3StorageConfig {
  /** The store's URL (MinIO, Ceph, another provider); absent for AWS itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Both or neither: when absent, the AWS SDK's default chain (environment, profile, instance role) is used. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `<endpoint>/<bucket>/<key>` rather than `<bucket>.<endpoint>/<key>`: what most self-hosted stores need. */
  forcePathStyle: boolean;
  /** Put before every key (`crm/` keeps the CRM's objects apart in a shared bucket); may be empty. */
  prefix: string;
}

/**
 * An absent object: NoSuchKey from GetObject, a bare 404 from HeadObject. NoSuchBucket is a configuration error and
 * stays one (HeadObject's bodiless 404 cannot tell the two apart).
 */
const missing = (err: unknown) =>
  err instanceof S3ServiceException &&
  (err.name === 'NoSuchKey' || (err.$metadata.httpStatusCode === 404 && err.name !== 'NoSuchBucket'));

/**
 * Objects in an S3-compatible bucket: the object `<prefix><key>`. A stream is written as a multipart upload of 5 MiB
 * parts (its length is not known beforehand), a small one as a single PutObject; the object appears only when the
 * upload completes, and a failed one is aborted, so a reader never sees half a file and a failed write leaves nothing.
 * Checksums are sent and checked only where the API requires them: the CRC32 headers the SDK adds by default since
 * 2025 are refused by a number of S3-compatible stores (Cloudflare R2, Backblaze B2 at the time); SigV4 still signs
 * each request and TLS protects it in transit.
 */
export function createS3Storage(config: S3StorageConfig): Storage {
  const { bucket: Bucket, prefix } = config;
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const objectKey = (key: string) => prefix + assertKey(key);

  const get = async (key: string): Promise<Readable> => {
    const Key = objectKey(key);
    try {
      const { Body } = await client.send(new GetObjectCommand({ Bucket, Key }));
      if (!(Body instanceof Readable)) throw new Error(`no readable body for ${Key}`);
      return Body;
    } catch (err) {
      throw missing(err) ? new StorageNotFound(key) : err;
    }
  };

  return {
    kind: 's3',
    async put(key, body) {
      const Key = objectKey(key);
      // When the source fails, its error is the one to report, not what the upload or its abort made of it.
      let failure: unknown;
      if (!Buffer.isBuffer(body)) body.once('error', (err) => (failure ??= err));
      try {
        await new Upload({ client, params: { Bucket, Key, Body: body } }).done();
      } catch (err) {
        throw failure ?? err;
      }
    },
    get,
    async read(key) {
      return buffer(await get(key));
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: objectKey(key) }));
        return true;
      } catch (err) {
        if (missing(err)) return false;
        throw err;
      }
    },
    async delete(key) {
      // S3 answers 204 for an absent key too.
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },
    async close() {
      client.destroy();
    },
  };
}
