/** Day boundaries in Europe/Paris, the business's time zone (DST-aware, computed without a library). */
const TZ = 'Europe/Paris';

function offsetMinutes(at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: TZ, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The instant the Paris day of `now`, shifted by `addDays`, starts. */
export function parisDayStart(now: Date, addDays = 0): Date {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(now)
    .split('-')
    .map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d + addDays);
  let at = utcMidnight - offsetMinutes(new Date(utcMidnight)) * 60_000;
  const again = utcMidnight - offsetMinutes(new Date(at)) * 60_000;
  if (again !== at) at = again;
  return new Date(at);
}

/** The calendar day (YYYY-MM-DD) of `now` in Paris: "today" for contracts, views and reports. */
export function parisIsoDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
}

/** The instant the Paris calendar year of `now` starts (1 January, 00:00 in Paris). */
export function parisYearStart(now: Date): Date {
  const year = Number(parisIsoDay(now).slice(0, 4));
  return parisDayStart(new Date(Date.UTC(year, 0, 1, 12)));
}
