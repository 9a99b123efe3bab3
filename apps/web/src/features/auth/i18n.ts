const fr = {
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

const en: typeof fr = {
  signIn: {
    title: 'Sign in',
    subtitle: 'Access your distribution CRM.',
    email: 'E-mail address',
    password: 'Password',
    submit: 'Sign in',
    forgot: 'Forgot your password?',
    totpTitle: 'Two-step verification',
    totpHelp: 'Enter the 6-digit code from your authenticator app, or a backup code.',
    totp: 'Verification code',
    verify: 'Verify',
    useOtherAccount: 'Use another account',
    badCredentials: 'Wrong e-mail or password.',
    badCode: 'Wrong or expired code.',
    tooMany: 'Too many attempts. Try again in {{minutes}} min.',
    protected:
      'This account saw many failed sign-ins. Sign in from a device or network you used before, or reset your password.',
  },
  forgot: {
    title: 'Forgot password',
    help: 'Enter your e-mail address: if an account exists, you will receive a link valid for one hour.',
    submit: 'Send the link',
    sent: 'If an account exists for this address, an e-mail is on its way. Check your spam folder too.',
    back: 'Back to sign in',
  },
  reset: {
    title: 'New password',
    help: 'At least 12 characters. Avoid common passwords.',
    password: 'New password',
    confirm: 'Confirm the password',
    mismatch: 'The two passwords differ.',
    submit: 'Change password',
    done: 'Password changed. You can sign in.',
    keysRevoked_zero: 'Your sessions were signed out. You had no active API key.',
    keysRevoked_one:
      'Your sessions were signed out and your API key was revoked: the integrations that used it will need a new one.',
    keysRevoked_other:
      'Your sessions were signed out and your {{count}} API keys were revoked: the integrations that used them will need new ones.',
    missingToken: 'This link is incomplete. Ask for a new link.',
    invalidToken: 'This link has expired or was already used. Ask for a new one.',
    newLink: 'Ask for a new link',
    common: 'This password is one of the most common ones: choose another.',
    containsEmail: 'The password must not contain your e-mail address.',
    signIn: 'Sign in',
  },
  invitation: {
    title: 'Welcome to the CRM',
    help: 'Choose your password: at least 12 characters, avoiding common passwords.',
    password: 'Your password',
    submit: 'Save my password',
    done: 'Your password is saved. Sign in with your e-mail address and this password.',
    missingToken: 'This invitation link is incomplete: open it again from the e-mail you received.',
    invalidToken:
      'This invitation link has expired or was already used. Ask an administrator to send the invitation again.',
  },
};

export const messages = { fr, en };
