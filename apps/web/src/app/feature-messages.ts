/**
 * Every feature's strings, by namespace (`useTranslation('<namespace>')`). A feature's `i18n.ts` exports
 * `{ fr, en }` where `en` is typed by `fr`, so a missing English key fails the typecheck.
 */
import { messages as auth } from '../features/auth/i18n.ts';
import { messages as organisations } from '../features/organisations/i18n.ts';

export const featureMessages: Record<string, { fr: object; en: object }> = {
  auth,
  organisations,
};
