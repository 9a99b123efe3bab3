import { z } from 'zod';
import type { EnumOption } from './enum-options.ts';
import { squashKey } from './normalise.ts';

/**
 * Readers for the cell kinds of the field catalogue. Each takes a trimmed, non-empty string and returns
 * the value or a stable error code with a French-and-English-neutral message.
 */
export type Coerced<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const ok = <T>(value: T): Coerced<T> => ({ ok: true, value });
const fail = (code: string, message: string): Coerced<never> => ({ ok: false, code, message });

const emailSchema = z.email();

export function coerceEmail(value: string): Coerced<string> {
  const email = value.replace(/^mailto:/i, '').trim();
  return emailSchema.safeParse(email).success
    ? ok(email)
    : fail('import.invalid_email', `"${value}" is not a valid e-mail address`);
}

/** Adds `https://` to a bare domain (`www.acme.fr`); rejects what still is not an http(s) URL. */
export function coerceUrl(value: string): Coerced<string> {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.')) return ok(withScheme);
  } catch {
    // falls through to the error below
  }
  return fail('import.invalid_url', `"${value}" is not a valid web address`);
}

export function coercePhone(value: string): Coerced<string> {
  const phone = value.replace(/\s+/g, ' ');
  return /\d/.test(phone) ? ok(phone) : fail('import.invalid_phone', `"${value}" is not a phone number`);
}

const MULTIPLIERS: [RegExp, number][] = [
  [/\s*(md|mds|mrd|mrds|milliards?|bn|billions?|b)$/i, 1e9],
  [/\s*(m|mio|mn|millions?)$/i, 1e6],
  [/\s*(k|ke|milliers?)$/i, 1e3],
];

/**
 * French and English number formats: `1 250 000,50`, `1.250.000,50`, `1,250,000.50`, `1250000.5`,
 * `12,5 M€` (k, M, Md/bn suffixes), currency signs and non-breaking spaces ignored. With a single
 * separator, a comma is decimal (French); a dot is decimal unless it groups thousands more than once.
 */
export function parseDecimal(value: string): number | null {
  let s = value
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/(€|eur|euros?|\$|usd|chf|£|gbp)/gi, ' ')
    .trim();
  let factor = 1;
  for (const [re, n] of MULTIPLIERS) {
    if (re.test(s)) {
      s = s.replace(re, '');
      factor = n;
      break;
    }
  }
  s = s.replace(/\s/g, '');
  if (!/^[+-]?[\d.,]*\d[\d.,]*$/.test(s)) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    s = s.split(group).join('').replace(decimal, '.');
  } else if (lastComma >= 0) {
    s = count(s, ',') > 1 ? s.replace(/,/g, '') : s.replace(',', '.');
  } else if (lastDot >= 0 && count(s, '.') > 1) {
    s = s.replace(/\./g, '');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const n = Number(s) * factor;
  return Number.isFinite(n) ? Math.round(n * 1e6) / 1e6 : null;
}

export function coerceDecimal(value: string): Coerced<number> {
  const n = parseDecimal(value);
  return n === null ? fail('import.invalid_number', `"${value}" is not a number`) : ok(n);
}

export function coerceInteger(value: string): Coerced<number> {
  const n = parseDecimal(value);
  return n !== null && Number.isInteger(n) ? ok(n) : fail('import.invalid_integer', `"${value}" is not a whole number`);
}

const TRUE_WORDS = new Set(['oui', 'o', 'yes', 'y', 'true', 'vrai', '1', 'x', 'on']);
const FALSE_WORDS = new Set(['non', 'n', 'no', 'false', 'faux', '0', 'off']);

/** oui/non, yes/no, true/false, vrai/faux, 1/0, x (a ticked box). */
export function coerceBoolean(value: string): Coerced<boolean> {
  const key = squashKey(value);
  if (TRUE_WORDS.has(key)) return ok(true);
  if (FALSE_WORDS.has(key)) return ok(false);
  return fail('import.invalid_boolean', `"${value}" is not yes or no`);
}

/** `"a; b, c"` -> `["a", "b", "c"]`, trimmed, without empties or repeats (case-insensitive). */
export function splitList(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of value.split(/[;,|\n]/)) {
    const item = part.trim();
    if (item && !seen.has(item.toLowerCase())) {
      seen.add(item.toLowerCase());
      out.push(item);
    }
  }
  return out;
}

/** Matches a stored value or a French/English label, ignoring case, accents and punctuation. */
export function matchEnum<V extends string>(value: string, options: readonly EnumOption<V>[]): Coerced<V> {
  const key = squashKey(value);
  for (const option of options) {
    const spellings = [option.value, option.label.fr, option.label.en, ...option.aliases];
    if (spellings.some((s) => squashKey(s) === key)) return ok(option.value);
  }
  return fail(
    'import.unknown_value',
    `"${value}" is not one of: ${options.map((o) => `${o.label.fr} (${o.value})`).join(', ')}`,
  );
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}
