import { encryptSecret } from '../../platform/auth/tokens.ts';
import { newId } from '../../platform/db/ids.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { deterministicJobId } from '../../platform/jobs/queue.ts';
import { BODY_PURPOSE, currentSmtp, sendMailJob } from './mail.job.ts';

export { type MailOutcome, type MailOutcomeHandler, registerMailOutcomeHandler } from './mail.job.ts';
/** The outcome hook (docs/MAIL.md): a feature hears how each of its mails ended, in the transaction recording it. */
export type { MailCategory } from './mail.schema.ts';

import { insertMail } from './mail.repo.ts';
import type { MailCategory } from './mail.schema.ts';

/** A mail to send, written in the recipient's language by its feature (docs/MAIL.md). */
export interface OutgoingMail {
  category: MailCategory;
  to: string;
  locale: 'fr' | 'en';
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Holds a secret (a password link): its body is dropped once sent. */
  sensitive?: boolean;
  /** The user it is written to, if any. */
  userId?: string | null;
  /** The sender's display name (the address is the mail settings'), and where replies go. */
  fromName?: string | null;
  replyTo?: string | null;
}

/**
 * Queues a mail in the transaction `t` (docs/MAIL.md, "Durable mail"): the mail and its `send-mail` job exist if and
 * only if `t` commits; the worker sends it, once, retrying while SMTP is down. Returns its id and Message-ID.
 */
export async function queueMail(t: Tx, mail: OutgoingMail): Promise<{ id: string; messageId: string }> {
  const { deps } = t.ctx;
  const id = newId();
  const messageId = `<${id}@${new URL(deps.config.appUrl).hostname}>`;
  const body = JSON.stringify({
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.fromName ? { fromName: mail.fromName } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
  });
  await insertMail(t.db, {
    id,
    category: mail.category,
    toAddress: mail.to,
    locale: mail.locale,
    subject: mail.subject,
    bodySealed: encryptSecret(deps.config.sessionSecret, body, BODY_PURPOSE),
    headers: mail.headers ?? {},
    messageId,
    sensitive: mail.sensitive ?? false,
    userId: mail.userId ?? null,
    createdAt: deps.clock.now(),
    updatedAt: deps.clock.now(),
  });
  await deps.queue.enqueue(t, sendMailJob, { mailId: id }, { id: deterministicJobId(`send-mail:${id}`) });
  return { id, messageId };
}

/** Whether mail leaves at all: a server on the settings page or SMTP_URL (without one, mails go to the log). */
export async function mailServerSet(t: Tx): Promise<boolean> {
  return (await currentSmtp(t.ctx.deps, t.db)) !== null;
}
