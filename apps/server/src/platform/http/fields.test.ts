import { describe, expect, it } from 'vitest';
import { decimalAmount, webUrl } from './fields.ts';

describe('decimalAmount', () => {
  const aum = decimalAmount({ precision: 18, scale: 2 });
  it('accepts what numeric(18,2) holds, as a number or a string, and keeps it a string', () => {
    expect(aum.parse(1_500_000)).toBe('1500000');
    expect(aum.parse('-12.5')).toBe('-12.5');
    expect(aum.parse('9999999999999999.99')).toBe('9999999999999999.99');
  });
  it('refuses what would overflow the column', () => {
    for (const v of [1e308, 1e16, -1e16, 2 ** 63, '99999999999999999', '1.234', 'NaN', Number.NaN]) {
      expect(aum.safeParse(v).success, String(v)).toBe(false);
    }
  });
});

describe('webUrl', () => {
  const url = webUrl();
  it('keeps http and https addresses, and adds https:// to a bare host', () => {
    expect(url.parse('https://www.linkedin.com/in/x')).toBe('https://www.linkedin.com/in/x');
    expect(url.parse('http://acme.fr/a?b=c')).toBe('http://acme.fr/a?b=c');
    expect(url.parse('  acme.fr ')).toBe('https://acme.fr');
  });
  it('refuses every other scheme, credentials and non-addresses', () => {
    for (const v of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'javascript://%0aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://acme.fr/',
      'https://user:pw@acme.fr/',
      'https://',
      '',
      'not a url at all',
    ]) {
      expect(url.safeParse(v).success, v).toBe(false);
    }
  });
});
