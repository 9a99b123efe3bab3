import { ORGANISATION_CATEGORIES, ORGANISATION_TYPES } from '@crm/contracts';
import { type SQLWrapper, sql } from 'drizzle-orm';
import { boolean, date, index, numeric, pgEnum, pgTable, smallint, text } from 'drizzle-orm/pg-core';
import { citext } from '../../platform/db/citext.ts';
import { createdAt, idPk, ownership, softDelete, updatedAt } from '../../platform/db/columns.ts';
import { searchTextOf } from '../../platform/db/search.ts';
import { rgpdColumns, sourceEnum } from '../../platform/db/shared-enums.ts';

export const organisationTypeEnum = pgEnum('organisation_type', ORGANISATION_TYPES);
export const organisationCategoryEnum = pgEnum('organisation_category', ORGANISATION_CATEGORIES);

/** The digits of a normalised name in SQL, as nameKeyDigits (name-key.ts) computes them. */
export const nameDigits = (key: SQLWrapper) => sql`regexp_replace(${key}, '[^0-9]+', '', 'g')`;

export const organisations = pgTable(
  'organisations',
  {
    id: idPk(),
    name: text('name').notNull(),
    /** Normalised name (no accents, case, punctuation or legal form) for duplicate detection. */
    nameKey: text('name_key').notNull(),
    type: organisationTypeEnum('type').notNull().default('autre'),
    category: organisationCategoryEnum('category').notNull().default('Autres'),
    email: citext('email'),
    phone: text('phone'),
    website: text('website'),
    /** Numéro d'agrément AMF of a management company (`GP-04000048`): DOMAIN.md. */
    amfLicence: text('amf_licence'),
    address: text('address'),
    postalCode: text('postal_code'),
    city: text('city'),
    countryCode: text('country_code').notNull().default('FR'),
    language: text('language').notNull().default('FR'),
    aum: numeric('aum', { precision: 18, scale: 2 }),
    aumDate: date('aum_date'),
    strategies: text('strategies').array().notNull().default(sql`'{}'::text[]`),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    tier: smallint('tier'),
    notes: text('notes'),
    isActive: boolean('is_active').notNull().default(true),
    marketingOptOut: boolean('marketing_opt_out').notNull().default(false),
    source: sourceEnum('source'),
    ...ownership(),
    ...rgpdColumns(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ...softDelete(),
    searchText: text('search_text').generatedAlwaysAs(searchTextOf('name', 'city', 'email', 'website')),
  },
  (t) => [
    index('organisations_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('organisations_name_key_trgm_idx').using('gin', sql`${t.nameKey} gin_trgm_ops`),
    index('organisations_team_updated_idx').on(t.teamId, t.updatedAt),
    index('organisations_owner_team_idx').on(t.ownerId, t.teamId),
    index('organisations_category_type_idx').on(t.category, t.type),
    index('organisations_name_idx').on(t.name),
    // Exact normalised-name lookups (an import's company column, a batch of names at a time): the oldest record of a
    // name in one probe, where the trigram index has to read the posting list of every trigram of the name.
    index('organisations_live_name_key_idx').on(t.nameKey, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    // The names with digits by their digits: an import's fuzzy match needs the same ones (nameKeyDigits), so a name
    // with digits is compared with a handful of names rather than every one sharing its words.
    index('organisations_live_name_digits_idx')
      .on(nameDigits(t.nameKey))
      .where(sql`${t.deletedAt} is null and ${t.nameKey} ~ '[0-9]'`),
    index('organisations_tags_idx').using('gin', t.tags),
    index('organisations_deleted_idx').on(t.deletedAt),
    // The lists' default order (newest first: this index read backwards) over live rows: the first page is an index
    // scan that stops after `limit` rows
    // (bench: the people list went from a parallel seq scan of 100,000 rows to a few hundred index entries).
    index('organisations_live_updated_idx').on(t.updatedAt, t.id).where(sql`${t.deletedAt} is null`),
  ],
);
