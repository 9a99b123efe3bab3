/** What may be attached: the declared MIME type must be allowed AND the content must look like it. */
type Sniff = (head: Buffer) => boolean;

const startsWith = (bytes: number[]) => (head: Buffer) => bytes.every((b, i) => head[i] === b);
const pdf = startsWith([0x25, 0x50, 0x44, 0x46, 0x2d]); // %PDF-
const png = startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const jpeg = startsWith([0xff, 0xd8, 0xff]);
const webp: Sniff = (h) =>
  h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP';
const zip = startsWith([0x50, 0x4b, 0x03, 0x04]); // docx, xlsx, pptx are zip containers
/** Plain text: no NUL byte and none of the binary signatures above. */
const text: Sniff = (h) => !h.includes(0) && !pdf(h) && !png(h) && !jpeg(h) && !zip(h) && !webp(h);

export const ALLOWED_TYPES: Record<string, Sniff> = {
  'application/pdf': pdf,
  'image/png': png,
  'image/jpeg': jpeg,
  'image/webp': webp,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': zip,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': zip,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': zip,
  'text/csv': text,
  'text/plain': text,
};

/** Bytes read from the start of a file to recognise it. */
export const SNIFF_BYTES = 4096;

export const isAllowedType = (mimeType: string): boolean => Object.hasOwn(ALLOWED_TYPES, mimeType);

export function contentMatches(mimeType: string, head: Buffer): boolean {
  const sniff = ALLOWED_TYPES[mimeType];
  return !!sniff && head.length > 0 && sniff(head);
}

/** Only the base name, without control characters, at most 255 characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'fichier').slice(0, 255);
}

/** `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
