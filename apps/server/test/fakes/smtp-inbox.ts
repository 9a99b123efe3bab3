import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Mailer, MailMessage } from '../../src/platform/mail/mailer.ts';
import { waitFor } from '../test-app.ts';

export interface ReceivedMail {
  to: string[];
  /** The message as sent (headers and quoted-printable body). */
  raw: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every message it receives: give the app `SMTP_URL: inbox.url` and read
 * what it mailed through nodemailer, as a mail server would receive it.
 */
export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  private readonly server: SMTPServer;
  url = '';

  /** `login`: the one user and password the server accepts (AUTH over plain TCP, as a relay on a private network). */
  constructor(login?: { user: string; pass: string }) {
    this.server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, callback) =>
        login && auth.username === login.user && auth.password === login.pass
          ? callback(null, { user: auth.username })
          : callback(Object.assign(new Error('5.7.8 authentication failed'), { responseCode: 535 })),
      onData: (stream, session, callback) => {
        let raw = '';
        stream.on('data', (c: Buffer) => {
          raw += c.toString('utf8');
        });
        stream.on('end', () => {
          this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The mails received so far for `address`, oldest first. */
  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  /** Waits for the `n`-th mail (1 = the first) to `address`. */
  waitFor(address: string, n = 1): Promise<ReceivedMail> {
    return waitFor(async () => this.to(address)[n - 1]);
  }
}

/** The text of a quoted-printable mail, decoded (UTF-8). */
export function decodeMail(raw: string): string {
  const bytes = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

/** The decoded subject of a mail (RFC 2047 encoded words of nodemailer: `=?UTF-8?Q?…?=` or `=?UTF-8?B?…?=`). */
export function subjectOf(raw: string): string {
  const header = raw.match(/^Subject: (.*(?:\r?\n[ \t].*)*)/m)?.[1] ?? '';
  return header
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, how: string, text: string) =>
      how.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeURIComponent(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, '%$1')),
    )
    .trim();
}

/** The token of the link to `page` (`reset-password`, `accept-invitation`) in a mail. */
export function tokenFromMail(raw: string, page = 'reset-password'): string {
  const decoded = raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const m = decoded.match(new RegExp(`${page}\\?token=([A-Za-z0-9_\\-%]+)`));
  if (!m?.[1]) throw new Error(`no ${page} link in mail:\n${raw}`);
  return decodeURIComponent(m[1]);
}

/** A mailer that keeps what it is given (no SMTP at all), for tests about what is mailed rather than how. */
export function fakeMailer(keep: (m: MailMessage) => void): Mailer {
  return {
    send: async (m) => {
      keep(m);
      return { messageId: m.messageId ?? `<${crypto.randomUUID()}@test>`, response: '250 kept' };
    },
    verify: async () => {},
    close: () => {},
  };
}
