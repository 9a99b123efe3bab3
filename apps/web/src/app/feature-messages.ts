/**
 * Every feature's strings, by namespace (`useTranslation('<namespace>')`). A feature's `i18n.ts` exports
 * `{ fr, en }` where `en` is typed by `fr`, so a missing English key fails the typecheck.
 */
import { messages as activity } from '../features/activity/i18n.ts';
import { messages as admin } from '../features/admin/i18n.ts';
import { messages as auth } from '../features/auth/i18n.ts';
import { messages as home } from '../features/home/i18n.ts';
import { messages as imports } from '../features/imports/i18n.ts';
import { messages as mandats } from '../features/mandats/i18n.ts';
import { messages as notifications } from '../features/notifications/i18n.ts';
import { messages as organisations } from '../features/organisations/i18n.ts';
import { messages as people } from '../features/people/i18n.ts';
import { messages as produits } from '../features/produits/i18n.ts';
import { messages as profile } from '../features/profile/i18n.ts';
import { messages as recycleBin } from '../features/recycle-bin/i18n.ts';
import { messages as tasks } from '../features/tasks/i18n.ts';

export const featureMessages: Record<string, { fr: object; en: object }> = {
  activity,
  admin,
  auth,
  home,
  imports,
  mandats,
  notifications,
  organisations,
  people,
  produits,
  profile,
  'recycle-bin': recycleBin,
  tasks,
};
