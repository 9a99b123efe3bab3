import type { Messages } from './i18n.fr.ts';

/** The English strings of the `home` namespace (typed by the French ones: a missing key fails the typecheck). */
export const en: Messages = {
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
  charts: { title: 'Your sales over 12 months', all: 'All analytics' },
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
