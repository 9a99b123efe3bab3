import type { Messages } from './i18n.fr.ts';

/** The English strings of the `notifications` namespace (typed by the French ones: a missing key fails the typecheck). */
export const en: Messages = {
  title: 'Notifications',
  bell_one: 'Notifications: {{count}} unread',
  bell_other: 'Notifications: {{count}} unread',
  markAllRead: 'Mark all as read',
  allReadDone: 'All notifications are read',
  empty: 'No notifications yet.',
  emptyHint: 'You will be told here when a task is assigned to you or when a mandate moves on.',
  unread: 'Unread',
  list: 'Your notifications',
};
