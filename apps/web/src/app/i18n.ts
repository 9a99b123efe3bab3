import { LOCALES } from '@crm/contracts';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en.ts';
import { fr } from './locales/fr.ts';

export { LOCALES };

const STORAGE_KEY = 'crm.lang';

/** French unless the person chose another language before (kept in localStorage). */
function initialLanguage(): string {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return stored && (LOCALES as readonly string[]).includes(stored) ? stored : LOCALES[0];
}

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en } },
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

export default i18n;
