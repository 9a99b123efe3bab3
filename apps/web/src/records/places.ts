import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../app/i18n.ts';

/** ISO 3166-1 alpha-2 codes (what the API stores in `countryCode`). */
const COUNTRIES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');
/** The firm's usual markets, offered first. */
const FREQUENT_COUNTRIES = ['FR', 'BE', 'LU', 'CH', 'MC', 'DE', 'ES', 'IT', 'GB', 'NL'];
/** ISO 639-1 codes offered for `language` (stored upper-case by the API). */
const LANGUAGES = [
  'FR',
  'EN',
  'DE',
  'ES',
  'IT',
  'NL',
  'PT',
  'LB',
  'AR',
  'ZH',
  'JA',
  'RU',
  'PL',
  'SV',
  'DA',
  'NO',
  'FI',
  'EL',
  'TR',
  'HE',
  'CS',
  'HU',
  'RO',
];

function displayNames(locale: string, type: 'region' | 'language') {
  try {
    return new Intl.DisplayNames([locale], { type, fallback: 'code' });
  } catch {
    return null;
  }
}

/** Country and language names in the interface language, and the options of their pickers. */
export function usePlaces() {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return useMemo(() => {
    const regions = displayNames(locale, 'region');
    const languages = displayNames(locale, 'language');
    const countryName = (code: string | null | undefined) =>
      code ? (regions?.of(code.toUpperCase()) ?? code.toUpperCase()) : '—';
    const languageName = (code: string | null | undefined) => {
      if (!code) return '—';
      const name = languages?.of(code.toLowerCase()) ?? code;
      return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
    };
    const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, locale);
    const countryOptions = COUNTRIES.map((c) => ({ value: c, label: countryName(c) })).sort(byName);
    const frequent = FREQUENT_COUNTRIES.map((c) => ({ value: c, label: countryName(c) }));
    const languageOptions = LANGUAGES.map((l) => ({ value: l, label: languageName(l) })).sort(byName);
    return {
      countryName,
      languageName,
      /** Flat list (filters). */
      countryOptions,
      /** Usual markets first, then every country (pickers). */
      countryGroups: (labels: { frequent: string; all: string }) => [
        { group: labels.frequent, items: frequent },
        { group: labels.all, items: countryOptions.filter((o) => !FREQUENT_COUNTRIES.includes(o.value)) },
      ],
      languageOptions,
    };
  }, [locale]);
}

/** Adds a value the list does not know (a code stored by an import) so a picker can still show it. */
export function withValue(options: { value: string; label: string }[], value: string | null | undefined) {
  if (!value || options.some((o) => o.value === value)) return options;
  return [{ value, label: value }, ...options];
}
