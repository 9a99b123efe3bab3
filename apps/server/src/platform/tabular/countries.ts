import { normaliseKey } from './normalise.ts';

/**
 * Country names and codes -> ISO 3166-1 alpha-2. Names come from ICU (French and English, every region
 * Node knows) plus the usual shorthands; two-letter codes are accepted when ICU knows them.
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

/** Region codes ICU lists that are not countries. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB']);

const byName = new Map<string, string>(Object.entries(ALIASES));
const knownCodes = new Set<string>(Object.values(ALIASES));

(function loadIcuNames() {
  let fr: Intl.DisplayNames;
  let en: Intl.DisplayNames;
  try {
    fr = new Intl.DisplayNames(['fr'], { type: 'region', fallback: 'none' });
    en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  } catch {
    return;
  }
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      for (const names of [fr, en]) {
        const name = names.of(code);
        if (!name || name === code) continue;
        knownCodes.add(code);
        const key = normaliseKey(name);
        if (!byName.has(key)) byName.set(key, code);
      }
    }
  }
})();

/** `"Royaume-Uni"` -> `"GB"`, `"lu"` -> `"LU"`, `"Atlantis"` -> `null`. */
export function countryCodeOf(value: string): string | null {
  const trimmed = value.trim();
  if (/^[a-z]{2}$/i.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (code === 'UK') return 'GB';
    return knownCodes.has(code) ? code : null;
  }
  return byName.get(normaliseKey(trimmed)) ?? null;
}
