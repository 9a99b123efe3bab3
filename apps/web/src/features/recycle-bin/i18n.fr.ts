/** The French strings of the `recycle-bin` namespace: the reference, every other language is typed by it. */
export const fr = {
  /** An action on a named item, for accessible names ("Reporter : Relancer Dupont"). */
  on: '{{action}} : {{target}}',
  title: 'Corbeille',
  subtitle: 'Les éléments supprimés y restent 30 jours : restaurez-les avant leur effacement définitif.',
  filter: 'Type d’élément',
  all: 'Tout',
  types: {
    organisation: 'Organisations',
    person: 'Contacts',
    mandat: 'Mandats',
    interaction: 'Interactions',
    task: 'Tâches',
    produit: 'Fonds',
  },
  columns: {
    type: 'Type',
    label: 'Élément',
    deletedAt: 'Supprimé',
    deletedBy: 'Par',
    purgeAt: 'Effacement définitif',
    actions: 'Actions',
  },
  restore: 'Restaurer',
  restoreOne: 'Restaurer « {{label}} »',
  restoreSelection: 'Restaurer la sélection',
  restored_one: '{{count}} élément restauré',
  restored_other: '{{count}} éléments restaurés',
  restoreFailed_one: '{{count}} élément n’a pas pu être restauré',
  restoreFailed_other: '{{count}} éléments n’ont pas pu être restaurés',
  loadMore: 'Afficher plus',
  emptyTitle: 'La corbeille est vide',
  emptyHint: 'Ce que vous supprimez (organisations, contacts, mandats, tâches…) apparaît ici pendant 30 jours.',
  emptyFiltered: 'Aucun élément de ce type dans la corbeille',
  showAll: 'Voir tous les types',
};

export type Messages = typeof fr;
