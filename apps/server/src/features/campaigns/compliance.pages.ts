import { MARKETING_TOPICS, type MarketingTopic } from './campaigns.schema.ts';

/**
 * The pages a recipient reaches from a mail, without signing in (docs/CAMPAIGNS.md, "Compliance"): plain HTML served
 * by the API (no script, works in any browser a mail client opens), in the mail's language, with the firm's name.
 * Sentences speak of the address, not of the person, so no gender agreement is guessed.
 */

type Locale = 'fr' | 'en';

const TEXT = {
  fr: {
    topics: {
      newsletter: 'La lettre d’information',
      fund_launch: 'Les lancements de fonds',
      event: 'Les invitations à nos événements',
      market_insight: 'Nos analyses de marché',
    } satisfies Record<MarketingTopic, string>,
    unsubscribeTitle: 'Se désinscrire',
    unsubscribeLead: (a: string, c: string) => `L’adresse ${a} ne recevra plus aucun e-mail d’information de ${c}.`,
    confirm: 'Confirmer la désinscription',
    chooseInstead: 'Choisir plutôt les sujets qui m’intéressent',
    doneTitle: 'Désinscription enregistrée',
    done: (a: string, c: string) => `L’adresse ${a} ne recevra plus d’e-mail d’information de ${c}.`,
    mistake: 'Une erreur ? Vous pouvez recevoir à nouveau nos e-mails :',
    resubscribe: 'Recevoir à nouveau nos e-mails',
    alreadyOut: (a: string) => `L’adresse ${a} est déjà désinscrite de tous nos e-mails d’information.`,
    blocked: (a: string) =>
      `L’adresse ${a} ne reçoit plus nos e-mails (elle a été signalée comme injoignable ou retirée à votre demande). Pour la réactiver, écrivez-nous.`,
    prefsTitle: 'Vos préférences',
    prefsLead: (a: string) => `Choisissez ce que l’adresse ${a} reçoit de notre part.`,
    save: 'Enregistrer mes choix',
    saved: 'Vos choix sont enregistrés.',
    resubscribed: 'C’est noté : vous recevrez à nouveau nos e-mails.',
    allOut: 'Ne plus rien recevoir',
    invalidTitle: 'Lien non valide',
    invalid:
      'Ce lien n’est pas valide : il a peut-être été coupé ou modifié. Ouvrez à nouveau le lien depuis l’e-mail reçu.',
    previewTitle: 'Aperçu',
    preview:
      'Ceci est un aperçu : dans un envoi réel, ce lien mène le destinataire à la page où il se désinscrit ou choisit les sujets qu’il reçoit, sans se connecter.',
    legal: (c: string) =>
      `${c} conserve la trace de vos choix pour les respecter (RGPD). Vous pouvez aussi exercer vos droits en nous écrivant.`,
  },
  en: {
    topics: {
      newsletter: 'The newsletter',
      fund_launch: 'Fund launches',
      event: 'Invitations to our events',
      market_insight: 'Our market insights',
    } satisfies Record<MarketingTopic, string>,
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeLead: (a: string, c: string) =>
      `The address ${a} will no longer receive any marketing e-mail from ${c}.`,
    confirm: 'Confirm',
    chooseInstead: 'Choose the topics I want instead',
    doneTitle: 'You are unsubscribed',
    done: (a: string, c: string) => `The address ${a} will no longer receive marketing e-mails from ${c}.`,
    mistake: 'A mistake? You can receive our e-mails again:',
    resubscribe: 'Receive our e-mails again',
    alreadyOut: (a: string) => `The address ${a} is already unsubscribed from all our marketing e-mails.`,
    blocked: (a: string) =>
      `The address ${a} no longer receives our e-mails (it was reported unreachable or removed at your request). Write to us to restore it.`,
    prefsTitle: 'Your preferences',
    prefsLead: (a: string) => `Choose what the address ${a} receives from us.`,
    save: 'Save my choices',
    saved: 'Your choices are saved.',
    resubscribed: 'Noted: you will receive our e-mails again.',
    allOut: 'Receive nothing',
    invalidTitle: 'Invalid link',
    invalid:
      'This link is not valid: it may have been cut or changed. Open the link again from the e-mail you received.',
    previewTitle: 'Preview',
    preview:
      'This is a preview: in a real mailing, this link takes the recipient to the page where they unsubscribe or choose their topics, without signing in.',
    legal: (c: string) => `${c} keeps a record of your choices to respect them (GDPR). You may also write to us.`,
  },
};

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** `camille.martin@cabinet.fr` → `c•••@cabinet.fr`: enough to recognise one's address, not to harvest it. */
export function maskAddress(a: string): string {
  const [local, domain] = a.split('@');
  return `${(local ?? '').slice(0, 1)}•••@${domain ?? ''}`;
}

