import { existsSync, readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { readState } from './paths.ts';

/** A mail as the server logs it when SMTP_URL is empty (apps/server/src/platform/mail/mailer.ts). */
export interface LoggedMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * The server that global setup started has no SMTP server (SMTP_URL ''): it writes each mail to its log, one JSON
 * line. A journey reads them there, as a user would read their inbox. Only that server has a log this run can
 * read: against an app given by E2E_BASE_URL, the journeys that read mail cannot run.
 */
function serverLogFile(): string {
  const file = readState(process.ppid)?.logFile ?? readState()?.logFile;
  if (!file || !existsSync(file)) {
    throw new Error('no server log to read mail from: this journey needs the server that global setup starts');
  }
  return file;
}

/** Every mail logged so far for `to`, oldest first. */
export function loggedMails(to: string): LoggedMail[] {
  const mails: LoggedMail[] = [];
  for (const line of readFileSync(serverLogFile(), 'utf8').split('\n')) {
    if (!line.includes('"subject"')) continue;
    try {
      const entry = JSON.parse(line) as Partial<LoggedMail>;
      if (entry.to === to && entry.subject && entry.text) mails.push(entry as LoggedMail);
    } catch {
      // not a JSON line
    }
  }
  return mails;
}

/** Waits until the `n`-th mail to `to` (1 = the first) is in the log, and returns it. */
export async function waitForMail(to: string, n = 1): Promise<LoggedMail> {
  await expect
    .poll(() => loggedMails(to).length, { message: `mail #${n} to ${to} in the server log` })
    .toBeGreaterThanOrEqual(n);
  return loggedMails(to)[n - 1] as LoggedMail;
}

/** The path and query of the first link to `page` in a mail (`/accept-invitation?token=…`). */
export function linkIn(mail: LoggedMail, page: string): string {
  const m = mail.text.match(new RegExp(`https?://[^\\s/]+(/${page}\\?token=[^\\s]+)`));
  if (!m?.[1]) throw new Error(`no /${page} link in the mail "${mail.subject}":\n${mail.text}`);
  return m[1];
}
