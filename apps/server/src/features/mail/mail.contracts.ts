import { z } from 'zod';
import { emailAddress } from '../../platform/http/fields.ts';
import { multi } from '../../platform/http/list.ts';
import { MAIL_CATEGORIES, MAIL_STATUSES, SMTP_SECURITIES } from './mail.schema.ts';

/** The administrators' mail settings and outbox (docs/MAIL.md). */

const counts = z.object({
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
});

export const MailSettingsSchema = z
  .object({
    source: z
      .enum(['settings', 'environment', 'none'])
      .describe('Where mail goes: the server set here, SMTP_URL, or nowhere (mails written to the log)'),
    host: z.string().nullable(),
    port: z.number().int().nullable(),
    security: z.enum(SMTP_SECURITIES).nullable(),
    username: z.string().nullable(),
    hasPassword: z.boolean(),
    from: z.string(),
    dkim: z.object({ enabled: z.boolean(), domain: z.string().nullable(), selector: z.string().nullable() }),
    counts: counts.describe('Mails by status'),
    updatedAt: z.date().nullable(),
  })
  .meta({ id: 'MailSettings' });

const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/, 'a host name or an IP address');

export const MailSettingsInput = z
  .strictObject({
    host,
    port: z.number().int().min(1).max(65_535),
    security: z.enum(SMTP_SECURITIES).describe('starttls (587), tls (465) or none (a relay on the same network)'),
    username: z.string().trim().min(1).max(320).nullable().optional(),
    password: z.string().min(1).max(500).nullable().optional().describe('Absent: the current one is kept; null: none'),
    from: z
      .string()
      .trim()
      .min(3)
      .max(320)
      .regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'an address, or a name and <address>'),
  })
  .meta({ id: 'MailSettingsChange' });
export type MailSettingsInputDto = z.infer<typeof MailSettingsInput>;

export const MailTestInput = z
  .strictObject({
    settings: MailSettingsInput.optional().describe('Settings to try before saving them; absent: the current ones'),
    sendTo: emailAddress().optional().describe('Also send a test mail there (through the queue, current settings)'),
  })
  .meta({ id: 'MailTestRequest' });

export const MailTestResultSchema = z
  .object({
    ok: z.boolean(),
    code: z
      .enum([
        'mail.no_server',
        'mail.smtp_unreachable',
        'mail.smtp_auth_failed',
        'mail.smtp_tls_failed',
        'mail.smtp_error',
      ])
      .nullable()
      .describe('Why the connection failed (null when it worked)'),
    detail: z.string().nullable().describe('The server’s or the network’s own words'),
    mailId: z.uuid().nullable().describe('The test mail queued, when one was asked for and the connection worked'),
  })
  .meta({ id: 'MailTestResult' });

export const MailListQuery = z.object({
  status: multi(z.enum(MAIL_STATUSES)).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const MailListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        category: z.enum(MAIL_CATEGORIES),
        to: z.string(),
        subject: z.string(),
        locale: z.string(),
        status: z.enum(MAIL_STATUSES),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        createdAt: z.date(),
        sentAt: z.date().nullable(),
      }),
    ),
  })
  .meta({ id: 'MailList' });
