const fr = {
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

const en: typeof fr = {
  greeting: {
    morning: 'Good morning {{name}}',
    afternoon: 'Good afternoon {{name}}',
    evening: 'Good evening {{name}}',
  },
  summary_zero: 'No urgent tasks today.',
  summary_one: 'You have {{count}} task due today or overdue.',
  summary_other: 'You have {{count}} tasks due today or overdue.',
  figures: {
    title: 'Key figures',
    overdue: 'Overdue tasks',
    today: 'Due today',
    organisations: 'Organisations',
    people: 'Contacts',
    openMandats: 'Open mandates',
    wonThisYear: 'Won in {{year}}',
    about: 'about',
  },
  tasks: {
    title: 'My tasks',
    overdue: 'Overdue',
    today: 'Today',
    all: 'All my tasks',
    emptyTitle: 'Nothing urgent',
    emptyHint: 'No overdue tasks and nothing due today. Plan your next follow-ups.',
    more: '+ {{count}} more',
  },
  pipeline: {
    title: 'Open mandates by stage',
    all: 'Open the pipeline',
    count_one: '{{count}} mandate',
    count_other: '{{count}} mandates',
    emptyTitle: 'No open mandates',
    emptyHint: 'Create a mandate to follow a distribution or placement opportunity.',
    bar: '{{stage}}: {{count}}, {{amount}}',
  },
  interactions: {
    title: 'Recent interactions',
    emptyTitle: 'No recent interactions',
    emptyHint: 'Log your calls, meetings and e-mails from an organisation or a contact page.',
    by: 'by {{name}}',
  },
};

export const messages = { fr, en };
