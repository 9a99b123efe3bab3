import type { Messages } from './i18n.fr.ts';

/** The English strings of the `auth` namespace (typed by the French ones: a missing key fails the typecheck). */
export const en: Messages = {
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