const STYLE = `body{margin:0;background:#f1f3f5;font:16px/1.55 Arial,Helvetica,sans-serif;color:#1f2933}
main{max-width:560px;margin:40px auto;background:#fff;border-radius:8px;padding:28px 28px 20px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.brand{font-weight:700;color:#0b3d91;margin:0 0 16px;font-size:18px}h1{font-size:22px;margin:0 0 12px}
button{font:inherit;border:0;border-radius:6px;padding:10px 16px;cursor:pointer;background:#1864ab;color:#fff;margin:4px 0}
button.secondary{background:#e9ecef;color:#1f2933}a{color:#1864ab}fieldset{border:0;padding:0;margin:12px 0}
label{display:flex;gap:10px;align-items:center;padding:6px 0}input[type=checkbox]{width:20px;height:20px}
.note{background:#e7f5ff;border-radius:6px;padding:10px 12px}.small{font-size:13px;color:#5c6670;margin-top:20px}
@media (max-width:600px){main{margin:0;border-radius:0;min-height:100vh;box-sizing:border-box}button{width:100%}}`;

/** The page's frame: the firm's name, a title, the content (already escaped HTML). */
function frame(locale: Locale, company: string, title: string, content: string): string {
  const t = TEXT[locale];
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)} · ${esc(company)}</title><style>${STYLE}</style></head>
<body><main><p class="brand">${esc(company)}</p><h1>${esc(title)}</h1>${content}
<p class="small">${esc(t.legal(company))}</p></main></body></html>`;
}

export const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function invalidPage(locale: Locale, company: string): string {
  return frame(locale, company, TEXT[locale].invalidTitle, `<p>${esc(TEXT[locale].invalid)}</p>`);
}

export function previewPage(locale: Locale, company: string): string {
  return frame(locale, company, TEXT[locale].previewTitle, `<p>${esc(TEXT[locale].preview)}</p>`);
}

export interface PageState {
  locale: Locale;
  company: string;
  address: string;
  token: string;
  suppressed: { reason: string } | null;
  topicsOff: MarketingTopic[];
}

const resubscribeForm = (s: PageState) =>
  `<form method="post" action="/email/preferences/${s.token}"><input type="hidden" name="action" value="resubscribe">` +
  `<button type="submit">${esc(TEXT[s.locale].resubscribe)}</button></form>`;

const selfUndoable = (s: PageState) => s.suppressed?.reason === 'unsubscribed' || s.suppressed?.reason === 'complained';

export function unsubscribePage(s: PageState): string {
  const t = TEXT[s.locale];
  const a = maskAddress(s.address);
  if (s.suppressed) {
    const body = selfUndoable(s)
      ? `<p>${esc(t.alreadyOut(a))}</p><p>${esc(t.mistake)}</p>${resubscribeForm(s)}`
      : `<p>${esc(t.blocked(a))}</p>`;
    return frame(s.locale, s.company, t.unsubscribeTitle, body);
  }
  return frame(
    s.locale,
    s.company,
    t.unsubscribeTitle,
    `<p>${esc(t.unsubscribeLead(a, s.company))}</p>
<form method="post" action="/email/unsubscribe/${s.token}"><button type="submit">${esc(t.confirm)}</button></form>
<p><a href="/email/preferences/${s.token}">${esc(t.chooseInstead)}</a></p>`,
  );
}

export function unsubscribedPage(s: PageState): string {
  const t = TEXT[s.locale];
  const a = maskAddress(s.address);
  return frame(
    s.locale,
    s.company,
    t.doneTitle,
    `<p class="note" role="status">${esc(t.done(a, s.company))}</p><p>${esc(t.mistake)}</p>${resubscribeForm(s)}`,
  );
}

export function preferencesPage(s: PageState, notice?: 'saved' | 'resubscribed'): string {
  const t = TEXT[s.locale];
  const a = maskAddress(s.address);
  const note = notice ? `<p class="note" role="status">${esc(t[notice])}</p>` : '';
  if (s.suppressed) {
    const body = selfUndoable(s)
      ? `<p>${esc(t.alreadyOut(a))}</p>${resubscribeForm(s)}`
      : `<p>${esc(t.blocked(a))}</p>`;
    return frame(s.locale, s.company, t.prefsTitle, note + body);
  }
  const boxes = MARKETING_TOPICS.map(
    (topic) =>
      `<label><input type="checkbox" name="receive" value="${topic}"${s.topicsOff.includes(topic) ? '' : ' checked'}> ${esc(t.topics[topic])}</label>`,
  ).join('');
  return frame(
    s.locale,
    s.company,
    t.prefsTitle,
    `${note}<p>${esc(t.prefsLead(a))}</p>
<form method="post" action="/email/preferences/${s.token}"><input type="hidden" name="action" value="save">
<fieldset>${boxes}</fieldset><button type="submit">${esc(t.save)}</button></form>
<form method="post" action="/email/unsubscribe/${s.token}"><button type="submit" class="secondary">${esc(t.allOut)}</button></form>`,
  );
}
