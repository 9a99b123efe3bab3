import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * Decodes the bytes of a text file whose encoding nobody told us: a BOM wins (UTF-8, or UTF-16 as in
 * Excel's "Unicode text" export); otherwise strict UTF-8; otherwise Windows-1252, which is what French
 * Excel writes for "CSV (séparateur: point-virgule)" and a superset of latin1 for printable characters.
 */
export function decodeText(bytes: Buffer, forced?: TextEncoding): { text: string; encoding: TextEncoding } {
  const encoding = forced ?? detectEncoding(bytes);
  let body = bytes;
  if (encoding === 'utf-8' && hasPrefix(bytes, [0xef, 0xbb, 0xbf])) body = bytes.subarray(3);
  if (encoding === 'utf-16le' && hasPrefix(bytes, [0xff, 0xfe])) body = bytes.subarray(2);
  if (encoding === 'utf-16be' && hasPrefix(bytes, [0xfe, 0xff])) body = bytes.subarray(2);
  const text = encoding === 'utf-8' ? body.toString('utf8') : iconv.decode(body, encoding);
  return { text, encoding };
}

export function detectEncoding(bytes: Buffer): TextEncoding {
  if (hasPrefix(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (hasPrefix(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (hasPrefix(bytes, [0xfe, 0xff])) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function hasPrefix(bytes: Buffer, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}
