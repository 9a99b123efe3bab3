import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.schema.ts';
import { createdAt, idPk, ownership, softDelete, updatedAt } from '../../platform/db/columns.ts';

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
