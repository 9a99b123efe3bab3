import { audit } from '../../platform/audit/audit.ts';
import { encryptSecret } from '../../platform/auth/tokens.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import type { SmtpSettings } from '../../platform/mail/mailer.ts';
import { getUser } from '../users/users.service.ts';
import type { MailSettingsInputDto } from './mail.contracts.ts';
import { PASSWORD_PURPOSE, smtpOfSettings } from './mail.job.ts';
import {
  countMailsByStatus,
  deleteMailSettings,
  listMails,
  type MailSettingsRow,
  readMailSettings,
  writeMailSettings,
} from './mail.repo.ts';
import type { MailStatus } from './mail.schema.ts';
import { queueMail } from './mail.service.ts';

const ENTITY = 'mail_settings';

/** Host, port and security of an SMTP URL (SMTP_URL), for display: never its password. */
function describeUrl(url: string) {
  const u = new URL(url);
  const tls = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: Number(u.port || (tls ? 465 : 587)),
    security: tls
      ? ('tls' as const)
      : u.searchParams.get('ignoreTLS') === 'true'
        ? ('none' as const)
        : ('starttls' as const),
    username: u.username ? decodeURIComponent(u.username) : null,
    hasPassword: Boolean(u.password),
  };
}

/** Where mail goes and how it is signed, and the outbox's counts (administrators). */
export async function getMailSettings(ctx: Ctx) {
  const db = ctx.deps.database.db;
  const [row, counts] = await Promise.all([readMailSettings(db), countMailsByStatus(db)]);
  const { config } = ctx.deps;
  const dkim = {
    enabled: config.dkim !== null,
    domain: config.dkim?.domainName ?? null,
    selector: config.dkim?.keySelector ?? null,
  };
  if (row) {
    return {
      source: 'settings' as const,
      host: row.host,
      port: row.port,
      security: row.security,
      username: row.username,
      hasPassword: row.passwordSealed !== null,
      from: row.fromAddress,
      dkim,
      counts,
      updatedAt: row.updatedAt,
    };
  }
  if (config.smtp) {
    return {
      source: 'environment' as const,
      ...describeUrl(config.smtp.url),
      from: config.smtp.from,
      dkim,
      counts,
      updatedAt: null,
    };
  }
  return {
    source: 'none' as const,
    host: null,
    port: null,
    security: null,
    username: null,
    hasPassword: false,
    from: config.mailFrom,
    dkim,
    counts,
    updatedAt: null,
  };
}

/** The settings row the input makes (the password kept when absent, dropped when null). */
function rowOf(ctx: Ctx, input: MailSettingsInputDto, current: MailSettingsRow | null) {
  const password =
    input.password === undefined
      ? (current?.passwordSealed ?? null)
      : input.password === null
        ? null
        : encryptSecret(ctx.deps.config.sessionSecret, input.password, PASSWORD_PURPOSE);
  return {
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username ?? null,
    passwordSealed: input.username ? password : null,
    fromAddress: input.from,
    updatedBy: ctx.actor.userId,
    updatedAt: ctx.deps.clock.now(),
  };
}

/** Sets the SMTP server (audited, the password never in the audit). */
export async function putMailSettings(ctx: Ctx, input: MailSettingsInputDto) {
  await withTx(ctx, async (t) => {
    const current = await readMailSettings(t.db);
    const row = await writeMailSettings(t.db, rowOf(ctx, input, current));
    await audit(t, {
      entityType: ENTITY,
      action: current ? 'update' : 'create',
      metadata: {
        host: row.host,
        port: row.port,
        security: row.security,
        username: row.username,
        from: row.fromAddress,
        passwordChanged: input.password !== undefined,
      },
    });
  });
  return getMailSettings(ctx);
}

/** Back to SMTP_URL (or to the log): audited. */
export async function removeMailSettings(ctx: Ctx) {
  await withTx(ctx, async (t) => {
    if (await deleteMailSettings(t.db)) await audit(t, { entityType: ENTITY, action: 'delete' });
  });
  return getMailSettings(ctx);
}

type TestCode =
  | 'mail.no_server'
  | 'mail.smtp_unreachable'
  | 'mail.smtp_auth_failed'
  | 'mail.smtp_tls_failed'
  | 'mail.smtp_error';

/** What a failed connection means, for the settings page (nodemailer's error codes). */
function testCodeOf(err: unknown): TestCode {
  const e = err as { code?: string; responseCode?: number };
  if (e.code === 'EAUTH' || e.responseCode === 535) return 'mail.smtp_auth_failed';
  if (e.code === 'ETLS' || /TLS|SSL|certificate/i.test(String((err as Error).message))) return 'mail.smtp_tls_failed';
  if (e.code === 'ECONNECTION' || e.code === 'ETIMEDOUT' || e.code === 'EDNS' || e.code === 'ESOCKET')
    return 'mail.smtp_unreachable';
  return 'mail.smtp_error';
}

/**
 * Connects to the server (the settings given, not yet saved, or the current ones), says EHLO and authenticates,
 * without sending; with `sendTo`, and when it worked, queues a test mail there through the current settings.
 */
export async function testMailSettings(ctx: Ctx, input: { settings?: MailSettingsInputDto; sendTo?: string }) {
  const { deps } = ctx;
  const current = await readMailSettings(deps.database.db);
  let smtp: SmtpSettings | null;
  if (input.settings) {
    // A row that is not saved: sealed and opened again to reach the URL the same way the job does.
    const row = { id: 1, ...rowOf(ctx, input.settings, current) } as MailSettingsRow;
    smtp = smtpOfSettings(row, deps.config.sessionSecret);
  } else {
    smtp = current ? smtpOfSettings(current, deps.config.sessionSecret) : deps.config.smtp;
  }
  if (!smtp) return { ok: false, code: 'mail.no_server' as const, detail: null, mailId: null };
  try {
    await deps.mailer.verify(smtp);
  } catch (err) {
    return { ok: false, code: testCodeOf(err), detail: String((err as Error).message).slice(0, 300), mailId: null };
  }
  let mailId: string | null = null;
  const to = input.sendTo;
  if (to) {
    // The tester is an administrator (the routes ask for it): their language is the mail's.
    const me = ctx.actor.userId ? await getUser(ctx, { id: ctx.actor.userId }).catch(() => null) : null;
    const fr = me?.locale !== 'en';
    mailId = await withTx(ctx, async (t) => {
      const { id } = await queueMail(t, {
        category: 'test',
        to,
        locale: fr ? 'fr' : 'en',
        subject: fr ? 'Test d’envoi du CRM' : 'CRM sending test',
        text: fr
          ? 'Ce message confirme que le CRM envoie ses e-mails par le serveur configuré.\n'
          : 'This message confirms that the CRM sends its mail through the configured server.\n',
        userId: ctx.actor.userId,
      });
      await audit(t, { entityType: ENTITY, action: 'test_mail', metadata: { to } });
      return id;
    });
  }
  return { ok: true, code: null, detail: null, mailId };
}

/** The outbox, newest first (administrators). */
export async function listOutbox(ctx: Ctx, q: { status?: MailStatus[]; limit: number }) {
  const rows = await listMails(ctx.deps.database.db, { statuses: q.status, limit: q.limit });
  return {
    items: rows.map((r) => ({
      id: r.id,
      category: r.category,
      to: r.toAddress,
      subject: r.subject,
      locale: r.locale,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
    })),
  };
}
