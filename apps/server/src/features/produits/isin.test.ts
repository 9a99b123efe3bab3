import { describe, expect, it } from 'vitest';
import { isinCheckDigit, isValidIsin, withIsinCheckDigit } from './isin.ts';

// Published ISINs of listed securities and funds, used only as check-digit fixtures.
const KNOWN = [
  'US0378331005',
  'FR0000131104',
  'FR0010135103',
  'LU0568620560',
  'GB0002634946',
  'AU0000XVGZA3',
  'DE000BAY0017',
];

describe('ISIN check digit', () => {
  it.each(KNOWN)('computes the published check digit of %s', (isin) => {
    expect(isinCheckDigit(isin.slice(0, 11))).toBe(Number(isin[11]));
    expect(isValidIsin(isin)).toBe(true);
  });

  it('refuses a wrong check digit, a transposition, bad lengths and characters', () => {
    expect(isValidIsin('FR0010135104')).toBe(false);
    expect(isValidIsin('FR0010135013')).toBe(false);
    expect(isValidIsin('FR001013510')).toBe(false);
    expect(isValidIsin('FR00101351033')).toBe(false);
    expect(isValidIsin('fr0010135103')).toBe(false);
    expect(isValidIsin('FR00101351-3')).toBe(false);
    expect(isValidIsin('120010135103')).toBe(false);
  });

  it('completes a body with its digit', () => {
    expect(withIsinCheckDigit('FR001013510')).toBe('FR0010135103');
    expect(() => isinCheckDigit('FR00101')).toThrow(RangeError);
  });
});
