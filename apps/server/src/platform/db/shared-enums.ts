import { LEGAL_BASES, SOURCES } from '@crm/contracts';
import { boolean, pgEnum, text, timestamp } from 'drizzle-orm/pg-core';

export const sourceEnum = pgEnum('record_source', SOURCES);
export const legalBasisEnum = pgEnum('legal_basis', LEGAL_BASES);

/** RGPD fields of people and organisations: why we hold the data and where it came from (art. 13/14). */
export const rgpdColumns = () => ({
  consent: boolean('consent').notNull().default(false),
  consentAt: timestamp('consent_at', { withTimezone: true }),
  legalBasis: legalBasisEnum('legal_basis').notNull().default('interet_legitime'),
  dataSource: text('data_source'),
  anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
});
