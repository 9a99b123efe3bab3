/** The French strings of the `notifications` namespace: the reference, every other language is typed by it. */
export const fr = {
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

export type Messages = typeof fr;
