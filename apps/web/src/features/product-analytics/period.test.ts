import { describe, expect, it } from 'vitest';
import { change, parisToday, periodDays, presetOf, presetPeriod, readPeriod } from './period.ts';

describe('analysis periods', () => {
  it('counts presets back from today, today included', () => {
    expect(presetPeriod('7d', '2026-12-07')).toEqual({ from: '2026-12-01', to: '2026-12-07', granularity: 'day' });
    expect(periodDays(presetPeriod('30d', '2026-12-07'))).toBe(30);
    expect(periodDays(presetPeriod('90d', '2026-12-07'))).toBe(90);
    expect(presetPeriod('12m', '2026-12-07')).toEqual({ from: '2025-12-08', to: '2026-12-07', granularity: 'month' });
  });

  it('knows which preset a period is', () => {
    expect(presetOf({ from: '2026-11-08', to: '2026-12-07', granularity: 'week' }, '2026-12-07')).toBe('30d');
    expect(presetOf({ from: '2026-11-09', to: '2026-12-07', granularity: 'day' }, '2026-12-07')).toBeNull();
  });

  it('reads the URL, and falls back to the last 30 days on nonsense', () => {
    expect(readPeriod(new URLSearchParams('from=2026-10-01&to=2026-10-31&granularity=week'), '2026-12-07')).toEqual({
      from: '2026-10-01',
      to: '2026-10-31',
      granularity: 'week',
    });
    expect(readPeriod(new URLSearchParams('from=2026-10-31&to=2026-10-01'), '2026-12-07')).toEqual({
      from: '2026-11-08',
      to: '2026-12-07',
      granularity: 'day',
    });
    expect(readPeriod(new URLSearchParams('granularity=hour'), '2026-12-07').granularity).toBe('day');
  });

  it('takes today in Paris, not in UTC', () => {
    expect(parisToday(new Date('2026-12-07T23:30:00Z'))).toBe('2026-12-08');
  });

  it('gives the change against the previous period, none from zero', () => {
    expect(change(15, 10)).toBe(50);
    expect(change(2, 3)).toBe(-33.3);
    expect(change(4, 0)).toBeNull();
  });
});
