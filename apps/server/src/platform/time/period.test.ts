import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { addDays, bucketOf, bucketsOf, periodOf, previousPeriod, resolvePeriod } from './period.ts';

const P = { errorPrefix: 'product_analytics' };

describe('analysis periods (Europe/Paris days)', () => {
  it('starts and ends at Paris midnight, summer and winter alike', () => {
    const summer = periodOf('2025-06-02', '2025-06-08');
    expect(summer.start.toISOString()).toBe('2025-06-01T22:00:00.000Z');
    expect(summer.end.toISOString()).toBe('2025-06-08T22:00:00.000Z');
    expect(summer.days).toBe(7);
    // 26 October 2025: clocks go back, the day has 25 hours.
    const change = periodOf('2025-10-26', '2025-10-26');
    expect(change.start.toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(change.end.toISOString()).toBe('2025-10-26T23:00:00.000Z');
  });

  it('defaults to the last 30 days, today included, and completes a missing bound', () => {
    const now = new Date('2026-03-15T23:30:00Z'); // already 16 March in Paris
    expect(resolvePeriod({}, now, P)).toMatchObject({ from: '2026-02-15', to: '2026-03-16', days: 30 });
    expect(resolvePeriod({ to: '2026-01-31' }, now, P)).toMatchObject({ from: '2026-01-02', to: '2026-01-31' });
    expect(resolvePeriod({ from: '2026-01-01' }, now, P)).toMatchObject({ from: '2026-01-01', to: '2026-01-30' });
    // A `from` less than 30 days ago ends today, not in the future.
    expect(resolvePeriod({ from: '2026-03-10' }, now, P)).toMatchObject({ from: '2026-03-10', to: '2026-03-16' });
  });

  it('refuses a period backwards or too long with stable codes naming both parameters', () => {
    const now = new Date('2026-03-15T12:00:00Z');
    const backwards = (() => {
      try {
        resolvePeriod({ from: '2026-03-02', to: '2026-03-01' }, now, P);
      } catch (err) {
        return err;
      }
    })() as AppError;
    expect(backwards).toBeInstanceOf(AppError);
    expect(backwards.code).toBe('product_analytics.invalid_period');
    expect(backwards.fields?.map((f) => f.path)).toEqual(['querystring.from', 'querystring.to']);
    expect(() => resolvePeriod({ from: '2024-01-01', to: '2026-01-01' }, now, P)).toThrow(
      expect.objectContaining({ code: 'product_analytics.period_too_long' }),
    );
    expect(resolvePeriod({ from: '2025-01-01', to: '2026-02-04' }, now, P).days).toBe(400);
  });

  it('compares with the period of the same length just before', () => {
    const p = previousPeriod(periodOf('2025-06-02', '2025-06-08'));
    expect({ from: p.from, to: p.to, days: p.days }).toEqual({ from: '2025-05-26', to: '2025-06-01', days: 7 });
  });

  it('buckets days into ISO weeks from Monday and months', () => {
    expect(bucketOf('2025-06-08', 'week')).toBe('2025-06-02'); // a Sunday
    expect(bucketOf('2025-06-09', 'week')).toBe('2025-06-09'); // a Monday
    expect(bucketOf('2025-06-30', 'month')).toBe('2025-06-01');
    expect(bucketsOf({ from: '2025-05-28', to: '2025-06-10' }, 'week')).toEqual([
      '2025-05-26',
      '2025-06-02',
      '2025-06-09',
    ]);
    expect(bucketsOf({ from: '2025-05-28', to: '2025-07-01' }, 'month')).toEqual([
      '2025-05-01',
      '2025-06-01',
      '2025-07-01',
    ]);
    expect(bucketsOf({ from: '2025-12-30', to: '2026-01-02' }, 'day')).toEqual([
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
    ]);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});
