import { useTranslation } from 'react-i18next';
import { intlLocale } from './i18n.ts';

/** Locale-aware formatting of amounts, numbers and dates (`1 250 000 €` in French). */
export function useFormat() {
  const { i18n } = useTranslation();
  return formatters(intlLocale(i18n.language));
}

export function formatters(locale: string) {
  const toNumber = (v: string | number | null | undefined) =>
    v === null || v === undefined || v === '' ? null : Number(v);
  const toDate = (v: string | Date | null | undefined) => (v ? (v instanceof Date ? v : new Date(v)) : null);
  return {
    money(value: string | number | null | undefined, currency = 'EUR') {
      const n = toNumber(value);
      if (n === null || Number.isNaN(n)) return '—';
      return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
    },
    /** Short amounts for tight places: `1,3 M€`. */
    compactMoney(value: string | number | null | undefined, currency = 'EUR') {
      const n = toNumber(value);
      if (n === null || Number.isNaN(n)) return '—';
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumFractionDigits: 1,
      }).format(n);
    },
    number(value: string | number | null | undefined, digits = 0) {
      const n = toNumber(value);
      if (n === null || Number.isNaN(n)) return '—';
      return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
    },
    percent(value: number | null | undefined) {
      if (value === null || value === undefined) return '—';
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
    },
    date(value: string | Date | null | undefined) {
      const d = toDate(value);
      return d ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(d) : '—';
    },
    dateTime(value: string | Date | null | undefined) {
      const d = toDate(value);
      return d
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(
            d,
          )
        : '—';
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
      const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      for (const [unit, size] of units)
        if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
      return rtf.format(seconds, 'second');
    },
  };
}
export type Formatters = ReturnType<typeof formatters>;
