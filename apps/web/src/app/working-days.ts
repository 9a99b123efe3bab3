/** Due-date presets in the browser's time zone (the firm works in Paris): working days are Monday to Friday. */
import dayjs from 'dayjs';

/** 9:00 on the first working day (Monday to Friday) after `base`. */
export function nextWorkingDay(base: Date): Date {
  let d = dayjs(base).add(1, 'day');
  while (d.day() === 0 || d.day() === 6) d = d.add(1, 'day');
  return d.hour(9).minute(0).second(0).millisecond(0).toDate();
}

/** 9:00 on the Monday after `base` (a week later when `base` is a Monday). */
export function nextMonday(base: Date): Date {
  const d = dayjs(base);
  const days = (8 - d.day()) % 7 || 7; // 1 = Monday
  return d.add(days, 'day').hour(9).minute(0).second(0).millisecond(0).toDate();
}

/**
 * What "postpone" starts from: the task's due date when it is still ahead, else now (as the server does for
 * `days`), so that every choice moves the task later, never earlier.
 */
export function snoozeBase(dueAt: string | null | undefined, now = new Date()): Date {
  const due = dueAt ? new Date(dueAt) : null;
  return due && due > now ? due : now;
}

/** Snooze presets from a task's due date (browser time zone; the firm works in Paris). */
export function snoozeChoices(dueAt: string | null | undefined, now = new Date()) {
  const base = snoozeBase(dueAt, now);
  return {
    nextDay: nextWorkingDay(base),
    monday: nextMonday(base),
    week: dayjs(base).add(7, 'day').toDate(),
  };
}
