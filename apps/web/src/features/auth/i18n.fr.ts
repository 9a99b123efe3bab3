/** The French strings of the `auth` namespace: the reference, every other language is typed by it. */
export const fr = {
  signIn: {
    title: 'Connexion',
    subtitle: 'Accédez à votre CRM de distribution.',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    submit: 'Se connecter',
    forgot: 'Mot de passe oublié ?',
    totpTitle: 'Vérification en deux étapes',
    totpHelp: 'Saisissez le code à 6 chiffres de votre application d’authentification, ou un code de secours.',
    totp: 'Code de vérification',
    verify: 'Vérifier',
    useOtherAccount: 'Changer de compte',
    badCredentials: 'E-mail ou mot de passe incorrect.',
    badCode: 'Code incorrect ou expiré.',
    tooMany: 'Trop de tentatives. Réessayez dans {{minutes}} min.',
    protected:
      'Ce compte a subi de nombreuses tentatives de connexion. Connectez-vous depuis un appareil ou un réseau déjà utilisé, ou réinitialisez votre mot de passe.',
  },
  forgot: {
    title: 'Mot de passe oublié',
    help: 'Indiquez votre adresse e-mail : si un compte existe, vous recevrez un lien valable une heure.',
    submit: 'Envoyer le lien',
    sent: 'Si un compte existe pour cette adresse, un e-mail vient de partir. Pensez à vérifier les indésirables.',
    back: 'Retour à la connexion',
  },
  reset: {
    title: 'Nouveau mot de passe',
    help: 'Au moins 12 caractères. Évitez les mots de passe courants.',
    password: 'Nouveau mot de passe',
    confirm: 'Confirmez le mot de passe',
    mismatch: 'Les deux mots de passe ne correspondent pas.',
    submit: 'Changer le mot de passe',
    done: 'Mot de passe changé. Vous pouvez vous connecter.',
    keysRevoked_zero: 'Vos sessions ont été fermées. Vous n’aviez aucune clé d’API active.',
    keysRevoked_one:
      'Vos sessions ont été fermées et votre clé d’API a été révoquée : les intégrations qui l’utilisaient devront en recevoir une nouvelle.',
    keysRevoked_other:
      'Vos sessions ont été fermées et vos {{count}} clés d’API ont été révoquées : les intégrations qui les utilisaient devront en recevoir de nouvelles.',
    missingToken: 'Ce lien est incomplet. Demandez un nouveau lien.',
    invalidToken: 'Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.',
    newLink: 'Demander un nouveau lien',
    common: 'Ce mot de passe fait partie des plus courants : choisissez-en un autre.',
    containsEmail: 'Le mot de passe ne doit pas contenir votre adresse e-mail.',
    signIn: 'Se connecter',
  },
  invitation: {
    title: 'Bienvenue dans le CRM',
    help: 'Choisissez votre mot de passe : au moins 12 caractères, en évitant les mots de passe courants.',
    password: 'Votre mot de passe',
    submit: 'Enregistrer mon mot de passe',
    done: 'Votre mot de passe est enregistré. Connectez-vous avec votre adresse e-mail et ce mot de passe.',
    missingToken: 'Ce lien d’invitation est incomplet : ouvrez-le de nouveau depuis l’e-mail reçu.',
    invalidToken:
      'Ce lien d’invitation a expiré ou a déjà servi. Demandez à un administrateur de vous renvoyer l’invitation.',
  },
};

export type Messages = typeof fr;
