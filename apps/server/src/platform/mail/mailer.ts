import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Sends through SMTP_URL with nodemailer. Without SMTP_URL (embedded demo) messages are written to the
 * log so a single user can still follow a password-reset link.
 */
export function createMailer(smtp: { url: string; from: string } | null, log: Logger): Mailer {
  if (!smtp) {
    return {
      send: async (msg) => {
        log.warn(
          { to: msg.to, subject: msg.subject, text: msg.text },
          'SMTP_URL is not set: e-mail written to the log',
        );
      },
      close: () => {},
    };
  }
  const transport = nodemailer.createTransport(smtp.url);
  return {
    send: async (msg) => {
      await transport.sendMail({ from: smtp.from, ...msg });
    },
    close: () => transport.close(),
  };
}
