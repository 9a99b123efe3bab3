import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { AppError } from '../../../platform/errors.ts';

const gunzip = promisify(gunzipCallback);

/**
 * Decodes a body of PostHog's capture protocol as the real clients send it (docs/ANALYTICS.md, "Wire format"):
 *
 * - posthog-js: gzip (`text/plain`, the bytes start with the gzip magic number; `?compression=gzip-js` in versions
 *   before 1.3xx), base64 in a form (`application/x-www-form-urlencoded`, `data=<base64 of the JSON>`,
 *   `?compression=base64`, what `sendBeacon` sends at page unload), or plain JSON;
 * - posthog-node: JSON, gzipped with `Content-Encoding: gzip` unless compression is off.
 *
 * The decompressed size is bounded (`maxDecodedBytes`): a gzip bomb is refused with 413 `analytics.payload_too_large`
 * before it is held in memory. Anything that does not decode to JSON is 400 `analytics.malformed_payload`.
 */
export interface EncodedBody {
  body: Buffer | undefined;
  contentType?: string;
  contentEncoding?: string;
  /** The `compression` query parameter (`gzip-js`, `base64`), if any. */
  compression?: string;
}

export const tooLarge = (what: string) =>
  new AppError('analytics.payload_too_large', `The ${what} is larger than this endpoint accepts`, { status: 413 });
export const malformed = (why: string) => new AppError('analytics.malformed_payload', why, { status: 400 });

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Gunzips within `max` bytes of output (zlib stops at the bound: a bomb is never inflated whole). */
export async function gunzipBounded(input: Buffer, max: number, what = 'decompressed body'): Promise<Buffer> {
  try {
    return await gunzip(input, { maxOutputLength: max });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(what);
    throw malformed('The body is not valid gzip');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw malformed('The body is not JSON');
  }
}

/** `data=<base64>` (or `data=<JSON>`, as old clients sent) of a form body. */
function formData(text: string, max: number): string {
  const data = new URLSearchParams(text).get('data');
  if (data === null) throw malformed('The form body has no `data` field');
  // A `+` sent unencoded reads as a space in a form body.
  const trimmed = data.trim().replace(/ /g, '+');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return trimmed;
  if (!/^[A-Za-z0-9+/=_-]*$/.test(trimmed)) throw malformed('The `data` field is not base64');
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length > max) throw tooLarge('decoded body');
  return bytes.toString('utf8');
}

export async function decodeBody(input: EncodedBody, maxDecodedBytes: number): Promise<unknown> {
  let bytes = input.body;
  if (!bytes || bytes.length === 0) throw malformed('The body is empty');
  const encoding = (input.contentEncoding ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') bytes = await gunzipBounded(bytes, maxDecodedBytes);
  else if (encoding && encoding !== 'identity') {
    throw new AppError('analytics.unsupported_encoding', `Content-Encoding ${encoding} is not supported (gzip is)`, {
      status: 415,
    });
  }
  const compression = (input.compression ?? '').toLowerCase();
  // posthog-js 1.3xx and later send gzip without saying so in the URL: the magic number tells.
  if (compression === 'gzip-js' || compression === 'gzip' || isGzip(bytes)) {
    bytes = await gunzipBounded(bytes, maxDecodedBytes);
  }
  if (bytes.length > maxDecodedBytes) throw tooLarge('decoded body');
  const text = bytes.toString('utf8');
  const type = (input.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (compression === 'base64' || type === 'application/x-www-form-urlencoded' || text.startsWith('data=')) {
    return parseJson(formData(text, maxDecodedBytes));
  }
  return parseJson(text);
}
