import { LOCALES } from '@crm/contracts';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { featureMessages } from './feature-messages.ts';
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

/** `translation` holds the shared strings; each feature has its own namespace (its folder name). */
const resources = {
  fr: { translation: fr, ...Object.fromEntries(Object.entries(featureMessages).map(([ns, m]) => [ns, m.fr])) },
  en: { translation: en, ...Object.fromEntries(Object.entries(featureMessages).map(([ns, m]) => [ns, m.en])) },
};

void i18n.use(initReactI18next).init({
  resources,
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
