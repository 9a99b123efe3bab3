import { LOCALES } from '@crm/contracts';
import i18n from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
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
 * One file per language and namespace, so a page loads only the language in use. `translation` (the shared strings)
 * is bundled in French, the default, and loaded on demand in English; each feature's strings are its own namespace,
 * named after its folder (`useTranslation('people')` reads `features/people/i18n.<lang>.ts`; the record kit's,
 * `records/i18n.<lang>.ts`, is `records`), loaded with the feature's page, so the first page does not carry every
 * feature's text. `i18n.en.ts` is typed by `i18n.fr.ts`: a missing English key fails the typecheck, and a key no
 * French resource holds fails it too (app/i18n-types.ts).
 */
const namespaceFiles = import.meta.glob<Partial<Record<Locale, object>>>([
  '../features/*/i18n.*.ts',
  '../records/i18n.*.ts',
]);
/** `people:en` -> the loader of features/people/i18n.en.ts. */
const loaders = new Map(
  Object.entries(namespaceFiles).map(([path, load]) => {
    const [, ns, lng] = path.match(/\/([\w-]+)\/i18n\.(\w+)\.ts$/) ?? [];
    return [`${ns}:${lng}`, load];
  }),
);

async function loadNamespace(lng: string, ns: string): Promise<object> {
  if (ns === 'translation') return lng === 'en' ? (await import('./locales/en.ts')).en : fr;
  const load = loaders.get(`${ns}:${lng}`);
  const strings = load && (await load())[lng as Locale];
  if (!strings) throw new Error(`No ${lng} strings for the i18n namespace "${ns}"`);
  return strings;
}

void i18n
  .use(resourcesToBackend(loadNamespace))
  .use(initReactI18next)
  .init({
    resources: { fr: { translation: fr } },
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
