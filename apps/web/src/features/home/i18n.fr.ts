/** The French strings of the `home` namespace: the reference, every other language is typed by it. */
export const fr = {
  greeting: {
    morning: 'Bonjour {{name}}',
    afternoon: 'Bon après-midi {{name}}',
    evening: 'Bonsoir {{name}}',
  },
  summary_zero: 'Aucune tâche urgente aujourd’hui.',
  summary_one: 'Vous avez {{count}} tâche à traiter aujourd’hui ou en retard.',
  summary_other: 'Vous avez {{count}} tâches à traiter aujourd’hui ou en retard.',
  figures: {
    title: 'Chiffres clés',
    overdue: 'Tâches en retard',
    today: 'Tâches du jour',
    organisations: 'Organisations',
    people: 'Contacts',
    openMandats: 'Mandats ouverts',
    wonThisYear: 'Gagnés en {{year}}',
    /** A figure the server estimated (beyond 1,000 rows): never shown as an exact count. */
    about: 'environ',
  },
  tasks: {
    title: 'Mes tâches',
    overdue: 'En retard',
    today: 'Aujourd’hui',
    all: 'Toutes mes tâches',
    emptyTitle: 'Rien d’urgent',
    emptyHint: 'Aucune tâche en retard ni prévue aujourd’hui. Planifiez vos prochaines relances.',
    more: '+ {{count}} autres',
  },
  charts: { title: 'Vos ventes sur 12 mois', all: 'Toutes les analyses' },
  pipeline: {
    title: 'Mandats ouverts par étape',
    all: 'Voir le pipeline',
    count_one: '{{count}} mandat',
    count_other: '{{count}} mandats',
    emptyTitle: 'Aucun mandat ouvert',
    emptyHint: 'Créez un mandat pour suivre une opportunité de distribution ou de placement.',
    bar: '{{stage}} : {{count}}, {{amount}}',
  },
  interactions: {
    title: 'Interactions récentes',
    emptyTitle: 'Aucune interaction récente',
    emptyHint: 'Notez vos appels, rendez-vous et e-mails depuis la fiche d’une organisation ou d’un contact.',
    by: 'par {{name}}',
  },
};

export type Messages = typeof fr;
