import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
