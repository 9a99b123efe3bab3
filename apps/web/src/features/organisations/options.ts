import { LEGAL_BASES, ORGANISATION_CATEGORIES, ORGANISATION_TYPES, SOURCES } from '@crm/contracts';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../../app/i18n.ts';

/** Countries offered in pickers (the API takes any ISO 3166-1 alpha-2 code; a stored one is always shown). */
const COUNTRIES = [
  'FR',
  'LU',
  'BE',
  'CH',
  'MC',
  'DE',
  'AT',
  'IT',
  'ES',
  'PT',
  'NL',
  'IE',
  'GB',
  'DK',
  'SE',
  'NO',
  'FI',
  'PL',
  'CZ',
  'GR',
  'AD',
  'LI',
  'MT',
  'CY',
  'US',
  'CA',
  'BR',
  'MX',
  'JP',
  'SG',
  'HK',
  'CN',
  'KR',
  'IN',
  'AU',
  'AE',
  'SA',
  'QA',
  'KW',
  'BH',
  'IL',
  'MA',
  'TN',
  'ZA',
];
const LANGUAGES = ['FR', 'EN', 'DE', 'IT', 'ES', 'NL', 'PT'];

export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
export type OrganisationCategory = (typeof ORGANISATION_CATEGORIES)[number];

/** Select options of the organisation's enum fields, translated. */
export function useOrganisationOptions() {
  const { t, i18n } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const locale = intlLocale(i18n.language);
  const regions = new Intl.DisplayNames([locale], { type: 'region' });
  const languages = new Intl.DisplayNames([locale], { type: 'language' });
  const countryName = (code: string | null | undefined) => (code ? (regions.of(code.toUpperCase()) ?? code) : '—');
  const languageName = (code: string | null | undefined) => (code ? (languages.of(code.toLowerCase()) ?? code) : '—');
  const withCurrent = (codes: string[], current?: string | null) =>
    current && !codes.includes(current.toUpperCase()) ? [...codes, current.toUpperCase()] : codes;
  return {
    type: ORGANISATION_TYPES.map((v) => ({ value: v, label: tc(`enums.organisationType.${v}`) })),
    category: ORGANISATION_CATEGORIES.map((v) => ({ value: v, label: v })),
    source: SOURCES.map((v) => ({ value: v, label: tc(`enums.source.${v}`) })),
    tier: ['1', '2', '3'].map((v) => ({ value: v, label: `Tier ${v}` })),
    legalBasis: LEGAL_BASES.map((v) => ({ value: v, label: t(`legalBasis.${v}`) })),
    countries: (current?: string | null) =>
      withCurrent(COUNTRIES, current)
        .map((c) => ({ value: c, label: `${countryName(c)} (${c})` }))
        .sort((a, b) => a.label.localeCompare(b.label, locale)),
    languages: (current?: string | null) =>
      withCurrent(LANGUAGES, current).map((c) => ({ value: c, label: languageName(c) })),
    countryName,
    languageName,
  };
}

/** An AMF licence number as the server accepts it (organisations.contracts.ts): GP-, then 8 digits; dash optional. */
export const AMF_LICENCE = /^GP-?\d{8}$/i;
