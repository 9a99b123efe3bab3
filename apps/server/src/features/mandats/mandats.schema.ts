import { LOST_REASON_CODES, MANDAT_KINDS, MANDAT_STAGES } from '@crm/contracts';
import { sql } from 'drizzle-orm';
import {
  date,
  index,
  numeric,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idPk, ownership, softDelete, updatedAt } from '../../platform/db/columns.ts';
import { searchTextOf } from '../../platform/db/search.ts';
import { sourceEnum } from '../../platform/db/shared-enums.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people } from '../people/people.schema.ts';
import { produits } from '../produits/produits.schema.ts';

export const mandatKindEnum = pgEnum('mandat_kind', MANDAT_KINDS);
export const mandatStageEnum = pgEnum('mandat_stage', MANDAT_STAGES);
export const mandatLostReasonEnum = pgEnum('mandat_lost_reason', LOST_REASON_CODES);

/** The deals: distribution mandates (supply side) and placements (demand side). */
export const mandats = pgTable(
  'mandats',
  {
    id: idPk(),
    kind: mandatKindEnum('kind').notNull(),
    title: text('title').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    primaryContactId: uuid('primary_contact_id').references(() => people.id, { onDelete: 'set null' }),
    stage: mandatStageEnum('stage').notNull().default('lead'),
    amount: numeric('amount', { precision: 15, scale: 2 }),
    currency: text('currency').notNull().default('EUR'),
    probability: smallint('probability').notNull().default(10),
    expectedCloseDate: date('expected_close_date'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Why it was lost (set at `perdu` only, docs/DOMAIN.md "Lost reasons"); `lost_reason` is the free-text detail. */
    lostReasonCode: mandatLostReasonEnum('lost_reason_code'),
    lostReason: text('lost_reason'),
    source: sourceEnum('source'),
    mandateNumber: text('mandate_number'),
    signedAt: date('signed_at'),
    startDate: date('start_date'),
    endDate: date('end_date'),
    commissionRate: numeric('commission_rate', { precision: 6, scale: 3 }),
    ...ownership(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ...softDelete(),
    searchText: text('search_text').generatedAlwaysAs(searchTextOf('title', 'mandate_number')),
  },
  (t) => [
    index('mandats_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('mandats_team_stage_idx').on(t.teamId, t.stage, t.updatedAt),
    index('mandats_owner_stage_idx').on(t.ownerId, t.stage),
    index('mandats_owner_team_idx').on(t.ownerId, t.teamId),
    index('mandats_org_idx').on(t.organisationId),
    index('mandats_stage_close_idx').on(t.stage, t.expectedCloseDate),
    index('mandats_deleted_idx').on(t.deletedAt),
    // The lists' default order (newest first: this index read backwards) over live rows: the first page is an index
    // scan that stops after `limit` rows
    // (bench: the people list went from a parallel seq scan of 100,000 rows to a few hundred index entries).
    index('mandats_live_updated_idx').on(t.updatedAt, t.id).where(sql`${t.deletedAt} is null`),
  ],
);

/** Every stage change (from, to, when, who): funnels, dwell times and sankeys come from here. */
export const mandatStageChanges = pgTable(
  'mandat_stage_changes',
  {
    id: idPk(),
    mandatId: uuid('mandat_id')
      .notNull()
      .references(() => mandats.id, { onDelete: 'cascade' }),
    fromStage: mandatStageEnum('from_stage'),
    toStage: mandatStageEnum('to_stage').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
    changedBy: uuid('changed_by'),
  },
  (t) => [
    index('mandat_stage_changes_mandat_idx').on(t.mandatId, t.changedAt),
    index('mandat_stage_changes_at_idx').on(t.changedAt),
  ],
);

export const mandatProduits = pgTable(
  'mandat_produits',
  {
    id: idPk(),
    mandatId: uuid('mandat_id')
      .notNull()
      .references(() => mandats.id, { onDelete: 'cascade' }),
    produitId: uuid('produit_id')
      .notNull()
      .references(() => produits.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('mandat_produits_pair_uq').on(t.mandatId, t.produitId),
    index('mandat_produits_produit_idx').on(t.produitId),
  ],
);
