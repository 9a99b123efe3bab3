import { LINK_ROLES } from '@crm/contracts';
import { type SQLWrapper, sql } from 'drizzle-orm';
import { boolean, date, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { citext } from '../../platform/db/citext.ts';
import { createdAt, idPk, ownership, softDelete, updatedAt } from '../../platform/db/columns.ts';
import { searchTextOf } from '../../platform/db/search.ts';
import { rgpdColumns, sourceEnum } from '../../platform/db/shared-enums.ts';
import { organisations } from '../organisations/organisations.schema.ts';

export const linkRoleEnum = pgEnum('person_organisation_role', LINK_ROLES);

/**
 * A person's last activity as a non-null key, null (never any) sorting and comparing as 1970: the list's sort key and
 * the expression of its index, which the last-activity filters use too (the planner matches the expression as written).
 */
export const lastActivityKey = (col: SQLWrapper) => sql`coalesce(${col}, '1970-01-01T00:00:00Z'::timestamptz)`;

export const people = pgTable(
  'people',
  {
    id: idPk(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: citext('email'),
    personalEmail: citext('personal_email'),
    phone: text('phone'),
    mobile: text('mobile'),
    jobTitle: text('job_title'),
    language: text('language').notNull().default('FR'),
    countryCode: text('country_code').notNull().default('FR'),
    /** IANA time zone; null: the country's (campaigns' local-time sends, docs/CAMPAIGNS.md). */
    timeZone: text('time_zone'),
    linkedinUrl: text('linkedin_url'),
    linkedinHeadline: text('linkedin_headline'),
    /** When the importer connected with the person on LinkedIn ("Connected On" of a Connections.csv export). */
    linkedinConnectedOn: date('linkedin_connected_on'),
    notes: text('notes'),
    isActive: boolean('is_active').notNull().default(true),
    marketingOptOut: boolean('marketing_opt_out').notNull().default(false),
    recordingOptOut: boolean('recording_opt_out').notNull().default(false),
    source: sourceEnum('source'),
    ...ownership(),
    ...rgpdColumns(),
    /** Why the person was anonymised (RGPD art. 17; required by the anonymisation, docs/DOMAIN.md). */
    anonymisationReason: text('anonymisation_reason'),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ...softDelete(),
    searchText: text('search_text').generatedAlwaysAs(
      searchTextOf('first_name', 'last_name', 'email', 'job_title', 'mobile', 'phone'),
    ),
  },
  (t) => [
    // A contact's e-mail is unique among the live contacts of one team (a contact without a team: among its owner's),
    // so two teams may each hold a record of the same person and creating one reveals nothing of the others
    // (docs/DOMAIN.md). Also the index of the duplicate check within a team (emailInUse).
    uniqueIndex('people_email_team_live_uq')
      .on(sql`coalesce(${t.teamId}, ${t.ownerId})`, t.email)
      .where(sql`${t.deletedAt} is null`),
    // Look-ups by e-mail across teams (an admin's duplicate check, imports).
    index('people_live_email_idx').on(t.email).where(sql`${t.deletedAt} is null`),
    index('people_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('people_team_updated_idx').on(t.teamId, t.updatedAt),
    // (owner, team): the owner's rows, and whether they own any outside their team (read-cache/team-confinement.ts).
    index('people_owner_team_idx').on(t.ownerId, t.teamId),
    index('people_last_name_idx').on(t.lastName, t.firstName),
    index('people_deleted_idx').on(t.deletedAt),
    // The lists' default order (newest first: this index read backwards) over live rows: the first page is an index
    // scan that stops after `limit` rows
    // (bench: the people list went from a parallel seq scan of 100,000 rows to a few hundred index entries).
    index('people_live_updated_idx').on(t.updatedAt, t.id).where(sql`${t.deletedAt} is null`),
    // The other orders the lists offer, with the same (value, id) keyset: sorted by name (the repository's one-text
    // key) and by creation. Without them a sorted first page sorted every visible row (bench trace: ~40 ms each).
    index('people_live_name_idx')
      .on(sql`(${t.lastName} || ' ' || ${t.firstName})`, t.id)
      .where(sql`${t.deletedAt} is null`),
    // Duplicate detection by name (findDuplicatePeople, imports): first and last name without accents or case.
    index('people_live_name_key_idx')
      .on(sql`crm_unaccent(lower(${t.lastName}))`, sql`crm_unaccent(lower(${t.firstName}))`)
      .where(sql`${t.deletedAt} is null`),
    // Sorted by last activity, and the last-activity filters ("sans activité depuis 90 jours", a date range): a range
    // of this key instead of reading every visible row.
    index('people_live_last_activity_idx')
      .on(lastActivityKey(t.lastActivityAt), t.id)
      .where(sql`${t.deletedAt} is null`),
    index('people_live_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    // The list filters: a rare value (English speakers, one country) is found through its index instead of by
    // reading every row of a large team (paired with the extended statistics of migration 0010).
    index('people_live_country_idx').on(t.countryCode).where(sql`${t.deletedAt} is null`),
    index('people_live_language_idx').on(t.language).where(sql`${t.deletedAt} is null`),
    index('people_live_source_idx').on(t.source).where(sql`${t.deletedAt} is null`),
  ],
);

export const personOrganisations = pgTable(
  'person_organisations',
  {
    id: idPk(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: linkRoleEnum('role').notNull().default('contact_secondaire'),
    isPrimary: boolean('is_primary').notNull().default(false),
    jobTitle: text('job_title'),
    workEmail: citext('work_email'),
    workPhone: text('work_phone'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('person_organisations_pair_uq').on(t.personId, t.organisationId),
    uniqueIndex('person_organisations_one_primary_uq').on(t.personId).where(sql`${t.isPrimary}`),
    index('person_organisations_org_idx').on(t.organisationId),
  ],
);
