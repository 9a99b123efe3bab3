import { normaliseKey } from './normalise.ts';

/** Month names and abbreviations, French and English, normalised (no accents, no dots). */
const MONTHS: Record<string, number> = {};
const monthNames: [number, string[]][] = [
  [1, ['janvier', 'janv', 'jan', 'january']],
  [2, ['fevrier', 'fevr', 'fev', 'feb', 'february']],
  [3, ['mars', 'mar', 'march']],
  [4, ['avril', 'avr', 'apr', 'april']],
  [5, ['mai', 'may']],
  [6, ['juin', 'jun', 'june']],
  [7, ['juillet', 'juil', 'jul', 'july']],
  [8, ['aout', 'aug', 'august']],
  [9, ['septembre', 'sept', 'sep', 'september']],
  [10, ['octobre', 'oct', 'october']],
  [11, ['novembre', 'nov', 'november']],
  [12, ['decembre', 'dec', 'december']],
];
for (const [n, names] of monthNames) for (const name of names) MONTHS[name] = n;

/**
 * A date as people write it -> ISO `YYYY-MM-DD`, or null when it is not one we understand.
 * Accepted: `DD/MM/YYYY` (also `-` or `.`, and two-digit years: 00-69 -> 20xx), `YYYY-MM-DD` (a time part
 * is dropped), `24 Nov 2026` / `24 nov. 2026` / `24 novembre 2026` (LinkedIn), `Nov 24, 2026`.
 * Day-first is assumed for slashes (a French CRM); month-first only when day-first is impossible (`11/24/2026`).
 */
export function parseDate(value: string): string | null {
  const s = value.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s+[\d:]+)?$/.exec(s);
  if (m) {
    const [first, second] = [Number(m[1]), Number(m[2])];
    // day first, unless that cannot be a date and month first can (US exports: 11/24/2026)
    return second > 12 && first <= 12 ? isoOf(fullYear(m[3]!), first, second) : isoOf(fullYear(m[3]!), second, first);
  }
  const words = normaliseKey(s).split(' ');
  if (words.length === 3) {
    const [first, b, c] = words as [string, string, string];
    const a = first === '1er' ? '1' : first;
    if (/^\d{1,2}$/.test(a) && MONTHS[b] && /^\d{4}$/.test(c)) return isoOf(Number(c), MONTHS[b], Number(a));
    if (MONTHS[a] && /^\d{1,2}$/.test(b) && /^\d{4}$/.test(c)) return isoOf(Number(c), MONTHS[a], Number(b));
  }
  return null;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function isoOf(year: number, month: number, day: number): string | null {
  if (year < 1000 || year > 9999) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}
