import { boolean, index, integer, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.schema.ts';
import { createdAt, idPk, tstz, updatedAt } from '../../platform/db/columns.ts';

/** What a mail is for (docs/MAIL.md); campaigns and digests add theirs. */
export const MAIL_CATEGORIES = ['password_reset', 'invitation', 'login_alert', 'test', 'campaign'] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * Every outgoing mail (docs/MAIL.md, "Durable mail"): written in the transaction that causes it, with its `send-mail`
 * job, then sent by the worker, retried while SMTP is down. `sending` rows carry a lease: one whose lease passed was
 * left by a worker that died and is taken again. The body is sealed (AES-GCM, a key derived from SESSION_SECRET), and
 * dropped once sent when `sensitive` (a password link must not outlive its mail).
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: idPk(),
    category: text('category').$type<MailCategory>().notNull(),
    toAddress: text('to_address').notNull(),
    /** The recipient's language, the mail's: `fr` or `en`. */
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    /** `{ text, html }`, sealed; null once a sensitive mail is sent. */
    bodySealed: text('body_sealed'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    /** The RFC 5322 Message-ID, the same on every attempt. */
    messageId: text('message_id').notNull(),
    sensitive: boolean('sensitive').notNull().default(false),
    status: text('status').$type<MailStatus>().notNull().default('queued'),
    attempts: smallint('attempts').notNull().default(0),
    leaseUntil: tstz('lease_until'),
    lastError: text('last_error'),
    /** The SMTP server's answer to the accepted message. */
    response: text('response'),
    /** The user it was written to, when it was one. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: tstz('sent_at'),
  },
  (t) => [
    uniqueIndex('mail_messages_message_id_idx').on(t.messageId),
    index('mail_messages_status_created_idx').on(t.status, t.createdAt),
    index('mail_messages_user_idx').on(t.userId),
  ],
);

export const SMTP_SECURITIES = ['starttls', 'tls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITIES)[number];

/**
 * The SMTP server set by an administrator on the settings page (one row, `id` 1); without it, SMTP_URL. The password
 * is sealed like the webhooks' secrets.
 */
export const mailSettings = pgTable('mail_settings', {
  id: integer('id').primaryKey().default(1),
  host: text('host').notNull(),
  port: integer('port').notNull(),
  security: text('security').$type<SmtpSecurity>().notNull(),
  username: text('username'),
  passwordSealed: text('password_sealed'),
  fromAddress: text('from_address').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
});
