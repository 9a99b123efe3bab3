const fr = {
  title: 'Notifications',
  bell_one: 'Notifications : {{count}} non lue',
  bell_other: 'Notifications : {{count}} non lues',
  markAllRead: 'Tout marquer comme lu',
  allReadDone: 'Toutes les notifications sont lues',
  empty: 'Aucune notification pour le moment.',
  emptyHint: 'Vous serez prévenu ici quand on vous assigne une tâche ou quand un mandat avance.',
  unread: 'Non lue',
  list: 'Vos notifications',
};

const en: typeof fr = {
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

export const messages = { fr, en };
