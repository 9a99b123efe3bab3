import countries from 'i18n-iso-countries';
import { normaliseKey } from './normalise.ts';

/**
 * Country names and codes -> ISO 3166-1 alpha-2. The codes are those of ISO 3166-1 as `i18n-iso-countries` lists
 * them (the API's country fields and the imports share this list); names come from ICU (French and English) and from
 * that library, plus the usual shorthands; alpha-3 codes (`FRA`) are read too.
 */
const ALIASES: Record<string, string> = {
  france: 'FR',
  fra: 'FR',
  luxembourg: 'LU',
  lux: 'LU',
  'grand duche de luxembourg': 'LU',
  belgique: 'BE',
  belgium: 'BE',
  bel: 'BE',
  suisse: 'CH',
  switzerland: 'CH',
  che: 'CH',
  espagne: 'ES',
  spain: 'ES',
  esp: 'ES',
  allemagne: 'DE',
  germany: 'DE',
  deu: 'DE',
  italie: 'IT',
  italy: 'IT',
  ita: 'IT',
  'royaume uni': 'GB',
  'united kingdom': 'GB',
  uk: 'GB',
  gbr: 'GB',
  angleterre: 'GB',
  england: 'GB',
  'grande bretagne': 'GB',
  'great britain': 'GB',
  ecosse: 'GB',
  scotland: 'GB',
  monaco: 'MC',
  mco: 'MC',
  'pays bas': 'NL',
  netherlands: 'NL',
  'the netherlands': 'NL',
  hollande: 'NL',
  holland: 'NL',
  nld: 'NL',
  portugal: 'PT',
  irlande: 'IE',
  ireland: 'IE',
  autriche: 'AT',
  austria: 'AT',
  liechtenstein: 'LI',
  andorre: 'AD',
  andorra: 'AD',
  'etats unis': 'US',
  'etats unis d amerique': 'US',
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  'emirats arabes unis': 'AE',
  eau: 'AE',
  uae: 'AE',
  'united arab emirates': 'AE',
  'hong kong': 'HK',
  singapour: 'SG',
  singapore: 'SG',
};

/** The ISO 3166-1 alpha-2 codes, upper case. */
const ISO_CODES: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));

/** Whether `code` is an ISO 3166-1 alpha-2 code, in any case (`fr`, `FR`). */
export function isCountryCode(code: string): boolean {
  return code.length === 2 && ISO_CODES.has(code.toUpperCase());
}

const byName = new Map<string, string>(Object.entries(ALIASES));

(function loadNames() {
  for (const locale of ['fr', 'en']) {
    for (const [code, names] of Object.entries(countries.getNames(locale, { select: 'all' }))) {
      for (const name of names) {
        const key = normaliseKey(name);
        if (!byName.has(key)) byName.set(key, code);
      }
    }
  }
  let fr: Intl.DisplayNames;
  let en: Intl.DisplayNames;
  try {
    fr = new Intl.DisplayNames(['fr'], { type: 'region', fallback: 'none' });
    en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  } catch {
    return;
  }
  for (const code of ISO_CODES) {
    for (const names of [fr, en]) {
      const name = names.of(code);
      if (!name || name === code) continue;
      const key = normaliseKey(name);
      if (!byName.has(key)) byName.set(key, code);
    }
  }
})();

/** `"Royaume-Uni"` -> `"GB"`, `"lu"` -> `"LU"`, `"FRA"` -> `"FR"`, `"Atlantis"` or `"ZZ"` -> `null`. */
export function countryCodeOf(value: string): string | null {
  const trimmed = value.trim();
  if (/^[a-z]{2}$/i.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (code === 'UK') return 'GB';
    return ISO_CODES.has(code) ? code : null;
  }
  const named = byName.get(normaliseKey(trimmed));
  if (named) return named;
  return /^[a-z]{3}$/i.test(trimmed) ? (countries.alpha3ToAlpha2(trimmed.toUpperCase()) ?? null) : null;
}
