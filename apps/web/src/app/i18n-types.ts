// Typed translations: `t('a.key')` compiles only if the key exists in the French resource of the namespace the
// `useTranslation` call names (French is the reference: every other language is typed by it). A misspelt or removed
// key fails `npm run typecheck`.
import type { messages as adminMessages } from '../features/admin/i18n.ts';
import type { messages as authMessages } from '../features/auth/i18n.ts';
import type { messages as homeMessages } from '../features/home/i18n.ts';
import type { messages as importsMessages } from '../features/imports/i18n.ts';
import type { messages as integrationsMessages } from '../features/integrations/i18n.ts';
import type { messages as mandatsMessages } from '../features/mandats/i18n.ts';
import type { messages as notificationsMessages } from '../features/notifications/i18n.ts';
import type { messages as organisationsMessages } from '../features/organisations/i18n.ts';
import type { messages as peopleMessages } from '../features/people/i18n.ts';
import type { messages as produitsMessages } from '../features/produits/i18n.ts';
import type { messages as profileMessages } from '../features/profile/i18n.ts';
import type { messages as recyclebinMessages } from '../features/recycle-bin/i18n.ts';
import type { messages as tasksMessages } from '../features/tasks/i18n.ts';
import type { messages as recordsMessages } from '../records/i18n.ts';
import type { fr } from './locales/fr.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: typeof fr;
      admin: typeof adminMessages.fr;
      auth: typeof authMessages.fr;
      home: typeof homeMessages.fr;
      imports: typeof importsMessages.fr;
      integrations: typeof integrationsMessages.fr;
      mandats: typeof mandatsMessages.fr;
      notifications: typeof notificationsMessages.fr;
      organisations: typeof organisationsMessages.fr;
      people: typeof peopleMessages.fr;
      produits: typeof produitsMessages.fr;
      profile: typeof profileMessages.fr;
      'recycle-bin': typeof recyclebinMessages.fr;
      tasks: typeof tasksMessages.fr;
      records: typeof recordsMessages.fr;
    };
  }
}

/**
 * A key made of data the compiler cannot check (a code the API sends as a plain string, a key chosen at run time): the
 * one way around typed keys, and easy to find. Prefer typing the value (`Stage`, not `string`) so the key is checked;
 * i18next shows the key itself when a resource lacks it.
 */
export const dynamicKey = (key: string) => key as never;
