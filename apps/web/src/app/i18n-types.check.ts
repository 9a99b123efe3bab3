// Type-level checks of typed translations, run by `npm run typecheck` (this file is imported by nothing: no bundle
// carries it). Each `@ts-expect-error` fails the typecheck if the line below it ever compiles.
import i18n from 'i18next';

export function typedTranslationChecks() {
  i18n.t('nav.home'); // a key of the shared namespace
  i18n.t('home:figures.about'); // a key of a feature's namespace
  // @ts-expect-error a key no French resource holds does not compile
  i18n.t('nav.hoem');
  // @ts-expect-error nor one of a feature's namespace
  i18n.t('home:figures.abut');
}
