import { PRODUIT_STATUSES, PRODUIT_TYPES } from '@crm/contracts';
import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idPk, softDelete, updatedAt } from '../../platform/db/columns.ts';
import { searchTextOf } from '../../platform/db/search.ts';
import { organisations } from '../organisations/organisations.schema.ts';

export const produitTypeEnum = pgEnum('produit_type', PRODUIT_TYPES);
export const produitStatusEnum = pgEnum('produit_status', PRODUIT_STATUSES);

/** Funds and share classes: a catalogue every signed-in user can read. */
export const produits = pgTable(
  'produits',
  {
    id: idPk(),
    name: text('name').notNull(),
    isin: text('isin').notNull(),
    type: produitTypeEnum('type').notNull().default('autre'),
    assetClass: text('asset_class'),
    category: text('category'),
    sriRisk: smallint('sri_risk'),
    sfdrArticle: smallint('sfdr_article'),
    currency: text('currency').notNull().default('EUR'),
    managementCompanyId: uuid('management_company_id').references(() => organisations.id, { onDelete: 'set null' }),
    status: produitStatusEnum('status').notNull().default('en_attente'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ...softDelete(),
    searchText: text('search_text').generatedAlwaysAs(searchTextOf('name', 'isin', 'asset_class', 'category')),
  },
  (t) => [
    uniqueIndex('produits_isin_uq').on(t.isin),
    index('produits_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('produits_company_idx').on(t.managementCompanyId),
    index('produits_status_type_idx').on(t.status, t.type),
  ],
);
