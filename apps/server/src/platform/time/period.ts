import { AppError } from '../errors.ts';
import { parisDayStart, parisIsoDay } from './paris-day.ts';

/**
 * The period an analysis covers: whole calendar days in Europe/Paris, `from` and `to` included. Pure: the SQL gets
 * the instants (`start` included, `end` excluded), the answers carry the days and the bucket keys.
 */
export const TIME_ZONE = 'Europe/Paris' as const;
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The default period: the last 30 days, today included. */
export const DEFAULT_DAYS = 30;
/** The longest period an analysis takes (a little over the 13 months events are kept). */
export const MAX_DAYS = 400;

export interface Period {
  /** First day (YYYY-MM-DD, Paris). */
  from: string;
  /** Last day, included. */
  to: string;
  /** The instant `from` starts in Paris (included). */
  start: Date;
  /** The instant the day after `to` starts in Paris (excluded). */
  end: Date;
  days: number;
}

const DAY_MS = 86_400_000;
const utcNoon = (day: string) => new Date(`${day}T12:00:00Z`);

/** The calendar day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return new Date(utcNoon(day).getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcNoon(b).getTime() - utcNoon(a).getTime()) / DAY_MS);
}

/** The key of the bucket a day falls in: the day, the Monday of its ISO week, or the first day of its month. */
export function bucketOf(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = (utcNoon(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** The buckets of a period, in order (the first one may start before `from`, the last end after `to`). */
export function bucketsOf(period: Pick<Period, 'from' | 'to'>, granularity: Granularity): string[] {
  const keys: string[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) {
    const key = bucketOf(day, granularity);
    if (keys.at(-1) !== key) keys.push(key);
  }
  return keys;
}

/** The period of the days `from`..`to` (Paris), with its instants. */
export function periodOf(from: string, to: string): Period {
  return {
    from,
    to,
    start: parisDayStart(utcNoon(from)),
    end: parisDayStart(utcNoon(to), 1),
    days: daysBetween(from, to) + 1,
  };
}

/**
 * The period a query asks for: `from`/`to` as given, the missing bound 29 days from the other (`to` defaults to
 * today in Paris). `from` after `to` or a period over `maxDays` is a 400 naming both parameters, its code
 * `<errorPrefix>.invalid_period` or `<errorPrefix>.period_too_long` (each analysis keeps its own codes).
 */
export function resolvePeriod(
  query: { from?: string; to?: string },
  now: Date,
  opts: { errorPrefix: string; maxDays?: number },
): Period {
  const maxDays = opts.maxDays ?? MAX_DAYS;
  const to =
    query.to ?? (query.from ? minDay(addDays(query.from, DEFAULT_DAYS - 1), parisIsoDay(now)) : parisIsoDay(now));
  const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  const fields = [
    { path: 'querystring.from', message: 'the first day of the period', code: 'invalid_period' },
    { path: 'querystring.to', message: 'the last day of the period', code: 'invalid_period' },
  ];
  if (from > to) {
    throw new AppError(`${opts.errorPrefix}.invalid_period`, `from (${from}) is after to (${to})`, { fields });
  }
  const period = periodOf(from, to);
  if (period.days > maxDays) {
    throw new AppError(
      `${opts.errorPrefix}.period_too_long`,
      `The period has ${period.days} days; at most ${maxDays} are analysed at once`,
      { fields },
    );
  }
  return period;
}

/** The period of the same length that ends the day before `period` starts. */
export function previousPeriod(period: Period): Period {
  return periodOf(addDays(period.from, -period.days), addDays(period.from, -1));
}

const minDay = (a: string, b: string) => (a < b ? a : b);

/** What an answer says of the period it was computed for. */
export function periodDto(period: Period, granularity?: Granularity) {
  return {
    from: period.from,
    to: period.to,
    days: period.days,
    timeZone: TIME_ZONE,
    start: period.start,
    end: period.end,
    ...(granularity ? { granularity } : {}),
  };
}
