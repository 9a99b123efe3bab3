import { useTranslation } from 'react-i18next';
import { intlLocale } from './i18n.ts';

/**
 * Intl formatters are costly to build (a board of a hundred cards would build several per card and render): each
 * one is built once per locale and options, then reused.
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  kind: string,
  locale: string,
  options: object,
  build: () => F,
): F {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as F | undefined;
  if (!f) {
    f = build();
    cache.set(key, f);
  }
  return f;
}

/** A cached `Intl.NumberFormat`. */
export const numberFormat = (locale: string, options: Intl.NumberFormatOptions = {}) =>
  cached('number', locale, options, () => new Intl.NumberFormat(locale, options));

/** A cached `Intl.DateTimeFormat` (Paris time unless the options say otherwise). */
export const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions = {}) =>
  cached('date', locale, options, () => new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Paris', ...options }));

const relativeFormat = (locale: string) =>
  cached('relative', locale, {}, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));

/** Locale-aware formatting of amounts, numbers and dates (`1 250 000 €` in French); the same object per locale. */
export function useFormat() {
  const { i18n } = useTranslation();
  return formatters(intlLocale(i18n.language));
}

const byLocale = new Map<string, ReturnType<typeof buildFormatters>>();
export function formatters(locale: string) {
  let f = byLocale.get(locale);
  if (!f) {
    f = buildFormatters(locale);
    byLocale.set(locale, f);
  }
  return f;
}

function buildFormatters(locale: string) {
  const toNumber = (v: string | number | null | undefined) =>
    v === null || v === undefined || v === '' ? null : Number(v);
  const toDate = (v: string | Date | null | undefined) => (v ? (v instanceof Date ? v : new Date(v)) : null);
  return {
    money(value: string | number | null | undefined, currency = 'EUR') {
      const n = toNumber(value);
      if (n === null || Number.isNaN(n)) return '—';
      return numberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
    },
    /** Short amounts for tight places: `1,3 M€`. */
    compactMoney(value: string | number | null | undefined, currency = 'EUR') {
      const n = toNumber(value);
      if (n === null || Number.isNaN(n)) return '—';
      return numberFormat(locale, {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumFractionDigits: 1,
      }).format(n);
    },
    number(value: string | number | null | undefined, digits = 0) {
      const n = toNumber(value);
      if (n === null || Number.isNaN(n)) return '—';
      return numberFormat(locale, { maximumFractionDigits: digits }).format(n);
    },
    percent(value: number | null | undefined) {
      if (value === null || value === undefined) return '—';
      return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
    },
    date(value: string | Date | null | undefined) {
      const d = toDate(value);
      return d ? dateTimeFormat(locale, { dateStyle: 'medium' }).format(d) : '—';
    },
    dateTime(value: string | Date | null | undefined) {
      const d = toDate(value);
      return d ? dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d) : '—';
    },
    /** "il y a 3 jours", "dans 2 heures". */
    relative(value: string | Date | null | undefined, now = new Date()) {
      const d = toDate(value);
      if (!d) return '—';
      const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
      const units: [Intl.RelativeTimeFormatUnit, number][] = [
        ['year', 31_536_000],
        ['month', 2_592_000],
        ['week', 604_800],
        ['day', 86_400],
        ['hour', 3_600],
        ['minute', 60],
      ];
      const rtf = relativeFormat(locale);
      for (const [unit, size] of units)
        if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
      return rtf.format(seconds, 'second');
    },
  };
}
export type Formatters = ReturnType<typeof formatters>;

/** A file size in the reader's units (`1,5 Mo` in French, `1.5 MB` in English). */
export function formatBytes(bytes: number, locale: string): string {
  const units = locale.startsWith('fr') ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${numberFormat(locale, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(n)} ${units[i]}`;
}
