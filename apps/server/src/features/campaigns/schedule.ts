import { DateTime } from 'luxon';

/**
 * When a campaign's mail leaves (docs/CAMPAIGNS.md, "Schedule"): at once, at a date in Europe/Paris, or at a wall-clock
 * time in each recipient's own time zone, and always inside the send window (days of the week and hours, in the
 * recipient's zone for a local-time campaign, else in Paris).
 */

export const PARIS = 'Europe/Paris';

/**
 * The time zone of a country, for people whose own is not known: the capital's where a country has several. Countries
 * not listed (rare among the firm's contacts) get Paris.
 */
const COUNTRY_ZONES: Record<string, string> = {
  FR: 'Europe/Paris',
  MC: 'Europe/Monaco',
  BE: 'Europe/Brussels',
  LU: 'Europe/Luxembourg',
  CH: 'Europe/Zurich',
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  NL: 'Europe/Amsterdam',
  IT: 'Europe/Rome',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  DK: 'Europe/Copenhagen',
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  FI: 'Europe/Helsinki',
  PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague',
  GR: 'Europe/Athens',
  MA: 'Africa/Casablanca',
  TN: 'Africa/Tunis',
  DZ: 'Africa/Algiers',
  SN: 'Africa/Dakar',
  CI: 'Africa/Abidjan',
  AE: 'Asia/Dubai',
  SG: 'Asia/Singapore',
  HK: 'Asia/Hong_Kong',
  JP: 'Asia/Tokyo',
  CN: 'Asia/Shanghai',
  US: 'America/New_York',
  CA: 'America/Toronto',
  BR: 'America/Sao_Paulo',
  AU: 'Australia/Sydney',
  RE: 'Indian/Reunion',
  GP: 'America/Guadeloupe',
  MQ: 'America/Martinique',
  NC: 'Pacific/Noumea',
  PF: 'Pacific/Tahiti',
};

export function timeZoneOfCountry(countryCode: string | null | undefined): string {
  return COUNTRY_ZONES[(countryCode ?? '').toUpperCase()] ?? PARIS;
}

/** The days (ISO: 1 = Monday … 7 = Sunday) and the hours (`HH:mm`, end excluded) mail may leave. */
export interface SendWindow {
  days: number[];
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The instant a wall-clock time (`2026-12-10T09:00`) is in `zone` (a time skipped by a DST change moves forward). */
export function localToInstant(local: string, zone: string): Date {
  return DateTime.fromISO(local, { zone }).toJSDate();
}

/** The first instant at or after `at` that lies in the window, read in `zone`; `at` itself without a window. */
export function nextInWindow(at: Date, zone: string, window: SendWindow | null): Date {
  if (!window || window.days.length === 0) return at;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  let t = DateTime.fromJSDate(at, { zone });
  for (let i = 0; i < 8; i++) {
    const minute = t.hour * 60 + t.minute;
    if (window.days.includes(t.weekday)) {
      if (minute >= start && minute < end) return t.toJSDate();
      if (minute < start)
        return t.set({ hour: Math.floor(start / 60), minute: start % 60, second: 0, millisecond: 0 }).toJSDate();
    }
    t = t.startOf('day').plus({ days: 1 });
  }
  return at;
}
