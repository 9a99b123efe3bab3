import { describe, expect, it } from 'vitest';
import { nextMonday, nextWorkingDay, snoozeBase, snoozeChoices } from './working-days.ts';

// Local dates (the browser's zone): new Date(y, m, d, h) is that wall-clock time wherever the test runs.
const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h);
const day = (x: Date) => [x.getFullYear(), x.getMonth() + 1, x.getDate(), x.getHours(), x.getMinutes()];

describe('due-date presets', () => {
  it('the next working day skips Saturday and Sunday and lands at 9:00', () => {
    expect(day(nextWorkingDay(at(2026, 12, 7)))).toEqual([2026, 12, 8, 9, 0]); // Monday -> Tuesday
    expect(day(nextWorkingDay(at(2026, 12, 11)))).toEqual([2026, 12, 14, 9, 0]); // Friday -> Monday
    expect(day(nextWorkingDay(at(2026, 12, 12)))).toEqual([2026, 12, 14, 9, 0]); // Saturday -> Monday
    expect(day(nextWorkingDay(at(2026, 12, 13, 23)))).toEqual([2026, 12, 14, 9, 0]); // Sunday night -> Monday
  });

  it('the next Monday is a week later from a Monday', () => {
    expect(day(nextMonday(at(2026, 12, 9)))).toEqual([2026, 12, 14, 9, 0]);
    expect(day(nextMonday(at(2026, 12, 14, 8)))).toEqual([2026, 12, 21, 9, 0]);
  });
});

describe('snooze choices', () => {
  const now = at(2026, 12, 5, 10); // Saturday 5 December 2026, 10:00

  it('start from the due date when it is ahead: postponing never moves a task earlier', () => {
    const due = at(2026, 12, 8, 14).toISOString(); // Tuesday 8 December
    expect(snoozeBase(due, now)).toEqual(new Date(due));
    const c = snoozeChoices(due, now);
    for (const d of [c.nextDay, c.monday, c.week]) expect(d.getTime()).toBeGreaterThan(new Date(due).getTime());
    expect(day(c.nextDay)).toEqual([2026, 12, 9, 9, 0]);
    expect(day(c.monday)).toEqual([2026, 12, 14, 9, 0]);
  });

  it('start from now for a late task or one without a due date', () => {
    const late = at(2026, 12, 1, 9).toISOString();
    expect(snoozeBase(late, now)).toEqual(now);
    expect(snoozeBase(null, now)).toEqual(now);
    expect(day(snoozeChoices(late, now).nextDay)).toEqual([2026, 12, 7, 9, 0]); // Saturday -> Monday
  });
});
