import { DELIVERY_FAILURE_SOURCES, EMAIL_EVENT_TYPES, type EmailEventType } from '@crm/contracts';
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.schema.ts';
import { citext } from '../../platform/db/citext.ts';
import { createdAt, idPk, ownership, softDelete, tstz, updatedAt } from '../../platform/db/columns.ts';

export const TEMPLATE_LOCALES = ['fr', 'en'] as const;

/**
 * E-mail templates (docs/CAMPAIGNS.md, "Templates"): subject, preheader and body (sanitised HTML with Liquid
 * variables), in one language. Shared by the whole firm; changed by their author, the author's team manager or an
 * administrator. A campaign copies the content it sends, so editing a template never changes a mail already sent.
 */
export const emailTemplates = pgTable(
  'email_templates',
  {
    id: idPk(),
    name: text('name').notNull(),
    subject: text('subject').notNull(),
    preheader: text('preheader').notNull().default(''),
    bodyHtml: text('body_html').notNull(),
    locale: text('locale').$type<(typeof TEMPLATE_LOCALES)[number]>().notNull().default('fr'),
    ...ownership(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ...softDelete(),
  },
  (t) => [index('email_templates_updated_idx').on(t.updatedAt)],
);

/**
 * Who marketing mail comes from (one row, `id` 1, set by an administrator): the firm's name and postal address in
 * every footer (the sender's identity the LCEN and the CNIL require), and the default sender and reply-to.
 */
export const marketingSettings = pgTable('marketing_settings', {
  id: integer('id').primaryKey().default(1),
  companyName: text('company_name').notNull(),
  postalAddress: text('postal_address').notNull(),
  fromName: text('from_name'),
  fromAddress: text('from_address'),
  replyTo: text('reply_to'),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
});

/** What a marketing mail is about: the topics a recipient may turn off one by one in the preference centre. */
export const MARKETING_TOPICS = ['newsletter', 'fund_launch', 'event', 'market_insight'] as const;
export type MarketingTopic = (typeof MARKETING_TOPICS)[number];

/** Why an address receives no marketing mail at all. */
export const SUPPRESSION_REASONS = ['unsubscribed', 'bounced', 'complained', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Where a suppression or a consent came from. */
export const SUPPRESSION_SOURCES = [
  'one_click',
  'unsubscribe_page',
  'preference_centre',
  'dsn',
  'provider_webhook',
  'smtp',
  'admin',
] as const;
export type SuppressionSource = (typeof SUPPRESSION_SOURCES)[number];

/**
 * The global suppression list (docs/CAMPAIGNS.md, "Compliance"): an address here gets no marketing mail, whoever
 * writes to it and whichever contact holds it. By address, not by contact: the right to object follows the address.
 */
export const emailSuppressions = pgTable(
  'email_suppressions',
  {
    id: idPk(),
    address: citext('address').notNull(),
    reason: text('reason').$type<SuppressionReason>().notNull(),
    source: text('source').$type<SuppressionSource>().notNull(),
    /** The campaign whose mail led to it, when one did. */
    campaignId: uuid('campaign_id'),
    /** The bounce's or complaint's own words, an administrator's note. */
    detail: text('detail'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('email_suppressions_address_uq').on(t.address)],
);

export const CONSENT_BASES = ['consent', 'legitimate_interest'] as const;
export type ConsentBasis = (typeof CONSENT_BASES)[number];

/**
 * What we know of an address's agreement to marketing mail (RGPD; the CNIL's B2B rule: a professional address may be
 * written to about the person's profession unless they object, `legitimate_interest`; anything else needs
 * `consent`), where and when it was collected, and the topics the recipient turned off in the preference centre.
 */
export const emailConsents = pgTable('email_consents', {
  address: citext('address').primaryKey(),
  basis: text('basis').$type<ConsentBasis>().notNull(),
  /** Free words: `import`, `formulaire salon Patrimonia 2026`, `carte de visite`… */
  source: text('source').notNull(),
  collectedAt: tstz('collected_at').notNull(),
  topicsOff: text('topics_off').array().$type<MarketingTopic[]>().notNull().default(sql`'{}'::text[]`),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
});

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const SCHEDULE_KINDS = ['now', 'at', 'recipient_local'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** Why a contact of the audience gets no mail (counted on the campaign when it starts). */
export const EXCLUSION_REASONS = [
  'no_address',
  'invalid_address',
  'opted_out',
  'unsubscribed',
  'bounced',
  'complained',
  'suppressed_manually',
  'topic_off',
  'duplicate_address',
  'excluded_segment',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/**
 * A marketing campaign (docs/CAMPAIGNS.md): an audience (a segment of contacts, minus excluded segments), one or more
 * steps, a schedule and a pace. Its content is copied from templates into its steps, so a template changed later
 * changes nothing already planned.
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: idPk(),
    name: text('name').notNull(),
    status: text('status').$type<CampaignStatus>().notNull().default('draft'),
    topic: text('topic').$type<MarketingTopic>().notNull(),
    segmentId: uuid('segment_id'),
    excludeSegmentIds: uuid('exclude_segment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    fromName: text('from_name'),
    replyTo: text('reply_to'),
    scheduleKind: text('schedule_kind').$type<ScheduleKind>().notNull().default('now'),
    /** `at`: the instant; `recipient_local`: the wall-clock time (`2026-12-10T09:00`) in each recipient's zone. */
    scheduledAt: tstz('scheduled_at'),
    localTime: text('local_time'),
    sendWindow: jsonb('send_window').$type<{ days: number[]; start: string; end: string } | null>(),
    ratePerMinute: integer('rate_per_minute').notNull().default(300),
    /** A/B test of the first step: the share of the audience tested (split evenly), the metric and the wait. */
    abTest: jsonb('ab_test').$type<{ testShare: number; metric: 'opens' | 'clicks'; waitHours: number } | null>(),
    audienceCounts: jsonb('audience_counts').$type<{
      total: number;
      sendable: number;
      excluded: Partial<Record<ExclusionReason, number>>;
    } | null>(),
    ...ownership(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: tstz('started_at'),
    completedAt: tstz('completed_at'),
    ...softDelete(),
  },
  (t) => [index('campaigns_status_idx').on(t.status), index('campaigns_updated_idx').on(t.updatedAt)],
);

export const STEP_CONDITIONS = ['all', 'not_opened', 'not_clicked'] as const;
export type StepCondition = (typeof STEP_CONDITIONS)[number];

/** A step of a campaign: sent `delayHours` after the previous one, to everyone or to those who did not open or click. */
export const campaignSteps = pgTable(
  'campaign_steps',
  {
    id: idPk(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    delayHours: integer('delay_hours').notNull().default(0),
    condition: text('condition').$type<StepCondition>().notNull().default('all'),
  },
  (t) => [uniqueIndex('campaign_steps_position_uq').on(t.campaignId, t.position)],
);

/** The content of a step: one variant, or two (`A`, `B`) for the A/B test of the first step. */
export const campaignVariants = pgTable(
  'campaign_variants',
  {
    id: idPk(),
    stepId: uuid('step_id')
      .notNull()
      .references(() => campaignSteps.id, { onDelete: 'cascade' }),
    key: text('key').$type<'A' | 'B'>().notNull(),
    templateId: uuid('template_id'),
    subject: text('subject').notNull(),
    preheader: text('preheader').notNull().default(''),
    bodyHtml: text('body_html').notNull(),
    locale: text('locale').$type<(typeof TEMPLATE_LOCALES)[number]>().notNull().default('fr'),
    isWinner: boolean('is_winner').notNull().default(false),
  },
  (t) => [uniqueIndex('campaign_variants_key_uq').on(t.stepId, t.key)],
);

/** The audience as it was when the campaign started: the contacts it writes to, with their address and zone. */
export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    id: idPk(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull(),
    address: citext('address').notNull(),
    timeZone: text('time_zone').notNull(),
    /** The A/B group of the first step: `A`, `B`, or null (the rest, who get the winner). */
    abGroup: text('ab_group').$type<'A' | 'B'>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('campaign_recipients_person_uq').on(t.campaignId, t.personId),
    index('campaign_recipients_person_idx').on(t.personId),
  ],
);

export const SEND_STATUSES = ['pending', 'queued', 'skipped', 'cancelled'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

/**
 * One step for one recipient: planned (`pending`, due at `dueAt`), then handed to the outbox (`queued`, with the
 * mail's id) in the same transaction that writes the mail, so it is written once and never lost; or `skipped` (the
 * step's condition, an address suppressed since) or `cancelled` with the campaign.
 */
export const campaignSends = pgTable(
  'campaign_sends',
  {
    id: idPk(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    stepId: uuid('step_id')
      .notNull()
      .references(() => campaignSteps.id, { onDelete: 'cascade' }),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => campaignRecipients.id, { onDelete: 'cascade' }),
    /** Null until the A/B test of the step picks the winner for the rest of the audience. */
    variantId: uuid('variant_id'),
    status: text('status').$type<SendStatus>().notNull().default('pending'),
    dueAt: tstz('due_at').notNull(),
    mailId: uuid('mail_id'),
    messageId: text('message_id'),
    queuedAt: tstz('queued_at'),
    skipReason: text('skip_reason'),
    /** The links of the mail as written, in order: a click on `/email/c/<send>.<i>.<sig>` goes to the i-th. */
    trackedLinks: text('tracked_links').array(),
  },
  (t) => [
    uniqueIndex('campaign_sends_step_recipient_uq').on(t.stepId, t.recipientId),
    index('campaign_sends_due_idx').on(t.campaignId, t.dueAt).where(sql`${t.status} = 'pending'`),
    index('campaign_sends_queued_idx').on(t.campaignId, t.queuedAt),
    uniqueIndex('campaign_sends_message_uq').on(t.messageId),
  ],
);

export { DELIVERY_FAILURE_SOURCES, EMAIL_EVENT_TYPES, type EmailEventType };
export type DeliveryFailureSource = (typeof DELIVERY_FAILURE_SOURCES)[number];

export interface EmailEventDetail {
  status: string | null;
  diagnostic: string | null;
  recipient: string | null;
  source: DeliveryFailureSource;
}

/**
 * What happened to a campaign's mail (docs/CAMPAIGNS.md, "Tracking"): handed to the outbox, accepted by the mail
 * server, opens and clicks from our pixel and redirect (`machine` when a privacy proxy or a security scanner made them, not a person), bounces, complaints,
 * unsubscriptions.
 */
export const emailEvents = pgTable(
  'email_events',
  {
    id: idPk(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    sendId: uuid('send_id')
      .notNull()
      .references(() => campaignSends.id, { onDelete: 'cascade' }),
    recipientId: uuid('recipient_id').notNull(),
    type: text('type').$type<EmailEventType>().notNull(),
    machine: boolean('machine').notNull().default(false),
    /** Why it was a machine: `apple_mpp`, `scanner`, `head_request`, `too_fast`, `burst`. */
    machineReason: text('machine_reason'),
    url: text('url'),
    /** A bounce's kind: `hard` (the address is dead: suppressed) or `soft` (full mailbox, a delay: three suppress). */
    bounceType: text('bounce_type').$type<'hard' | 'soft'>(),
    /** What a bounce or complaint said: its status, the server's words, the recipient named, where it came from. */
    detail: jsonb('detail').$type<EmailEventDetail>(),
    at: tstz('at').notNull(),
  },
  (t) => [
    index('email_events_send_idx').on(t.sendId, t.type),
    // A report read twice (the same DSN posted again, an SMTP refusal then its DSN) is recorded once per send.
    uniqueIndex('email_events_bounce_uq').on(t.sendId, t.bounceType).where(sql`${t.type} = 'bounced'`),
    uniqueIndex('email_events_complaint_uq').on(t.sendId).where(sql`${t.type} = 'complained'`),
    index('email_events_campaign_idx').on(t.campaignId, t.type, t.at),
    index('email_events_recipient_idx').on(t.recipientId, t.type),
    // The sales analytics' e-mail volume and the retention purge read the events by time.
    index('email_events_at_idx').on(t.at),
  ],
);
