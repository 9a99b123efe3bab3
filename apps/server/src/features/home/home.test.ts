import { describe, expect, it } from 'vitest';
import { sumAmounts } from './home.service.ts';

describe('sumAmounts', () => {
  it('adds decimal strings exactly, beyond what a double holds to the cent', () => {
    expect(sumAmounts(['0.1', '0.2'])).toBe('0.30');
    expect(sumAmounts(['9999999999999.99', '9999999999999.99', '0.03'])).toBe('20000000000000.01');
    expect(sumAmounts(['0', '12'])).toBe('12.00');
    expect(sumAmounts(['-0.50', '0.25'])).toBe('-0.25');
    expect(sumAmounts([])).toBe('0.00');
  });
});
