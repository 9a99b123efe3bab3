import { describe, expect, it } from 'vitest';
import { contentDisposition, contentMatches, safeFileName } from './attachment-types.ts';

describe('attachment types and names', () => {
  it('checks magic bytes against the declared type', () => {
    expect(contentMatches('application/pdf', Buffer.from('%PDF-1.4'))).toBe(true);
    expect(contentMatches('application/pdf', Buffer.from('PK\x03\x04'))).toBe(false);
    expect(contentMatches('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(contentMatches('image/webp', Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 '))).toBe(true);
    expect(
      contentMatches('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', Buffer.from('PK\x03\x04')),
    ).toBe(true);
    expect(contentMatches('text/plain', Buffer.from('bonjour\x00'))).toBe(false);
    expect(contentMatches('text/html', Buffer.from('<p>'))).toBe(false);
  });
  it('keeps only a safe base name and encodes it for Content-Disposition', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\x\\rapport\r\n.pdf')).toBe('rapport.pdf');
    expect(contentDisposition('a"b\\c é.pdf')).toBe(
      `attachment; filename="a_b_c _.pdf"; filename*=UTF-8''a%22b%5Cc%20%C3%A9.pdf`,
    );
  });
});
