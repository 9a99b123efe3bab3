import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Characters no text column can hold: NUL (PostgreSQL refuses U+0000 in `text` and `jsonb`) and lone UTF-16
 * surrogates (JSON allows `"\ud800"`, but such a string has no UTF-8 form, so the `jsonb` of the audit row refuses
 * it). Both are refused at the edge, once for every route, instead of in each schema.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnstorableCharacters(s: string): boolean {
  return UNSTORABLE.test(s);
}

export const invalidCharacters = (path: string) =>
  new AppError(
    'request.invalid_characters',
    `${path} contains a character that cannot be stored (NUL or a lone UTF-16 surrogate)`,
    { fields: [{ path, message: 'contains a NUL character or a lone UTF-16 surrogate', code: 'invalid_characters' }] },
  );

/** Throws 400 `request.invalid_characters` when `value` (a string or a name given by the client) cannot be stored. */
export function assertStorableText(value: string | undefined | null, path: string): void {
  if (typeof value === 'string' && hasUnstorableCharacters(value)) throw invalidCharacters(path);
}

/**
 * The path (`body.headers.X-Name`, `querystring.q`) of the first string, or object key, holding an unstorable
 * character, or null. Walks without recursion, so a deeply nested body cannot overflow the stack.
 */
export function findUnstorableText(root: unknown, rootPath: string): string | null {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (hasUnstorableCharacters(value)) return path;
    } else if (Buffer.isBuffer(value)) {
      // Bytes read raw (a signed webhook's body): the route decodes and checks what it keeps.
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}.${i}`]);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const at = `${path}.${hasUnstorableCharacters(k) ? JSON.stringify(k).slice(1, -1) : k}`;
        if (hasUnstorableCharacters(k)) return at;
        stack.push([v, at]);
      }
    }
  }
  return null;
}

/**
 * A `preValidation` hook of the API: the query, the path parameters and a parsed body may hold no NUL and no lone
 * surrogate, answered 400 `request.invalid_characters` naming the field. Multipart bodies are streamed, not parsed
 * here: their routes check file names and text fields with `assertStorableText`.
 */
export async function refuseUnstorableText(req: FastifyRequest): Promise<void> {
  for (const [part, value] of [
    ['querystring', req.query],
    ['params', req.params],
    ['body', req.body],
  ] as const) {
    const path = findUnstorableText(value, part);
    if (path) throw invalidCharacters(path);
  }
}
