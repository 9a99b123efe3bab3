import { useTranslation } from 'react-i18next';
import { intlLocale } from '../../app/i18n.ts';

/**
 * The board's formatting with Intl formatters built once per locale (and currency): the shared `useFormat()`
 * builds a new Intl object on every call, which a board of a hundred cards pays several times per render.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function compact(locale: string, currency: string) {
  const key = `${locale}|${currency}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
    numberFormats.set(key, f);
  }
  return f;
}

function day(locale: string) {
  let f = dateFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Paris' });
    dateFormats.set(locale, f);
  }
  return f;
}

export function useFastFormat() {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return {
    compactMoney: (value: string | number | null | undefined, currency = 'EUR') => {
      if (value === null || value === undefined || value === '') return '—';
      const n = Number(value);
      return Number.isNaN(n) ? '—' : compact(locale, currency).format(n);
    },
    date: (value: string | null | undefined) => (value ? day(locale).format(new Date(value)) : '—'),
  };
}
