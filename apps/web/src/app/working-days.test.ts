import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromParisWall, parseFrenchDateTime, toParisWall } from './paris-time.ts';
import { nextMonday, nextWorkingDay, snoozeBase, snoozeChoices } from './working-days.ts';

// Instants are written as Paris wall-clock times, and results read back in Paris: the presets must not depend on
// the zone of the machine (a browser in New York or Auckland gets the same Paris 9:00).
const paris = (wall: string) => new Date(fromParisWall(wall) as string);
const wall = (d: Date) => toParisWall(d)?.slice(0, 16);

for (const zone of ['Europe/Paris', 'America/New_York', 'Pacific/Auckland']) {
  describe(`due-date presets, browser in ${zone}`, () => {
    const saved = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = zone;
    });
    afterAll(() => {
      process.env.TZ = saved;
    });

    it('runs in that zone (the test would prove nothing otherwise)', () => {
      expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
    });

    it('the next working day skips Saturday and Sunday and lands at 9:00 Paris', () => {
      expect(wall(nextWorkingDay(paris('2026-12-07 12:00')))).toBe('2026-12-08 09:00'); // Monday -> Tuesday
      expect(wall(nextWorkingDay(paris('2026-12-11 12:00')))).toBe('2026-12-14 09:00'); // Friday -> Monday
      expect(wall(nextWorkingDay(paris('2026-12-12 12:00')))).toBe('2026-12-14 09:00'); // Saturday -> Monday
      expect(wall(nextWorkingDay(paris('2026-12-13 23:00')))).toBe('2026-12-14 09:00'); // Sunday night -> Monday
    });

    it('counts days in Paris: late on Monday evening in Paris is already Tuesday in Auckland, not in Paris', () => {
      expect(wall(nextWorkingDay(paris('2026-12-07 23:30')))).toBe('2026-12-08 09:00');
      expect(wall(nextWorkingDay(paris('2026-12-08 00:30')))).toBe('2026-12-09 09:00');
    });

    it('the next Monday is a week later from a Monday, at 9:00 Paris across a change of summer time', () => {
      expect(wall(nextMonday(paris('2026-12-09 12:00')))).toBe('2026-12-14 09:00');
      expect(wall(nextMonday(paris('2026-12-14 08:00')))).toBe('2026-12-21 09:00');
      // Summer time starts on Sunday 29 March 2026: Monday is at UTC+2.
      const monday = nextMonday(paris('2026-03-27 12:00'));
      expect(wall(monday)).toBe('2026-03-30 09:00');
      expect(monday.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    });

    it('snooze choices start from the due date when it is ahead, else from now', () => {
      const now = paris('2026-12-05 10:00'); // Saturday
      const due = paris('2026-12-08 14:00').toISOString(); // Tuesday
      expect(snoozeBase(due, now)).toEqual(new Date(due));
      const c = snoozeChoices(due, now);
      for (const d of [c.nextDay, c.monday, c.week]) expect(d.getTime()).toBeGreaterThan(new Date(due).getTime());
      expect(wall(c.nextDay)).toBe('2026-12-09 09:00');
      expect(wall(c.monday)).toBe('2026-12-14 09:00');
      expect(wall(c.week)).toBe('2026-12-15 14:00');
      const late = paris('2026-12-01 09:00').toISOString();
      expect(snoozeBase(late, now)).toEqual(now);
      expect(snoozeBase(null, now)).toEqual(now);
      expect(wall(snoozeChoices(late, now).nextDay)).toBe('2026-12-07 09:00'); // Saturday -> Monday
    });

    it('reads and writes picker values as Paris wall-clock times', () => {
      expect(fromParisWall('2026-12-08 09:00:00')).toBe('2026-12-08T08:00:00.000Z');
      expect(fromParisWall('2026-07-08 09:00')).toBe('2026-07-08T07:00:00.000Z');
      expect(toParisWall('2026-12-08T08:00:00.000Z')).toBe('2026-12-08 09:00:00');
      expect(fromParisWall('08/12/2026')).toBeNull();
      expect(toParisWall(null)).toBeNull();
    });
  });
}

describe('dates typed by hand, French style', () => {
  it('reads dd/mm/yyyy with or without a time, as day then month', () => {
    expect(parseFrenchDateTime('08/12/2026 14:30')).toBe('2026-12-08 14:30:00');
    expect(parseFrenchDateTime('08/12/2026')).toBe('2026-12-08 09:00:00');
    expect(parseFrenchDateTime('8/1/2027')).toBe('2027-01-08 09:00:00');
    expect(parseFrenchDateTime('13/02/27 9h')).toBe('2027-02-13 09:00:00');
    expect(parseFrenchDateTime('13.02.2027 à 17h45')).toBe('2027-02-13 17:45:00');
    expect(parseFrenchDateTime('  13-02-2027   08:05 ')).toBe('2027-02-13 08:05:00');
    expect(parseFrenchDateTime('2027-02-13 10:00')).toBe('2027-02-13 10:00:00');
    expect(parseFrenchDateTime('08/12/2026', '00:00')).toBe('2026-12-08 00:00:00');
  });

  it('refuses what is not a real date or time', () => {
    for (const bad of ['31/02/2026', '12/13/2026', '08/12/2026 25:00', '08/12/2026 10:75', 'demain', '', '08/12'])
      expect(parseFrenchDateTime(bad), bad).toBeNull();
  });
});
