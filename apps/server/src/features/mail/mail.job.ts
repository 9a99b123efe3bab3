import { z } from 'zod';
import { decryptSecret } from '../../platform/auth/tokens.ts';
import { type Deps, systemCtx } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { defineJob, type JobContext } from '../../platform/jobs/define-job.ts';
import type { SmtpSettings } from '../../platform/mail/mailer.ts';
import type { MailRow, MailSettingsRow } from './mail.repo.ts';
import { claimMail, findMail, readMailSettings, settleMail } from './mail.repo.ts';
import type { MailCategory } from './mail.schema.ts';

/** The sealing purposes of the mail bodies and of the settings page's SMTP password (platform/auth/tokens.ts). */
export const BODY_PURPOSE = 'mail-body';
export const PASSWORD_PURPOSE = 'smtp-password';

/** Attempts after the first: at a 30 s delay doubling each time (pg-boss backoff), the last one about 8 hours on. */
export const MAIL_RETRY_LIMIT = 10;
/** One attempt's lease: longer than the job's expiry, so a slow attempt is never taken twice. */
const LEASE_MS = 3 * 60_000;

/** The SMTP server of the settings page as nodemailer's URL (`smtps://` for TLS, `requireTLS` for STARTTLS). */
export function smtpOfSettings(row: MailSettingsRow, sessionSecret: string): SmtpSettings {
  const auth = row.username
    ? `${encodeURIComponent(row.username)}${
        row.passwordSealed
          ? `:${encodeURIComponent(decryptSecret(sessionSecret, row.passwordSealed, PASSWORD_PURPOSE))}`
          : ''
      }@`
    : '';
  const scheme = row.security === 'tls' ? 'smtps' : 'smtp';
  const query = row.security === 'starttls' ? '?requireTLS=true' : row.security === 'none' ? '?ignoreTLS=true' : '';
  return { url: `${scheme}://${auth}${row.host}:${row.port}${query}`, from: row.fromAddress };
}

/**
 * Where mail goes now: the settings page's server, else SMTP_URL, else nowhere (the log). `db`: the transaction in
 * progress, when there is one (on PGlite another connection would wait for it to end).
 */
export async function currentSmtp(deps: Deps, db: Queryable = deps.database.db): Promise<SmtpSettings | null> {
  const row = await readMailSettings(db);
  return row ? smtpOfSettings(row, deps.config.sessionSecret) : deps.config.smtp;
}

/** How a mail's delivery ended, for the feature that wrote it (docs/MAIL.md, "Outcome hook"). */
export type MailOutcome = {
  mailId: string;
  messageId: string;
  category: MailCategory;
  to: string;
  at: Date;
} & (
  | { status: 'sent'; response: string }
  | {
      status: 'failed';
      error: string;
      /** The SMTP reply code when the server answered (550), null when it never did (down to the last attempt). */
      responseCode: number | null;
      /** The SMTP command the server refused (`RCPT TO`: the recipient; `DATA`: the message), when it answered. */
      command: string | null;
      /** A refusal (5xx), as opposed to the retries running out. */
      permanent: boolean;
    }
);

/** Called in the transaction that records the outcome, under the system's context: what it writes commits with it. */
export type MailOutcomeHandler = (t: Tx, outcome: MailOutcome) => Promise<void>;

const outcomeHandlers = new Map<MailCategory, MailOutcomeHandler>();

/** One handler per category, registered at boot (bootstrap.ts, from the features' `mailOutcomes`). */
export function registerMailOutcomeHandler(category: MailCategory, handler: MailOutcomeHandler): void {
  const current = outcomeHandlers.get(category);
  if (current && current !== handler) throw new Error(`mail outcome handler for "${category}" registered twice`);
  outcomeHandlers.set(category, handler);
}

/**
 * Records the outcome and tells the mail's feature, in one transaction. Should the handler fail, the outcome is
 * recorded alone: a mail the server took must be marked sent whatever happens, or it would be sent again.
 */
