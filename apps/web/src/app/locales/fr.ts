/** French strings (default language). en.ts must have the same keys: its type is checked against this one. */
export const fr = {
  app: { name: 'CRM Distribution', language: 'Langue' },
  signIn: {
    title: 'Connexion',
    subtitle: 'La connexion arrive bientôt : ce formulaire est un aperçu.',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    submit: 'Se connecter',
  },
  health: {
    checking: 'API : vérification…',
    ok: 'API : disponible',
    down: 'API : indisponible',
  },
  notFound: {
    title: 'Page introuvable',
    body: 'Cette adresse ne correspond à aucune page.',
    home: "Retour à l'accueil",
  },
};

export type Messages = typeof fr;
