/**
 * Due-date presets in Europe/Paris (the firm works in Paris, and the app shows Paris times): a browser in another
 * zone gets the same Paris 9:00. Working days are Monday to Friday. `zone` is there for the tests.
 */
import { fromParisWall, inParis, PARIS } from './paris-time.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Calendar arithmetic on the Paris date of `base` (a plain date, no zone: adding days never shifts the hour), then
 * 9:00 Paris on the day found: a DST change in between is accounted for.
 */
function nineAfter(base: Date, zone: string, pick: (weekday: number) => number): Date {
  const [y, m, d] = inParis(base, zone).format('YYYY-MM-DD').split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  day.setUTCDate(day.getUTCDate() + pick(day.getUTCDay()));
  return new Date(fromParisWall(`${day.toISOString().slice(0, 10)} 09:00:00`, zone) as string);
}

/** 9:00 (Paris) on the first working day (Monday to Friday) after `base`. */
export function nextWorkingDay(base: Date, zone = PARIS): Date {
  return nineAfter(base, zone, (weekday) => (weekday === 5 ? 3 : weekday === 6 ? 2 : 1));
}

/** 9:00 (Paris) on the Monday after `base` (a week later when `base` is a Monday). */
export function nextMonday(base: Date, zone = PARIS): Date {
  return nineAfter(base, zone, (weekday) => (8 - weekday) % 7 || 7); // 1 = Monday
}

/**
 * What "postpone" starts from: the task's due date when it is still ahead, else now (as the server does for
 * `days`), so that every choice moves the task later, never earlier.
 */
export function snoozeBase(dueAt: string | null | undefined, now = new Date()): Date {
  const due = dueAt ? new Date(dueAt) : null;
  return due && due > now ? due : now;
}

/** Snooze presets from a task's due date, in Paris: the next working day and next Monday at 9:00, a week later. */
export function snoozeChoices(dueAt: string | null | undefined, now = new Date(), zone = PARIS) {
  const base = snoozeBase(dueAt, now);
  return {
    nextDay: nextWorkingDay(base, zone),
    monday: nextMonday(base, zone),
    // The server's `days: 7`: a week of 24 hours later.
    week: new Date(base.getTime() + 7 * DAY_MS),
  };
}