async function settle(
  ctx: JobContext,
  mail: MailRow,
  record: Parameters<typeof settleMail>[2],
  outcome: MailOutcome | null,
): Promise<void> {
  const handler = outcome ? outcomeHandlers.get(mail.category) : undefined;
  if (!handler || !outcome) return settleMail(ctx.deps.database.db, mail.id, record);
  try {
    await withTx(systemCtx(ctx.deps), async (t) => {
      await settleMail(t.db, mail.id, record);
      await handler(t, outcome);
    });
  } catch (err) {
    ctx.log.error({ mailId: mail.id, err }, 'mail outcome handler failed; outcome recorded without it');
    await settleMail(ctx.deps.database.db, mail.id, record);
  }
}

/** An SMTP answer that will not change on retry: the server refused the message or the recipient (5xx). */
function permanent(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  return typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH';
}

const about = (mail: MailRow, at: Date) => ({
  mailId: mail.id,
  messageId: mail.messageId,
  category: mail.category,
  to: mail.toAddress,
  at,
});

/**
 * One attempt at one mail (docs/MAIL.md, "Durable mail"): take it (nothing to do when it is sent, failed, or held by
 * a live attempt elsewhere), send it with its Message-ID, record the outcome. A refusal (5xx) fails it at once; anything
 * else (SMTP down, a timeout, a wrong password) puts it back in the queue and throws, for pg-boss to try again later,
 * until the last attempt fails it.
 */
export async function deliverMail(mailId: string, ctx: JobContext): Promise<{ status: string }> {
  const { deps } = ctx;
  const db = deps.database.db;
  const now = deps.clock.now();
  const mail = await claimMail(db, mailId, now, new Date(now.getTime() + LEASE_MS));
  if (!mail) {
    const current = await findMail(db, mailId);
    if (!current || current.status === 'sent' || current.status === 'failed')
      return { status: current?.status ?? 'gone' };
    throw new Error(`mail ${mailId} is being sent by another attempt`);
  }
  if (!mail.bodySealed) {
    await settleMail(db, mailId, { status: 'failed', error: 'no body to send', at: now });
    return { status: 'failed' };
  }
  const body = JSON.parse(decryptSecret(deps.config.sessionSecret, mail.bodySealed, BODY_PURPOSE)) as {
    text: string;
    html?: string;
    fromName?: string;
    replyTo?: string;
  };
  try {
    const sent = await deps.mailer.send(
      { to: mail.toAddress, subject: mail.subject, ...body, headers: mail.headers, messageId: mail.messageId },
      await currentSmtp(deps),
    );
    const at = deps.clock.now();
    await settle(
      ctx,
      mail,
      { status: 'sent', response: sent.response, at, dropBody: mail.sensitive },
      { ...about(mail, at), status: 'sent', response: sent.response },
    );
    return { status: 'sent' };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const refused = permanent(err);
    const final = refused || ctx.retryCount >= MAIL_RETRY_LIMIT;
    const at = deps.clock.now();
    const { responseCode: code, command } = err as { responseCode?: unknown; command?: unknown };
    await settle(
      ctx,
      mail,
      { status: final ? 'failed' : 'queued', error: message, at },
      final
        ? {
            ...about(mail, at),
            status: 'failed',
            error: message,
            responseCode: typeof code === 'number' ? code : null,
            command: typeof command === 'string' ? command : null,
            permanent: refused,
          }
        : null,
    );
    ctx.log.warn({ mailId, attempt: mail.attempts, final, err: message }, 'mail not sent');
    if (final) return { status: 'failed' };
    throw err;
  }
}

export const sendMailJob = defineJob({
  name: 'send-mail',
  input: z.object({ mailId: z.uuid() }),
  retry: { limit: MAIL_RETRY_LIMIT, delaySeconds: 30, backoff: true },
  expireInSeconds: 120,
  concurrency: 4,
  handler: (input, ctx) => deliverMail(input.mailId, ctx),
});
