// Typed translations: `t('a.key')` compiles only if the key exists in the French resource of the namespace the
// `useTranslation` call names (French is the reference: every other language is typed by it). A misspelt or removed
// key fails `npm run typecheck`.
import type { fr as admin } from '../features/admin/i18n.fr.ts';
import type { fr as auth } from '../features/auth/i18n.fr.ts';
import type { fr as campaigns } from '../features/campaigns/i18n.fr.ts';
import type { fr as home } from '../features/home/i18n.fr.ts';
import type { fr as imports } from '../features/imports/i18n.fr.ts';
import type { fr as integrations } from '../features/integrations/i18n.fr.ts';
import type { fr as mandats } from '../features/mandats/i18n.fr.ts';
import type { fr as notifications } from '../features/notifications/i18n.fr.ts';
import type { fr as organisations } from '../features/organisations/i18n.fr.ts';
import type { fr as people } from '../features/people/i18n.fr.ts';
import type { fr as productAnalytics } from '../features/product-analytics/i18n.fr.ts';
import type { fr as produits } from '../features/produits/i18n.fr.ts';
import type { fr as profile } from '../features/profile/i18n.fr.ts';
import type { fr as recyclebin } from '../features/recycle-bin/i18n.fr.ts';
import type { fr as salesAnalytics } from '../features/sales-analytics/i18n.fr.ts';
import type { fr as tasks } from '../features/tasks/i18n.fr.ts';
import type { fr as records } from '../records/i18n.fr.ts';
import type { fr } from './locales/fr.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: typeof fr;
      admin: typeof admin;
      auth: typeof auth;
      campaigns: typeof campaigns;
      home: typeof home;
      imports: typeof imports;
      integrations: typeof integrations;
      mandats: typeof mandats;
      notifications: typeof notifications;
      organisations: typeof organisations;
      people: typeof people;
      'product-analytics': typeof productAnalytics;
      produits: typeof produits;
      profile: typeof profile;
      'recycle-bin': typeof recyclebin;
      'sales-analytics': typeof salesAnalytics;
      tasks: typeof tasks;
      records: typeof records;
    };
  }
}

/**
 * A key made of data the compiler cannot check (a code the API sends as a plain string, a key chosen at run time): the
 * one way around typed keys, and easy to find. Prefer typing the value (`Stage`, not `string`) so the key is checked;
 * i18next shows the key itself when a resource lacks it.
 */
export const dynamicKey = (key: string) => key as never;
