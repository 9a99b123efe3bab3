/**
 * Wall-clock times in Europe/Paris, whatever the browser's zone: the app shows every time in Paris (format.ts), so
 * what a user types or picks ("08/12/2026 09:00") is a Paris time too, and presets ("demain 9 h") are Paris 9:00. The
 * date pickers work with `YYYY-MM-DD HH:mm:ss` wall-clock strings; these turn them into instants and back.
 */
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

export const PARIS = 'Europe/Paris';
/** The wall-clock format of Mantine's pickers. */
export const WALL = 'YYYY-MM-DD HH:mm:ss';

/** An instant as a dayjs in Paris (its `.hour()`, `.day()`, ... are Paris ones). */
export const inParis = (d: Date | string | number, zone = PARIS) => dayjs(d).tz(zone);

/** Today in Paris, as a calendar day (YYYY-MM-DD). */
export const parisToday = (now = new Date()) => inParis(now).format('YYYY-MM-DD');

/** The Paris wall-clock string of an instant, for a picker's value. */
export function toParisWall(d: Date | string | null | undefined, zone = PARIS): string | null {
  if (!d) return null;
  const x = dayjs(d);
  return x.isValid() ? x.tz(zone).format(WALL) : null;
}

/** The instant of a Paris wall-clock string (`YYYY-MM-DD HH:mm[:ss]`), as an ISO string; null if unreadable. */
export function fromParisWall(wall: string | null | undefined, zone = PARIS): string | null {
  if (!wall) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}))?$/.exec(wall.trim());
  if (!m) return null;
  const d = dayjs.tz(`${m[1]} ${m[2]}:${m[3] ?? '00'}`, WALL, zone);
  return d.isValid() ? d.toISOString() : null;
}

/**
 * A date typed by hand, French style: `08/12/2026`, `8/12/26`, `08-12-2026`, `08.12.2026`, with an optional time
 * (`14:30`, `14h30`, `14h`); a day without a time is at `defaultTime` (9:00, the firm's working morning). Also takes the
 * ISO form. Answers the picker's wall-clock string, or null for anything that is not a real date (31/02/2026).
 */
export function parseFrenchDateTime(text: string, defaultTime = '09:00'): string | null {
  const s = text.trim().replace(/\s+/g, ' ');
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})[:h](\d{2})?)?$/i.exec(s);
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:,? (?:à )?(\d{1,2})(?:[:h](\d{2})?)?)?$/i.exec(s);
  let y: number;
  let mo: number;
  let d: number;
  let time: [string | undefined, string | undefined];
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    time = [iso[4], iso[5]];
  } else if (fr) {
    [d, mo, y] = [Number(fr[1]), Number(fr[2]), Number(fr[3])];
    if (y < 100) y += 2000;
    time = [fr[4], fr[5]];
  } else return null;
  const [dh, dm] = defaultTime.split(':');
  const h = Number(time[0] ?? dh);
  const mi = Number(time[0] === undefined ? dm : (time[1] ?? 0));
  const date = new Date(Date.UTC(y, mo - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  if (!real || h > 23 || mi > 59) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p(mo)}-${p(d)} ${p(h)}:${p(mi)}:00`;
}
