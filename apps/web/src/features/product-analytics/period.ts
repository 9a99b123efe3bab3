import dayjs from 'dayjs';
import { useCallback, useMemo } from 'react';
import { parisToday } from '../../app/paris-time.ts';

export { parisToday };

import { useUrlParams } from '../../app/search-params.ts';

/**
 * The period of the analysis pages, kept in the URL (`?from=2026-11-08&to=2026-12-07&granularity=day`) so that a
 * link shows the same figures: calendar days in Europe/Paris, both included, as the API reads them
 * (docs/ANALYTICS.md, "Periods").
 */
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const PRESETS = ['7d', '30d', '90d', '12m'] as const;
export type Preset = (typeof PRESETS)[number];

export interface Period {
  from: string;
  to: string;
  granularity: Granularity;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The longest period the API accepts (`product_analytics.period_too_long`). */
export const MAX_DAYS = 400;

/** A preset's days up to `today` included, and the granularity that reads best over it. */
export function presetPeriod(preset: Preset, today: string): Period {
  const end = dayjs(today);
  switch (preset) {
    case '7d':
      return { from: end.subtract(6, 'day').format('YYYY-MM-DD'), to: today, granularity: 'day' };
    case '30d':
      return { from: end.subtract(29, 'day').format('YYYY-MM-DD'), to: today, granularity: 'day' };
    case '90d':
      return { from: end.subtract(89, 'day').format('YYYY-MM-DD'), to: today, granularity: 'week' };
    case '12m':
      return { from: end.subtract(12, 'month').add(1, 'day').format('YYYY-MM-DD'), to: today, granularity: 'month' };
  }
}

/** The preset a period is, if any (so the right button shows pressed). */
export function presetOf(period: Period, today: string): Preset | null {
  return (
    PRESETS.find((p) => {
      const q = presetPeriod(p, today);
      return q.from === period.from && q.to === period.to;
    }) ?? null
  );
}

/** The period the URL says, or the last 30 days; nonsense (a bad day, from after to) falls back to the default. */
export function readPeriod(params: URLSearchParams, today: string): Period {
  const fallback = presetPeriod('30d', today);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const g = params.get('granularity') as Granularity | null;
  const granularity = g && GRANULARITIES.includes(g) ? g : fallback.granularity;
  if (!DAY.test(from) || !DAY.test(to) || from > to) return { ...fallback, granularity };
  return { from, to, granularity };
}

/** Number of days of a period, both ends included. */
export const periodDays = (p: Pick<Period, 'from' | 'to'>) => dayjs(p.to).diff(dayjs(p.from), 'day') + 1;

/** The relative change from `previous` to `current`, in %; null when there was nothing before. */
export function change(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 1000) / 10;
}

/** The period of the URL and how to change it (a preset, custom days, the granularity); the tab is kept. */
export function usePeriod() {
  const [params, setParams] = useUrlParams();
  const today = parisToday();
  const period = useMemo(() => readPeriod(params, today), [params, today]);
  const setPeriod = useCallback(
    (next: Partial<Period>) =>
      setParams(
        (p) => {
          const merged = { ...readPeriod(p, today), ...next };
          p.set('from', merged.from);
          p.set('to', merged.to);
          p.set('granularity', merged.granularity);
          return p;
        },
        { replace: true },
      ),
    [setParams, today],
  );
  return { period, today, setPeriod, preset: presetOf(period, today) };
}
