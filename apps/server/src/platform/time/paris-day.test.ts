import { describe, expect, it } from 'vitest';
import { parisDayStart, parisIsoDay, parisYearStart } from './paris-day.ts';

describe('parisDayStart', () => {
  it('is midnight in Paris in winter and in summer', () => {
    expect(parisDayStart(new Date('2025-01-15T23:30:00Z')).toISOString()).toBe('2025-01-15T23:00:00.000Z');
    expect(parisDayStart(new Date('2025-01-15T22:30:00Z')).toISOString()).toBe('2025-01-14T23:00:00.000Z');
    expect(parisDayStart(new Date('2025-07-01T12:00:00Z'), 1).toISOString()).toBe('2025-07-01T22:00:00.000Z');
  });
  it('crosses a DST change', () => {
    // 2025-03-30: clocks go forward at 02:00 in Paris.
    expect(parisDayStart(new Date('2025-03-29T12:00:00Z'), 1).toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(parisDayStart(new Date('2025-03-29T12:00:00Z'), 2).toISOString()).toBe('2025-03-30T22:00:00.000Z');
  });
});

describe('parisIsoDay', () => {
  it('gives the Paris calendar day, which differs from UTC late in the evening', () => {
    expect(parisIsoDay(new Date('2026-11-24T22:30:00Z'))).toBe('2026-11-24');
    expect(parisIsoDay(new Date('2026-11-24T23:30:00Z'))).toBe('2026-11-25');
    expect(parisIsoDay(new Date('2026-07-14T21:59:00Z'))).toBe('2026-07-14');
    expect(parisIsoDay(new Date('2026-07-14T22:01:00Z'))).toBe('2026-07-15');
  });
});

describe('parisYearStart', () => {
  it('is 1 January 00:00 in Paris, a year that starts an hour before UTC’s', () => {
    expect(parisYearStart(new Date('2025-06-10T10:00:00Z')).toISOString()).toBe('2024-12-31T23:00:00.000Z');
    expect(parisYearStart(new Date('2025-12-31T22:59:00Z')).toISOString()).toBe('2024-12-31T23:00:00.000Z');
    expect(parisYearStart(new Date('2025-12-31T23:30:00Z')).toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });
});
