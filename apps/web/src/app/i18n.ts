import { LOCALES } from '@crm/contracts';
import i18n from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en.ts';
import { fr } from './locales/fr.ts';

export { LOCALES };
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'crm.lang';

/** French unless the person chose another language before (kept in localStorage). */
function initialLanguage(): string {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return stored && (LOCALES as readonly string[]).includes(stored) ? stored : LOCALES[0];
}

/**
 * `translation` (shared strings) is bundled; each feature's strings are its own namespace, named after its
 * folder (`useTranslation('people')` reads `features/people/i18n.ts`; the record kit's, `records/i18n.ts`, is
 * `records`), loaded with the feature's page, so
 * the first page does not carry every feature's text. A feature's `i18n.ts` exports `{ fr, en }` with
 * `en` typed by `fr`: a missing English key fails the typecheck.
 */
const featureMessages = import.meta.glob<{ messages: Record<Locale, object> }>([
  '../features/*/i18n.ts',
  '../records/i18n.ts',
]);
const loaders = new Map(Object.entries(featureMessages).map(([path, load]) => [path.split('/').at(-2), load]));

void i18n
  .use(
    resourcesToBackend(async (lng: string, ns: string) => {
      const load = loaders.get(ns);
      if (!load) throw new Error(`No strings for the i18n namespace "${ns}"`);
      return (await load()).messages[lng as Locale];
    }),
  )
  .use(initReactI18next)
  .init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    partialBundledLanguages: true,
    ns: ['translation'],
    lng: initialLanguage(),
    fallbackLng: LOCALES[0],
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false }, // React escapes already
  });

i18n.on('languageChanged', (lng) => {
  globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

/** BCP 47 tag for Intl formatting of the current language. */
export function intlLocale(lng: string = i18n.language): string {
  return lng === 'en' ? 'en-GB' : 'fr-FR';
}

export default i18n;
