import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers (`List-Unsubscribe`, `X-CRM-Campaign`…); never From, To, Subject nor Message-ID. */
  headers?: Record<string, string>;
  /** The RFC 5322 Message-ID, `<…@…>`; one is made when absent. */
  messageId?: string;
  /** A display name for the From address of the SMTP settings (a campaign's sender); the address stays theirs. */
  fromName?: string;
  replyTo?: string;
}

/** `CRM <crm@firm.fr>` or `crm@firm.fr` → `crm@firm.fr`. */
const addressOf = (from: string) => /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();

/** Where mail goes: an SMTP URL (`smtp://user:pass@host:587`, `smtps://…`) and the From address. */
export interface SmtpSettings {
  url: string;
  from: string;
}

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface SentMail {
  messageId: string;
  /** The server's answer to the message (`250 2.0.0 Ok: queued as …`), or `logged` without SMTP. */
  response: string;
}

export interface Mailer {
  /**
   * Sends one message through `smtp` (the settings page's) or the environment's SMTP_URL; throws when the server
   * refuses it or cannot be reached (the durable mail's job retries: docs/MAIL.md).
   */
  send(msg: MailMessage, smtp?: SmtpSettings | null): Promise<SentMail>;
  /** Connects, says EHLO and authenticates, without sending: the settings page's connection test. */
  verify(smtp: SmtpSettings): Promise<void>;
  close(): void;
}

/**
 * Sends with nodemailer, signing with DKIM when configured. Without any SMTP (the embedded demo) messages are written
 * to the log, so a single user can still follow a password-reset link. One transport (and its connection pool) per
 * SMTP URL, kept until `close()`.
 */
export function createMailer(
  env: { smtp: SmtpSettings | null; dkim: DkimSettings | null; messageIdDomain?: string },
  log: Logger,
): Mailer {
  const transports = new Map<string, Transporter>();
  const transportFor = (url: string) => {
    let t = transports.get(url);
    if (!t) {
      t = nodemailer.createTransport(url);
      transports.set(url, t);
    }
    return t;
  };
  const domain = env.messageIdDomain ?? 'localhost';
  const newMessageId = () => `<${crypto.randomUUID()}@${domain}>`;
  return {
    async send(msg, override) {
      const smtp = override ?? env.smtp;
      const messageId = msg.messageId ?? newMessageId();
      if (!smtp) {
        log.warn(
          { to: msg.to, subject: msg.subject, text: msg.text, messageId },
          'SMTP_URL is not set: e-mail written to the log',
        );
        return { messageId, response: 'logged' };
      }
      const info = await transportFor(smtp.url).sendMail({
        from: msg.fromName ? { name: msg.fromName, address: addressOf(smtp.from) } : smtp.from,
        ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
        headers: msg.headers,
        messageId,
        ...(env.dkim ? { dkim: env.dkim } : {}),
      });
      return { messageId: info.messageId ?? messageId, response: String(info.response ?? '') };
    },
    async verify(smtp) {
      // A transport of its own, closed after: a wrong password must not stay in the pool.
      const t = nodemailer.createTransport(smtp.url);
      try {
        await t.verify();
      } finally {
        t.close();
      }
    },
    close() {
      for (const t of transports.values()) t.close();
      transports.clear();
    },
  };
}
