import type { Messages } from './fr.ts';

export const en: Messages = {
  app: { name: 'CRM Distribution', language: 'Language' },
  signIn: {
    title: 'Sign in',
    subtitle: 'Sign-in is coming soon: this form is a preview.',
    email: 'E-mail address',
    password: 'Password',
    submit: 'Sign in',
  },
  health: {
    checking: 'API: checking…',
    ok: 'API: available',
    down: 'API: unavailable',
  },
  notFound: { title: 'Page not found', body: 'This address matches no page.', home: 'Back to the home page' },
};
