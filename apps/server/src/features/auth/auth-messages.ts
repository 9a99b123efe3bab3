import type { MailMessage } from '../../platform/mail/mailer.ts';

/**
 * What the account's owner reads about their sign-ins and password, in their language (French first): the
 * password-reset and invitation mails and the alerts of the login throttle (in-app notification and mail).
 */
export type Locale = 'fr' | 'en';
export const localeOf = (user: { locale: string }): Locale => (user.locale === 'en' ? 'en' : 'fr');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Plain paragraphs to a text and an HTML body. */
function mail(to: string, subject: string, paragraphs: string[]): MailMessage {
  return {
    to,
    subject,
    text: `${paragraphs.join('\n\n')}\n`,
    html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join(''),
  };
}

/** The link is clickable in the HTML version. */
function withClickableLink(message: MailMessage, link: string): MailMessage {
  const html = message.html?.replace(
    `<p>${escapeHtml(link)}</p>`,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
  );
  return { ...message, html };
}

type MailUser = { email: string; name: string; locale: string };

/**
 * The reset link, asked for by the user ("Mot de passe oublié") or sent by an administrator (`byAdmin`): the last
 * paragraph says who asked, so a user who did not ask knows whom to turn to.
 */
export function passwordResetMail(user: MailUser, link: string, opts: { byAdmin?: boolean } = {}): MailMessage {
  const fr = localeOf(user) === 'fr';
  const why = opts.byAdmin
    ? fr
      ? 'Un administrateur du CRM vous a envoyé ce lien. Tant que vous ne l’utilisez pas, votre mot de passe reste le même.'
      : 'A CRM administrator sent you this link. Until you use it, your password stays the same.'
    : fr
      ? 'Si vous n’avez rien demandé, ignorez cet e-mail : votre mot de passe reste le même.'
      : 'If you did not ask for this, ignore this e-mail: your password stays the same.';
  const message = mail(
    user.email,
    fr ? 'Réinitialisez votre mot de passe du CRM' : 'Reset your CRM password',
    fr
      ? [
          `Bonjour ${user.name},`,
          'Pour choisir un nouveau mot de passe, ouvrez ce lien dans l’heure :',
          link,
          'Le nouveau mot de passe déconnectera toutes vos sessions et révoquera toutes vos clés d’API : ' +
            'les intégrations qui les utilisent devront recevoir une nouvelle clé.',
          why,
        ]
      : [
          `Hello ${user.name},`,
          'To choose a new password, open this link within one hour:',
          link,
          'The new password will sign out all your sessions and revoke all your API keys: the integrations ' +
            'that use them will need a new key.',
          why,
        ],
  );
  return withClickableLink(message, link);
}

/** The invitation to a new account: the link lets its owner choose a first password, within `days` days. */
export function invitationMail(user: MailUser, link: string, days: number): MailMessage {
  const fr = localeOf(user) === 'fr';
  const message = mail(
    user.email,
    fr ? 'Votre invitation au CRM' : 'Your invitation to the CRM',
    fr
      ? [
          `Bonjour ${user.name},`,
          `Un compte vient d’être ouvert pour vous dans le CRM, à l’adresse ${user.email}.`,
          `Pour choisir votre mot de passe et accéder au CRM, ouvrez ce lien dans les ${days} jours :`,
          link,
          'Ce lien ne sert qu’une fois. S’il a expiré, demandez à un administrateur de vous renvoyer l’invitation.',
          'Si vous ne vous attendiez pas à cette invitation, ignorez cet e-mail.',
        ]
      : [
          `Hello ${user.name},`,
          `An account was just opened for you in the CRM, with the address ${user.email}.`,
          `To choose your password and get in, open this link within ${days} days:`,
          link,
          'The link works once. If it has expired, ask an administrator to send the invitation again.',
          'If you did not expect this invitation, ignore this e-mail.',
        ],
  );
  return withClickableLink(message, link);
}

export type LoginAlertKind = 'failures' | 'protected';

export interface LoginAlert {
  /** Notification type. */
  type: `auth.${'login_failures' | 'account_protected'}`;
  title: string;
  body: string;
}

/** The alert for `kind` after `failures` failed sign-ins in `hours`, the last one from `ip`. */
export function loginAlert(
  locale: Locale,
  kind: LoginAlertKind,
  input: { failures: number; hours: number; ip: string | null },
): LoginAlert {
  const { failures, hours } = input;
  const from = input.ip
    ? locale === 'fr'
      ? ` (la dernière depuis l’adresse ${input.ip})`
      : ` (the last from ${input.ip})`
    : '';
  if (kind === 'failures') {
    return locale === 'fr'
      ? {
          type: 'auth.login_failures',
          title: 'Échecs de connexion répétés sur votre compte',
          body:
            `${failures} tentatives de connexion à votre compte ont échoué en ${hours} heures${from}. ` +
            'Les nouvelles tentatives depuis ces adresses sont ralenties. Si ce n’était pas vous, changez votre mot ' +
            'de passe. Vous pouvez toujours vous connecter depuis un autre appareil ou réseau.',
        }
      : {
          type: 'auth.login_failures',
          title: 'Repeated failed sign-ins on your account',
          body:
            `${failures} sign-in attempts on your account failed in ${hours} hours${from}. ` +
            'Further attempts from those addresses are slowed down. If this was not you, change your password. ' +
            'You can still sign in from another device or network.',
        };
  }
  return locale === 'fr'
    ? {
        type: 'auth.account_protected',
        title: 'Votre compte est protégé après de nombreux échecs de connexion',
        body:
          `${failures} tentatives de connexion à votre compte ont échoué en ${hours} heures${from}. ` +
          'Jusqu’à ce qu’elles cessent, la connexion n’est possible que depuis un appareil ou un réseau d’où vous ' +
          'vous êtes déjà connecté, ou après avoir réinitialisé votre mot de passe (« Mot de passe oublié »).',
      }
    : {
        type: 'auth.account_protected',
        title: 'Your account is protected after many failed sign-ins',
        body:
          `${failures} sign-in attempts on your account failed in ${hours} hours${from}. ` +
          'Until they stop, you can only sign in from a device or network you signed in from before, or after ' +
          'resetting your password ("Forgot password").',
      };
}

export function loginAlertMail(user: { email: string; name: string; locale: string }, alert: LoginAlert): MailMessage {
  const fr = localeOf(user) === 'fr';
  return mail(user.email, alert.title, [
    fr ? `Bonjour ${user.name},` : `Hello ${user.name},`,
    alert.body,
    fr
      ? 'Ce message est envoyé automatiquement par le CRM ; vous le retrouvez aussi dans vos notifications.'
      : 'This message is sent automatically by the CRM; you will also find it in your notifications.',
  ]);
}
