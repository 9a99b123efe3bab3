import type { Messages } from './i18n.fr.ts';

/** The English strings of the `recycle-bin` namespace (typed by the French ones: a missing key fails the typecheck). */
export const en: Messages = {
  on: '{{action}}: {{target}}',
  title: 'Recycle bin',
  subtitle: 'Deleted items stay here for 30 days: restore them before they are erased for good.',
  filter: 'Item type',
  all: 'All',
  types: {
    organisation: 'Organisations',
    person: 'Contacts',
    mandat: 'Mandates',
    interaction: 'Interactions',
    task: 'Tasks',
    produit: 'Funds',
  },
  columns: {
    type: 'Type',
    label: 'Item',
    deletedAt: 'Deleted',
    deletedBy: 'By',
    purgeAt: 'Erased for good',
    actions: 'Actions',
  },
  restore: 'Restore',
  restoreOne: 'Restore “{{label}}”',
  restoreSelection: 'Restore the selection',
  restored_one: '{{count}} item restored',
  restored_other: '{{count}} items restored',
  restoreFailed_one: '{{count}} item could not be restored',
  restoreFailed_other: '{{count}} items could not be restored',
  loadMore: 'Show more',
  emptyTitle: 'The recycle bin is empty',
  emptyHint: 'What you delete (organisations, contacts, mandates, tasks…) shows up here for 30 days.',
  emptyFiltered: 'No items of this type in the recycle bin',
  showAll: 'Show every type',
};
