import { and, eq, getTableColumns, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import {
  enumSortKey,
  intSortKey,
  keysetPage,
  parseSort,
  type SortField,
  textSortKey,
} from '../../platform/db/keyset.ts';
import { escapeLike, normalizedContains, normalizedQuery } from '../../platform/db/search.ts';
import type { Reassignment } from '../../platform/entities/reassign.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import type { ProduitDto, ProduitListFilter } from './produits.contracts.ts';
import { produits } from './produits.schema.ts';

export type ProduitRow = typeof produits.$inferSelect;
export type NewProduitRow = typeof produits.$inferInsert;

const { searchText: _s, deletedBy: _d, ...dtoColumns } = getTableColumns(produits);

const sortable: Record<string, SortField> = {
  name: { expr: produits.name, cast: 'text' },
  isin: { expr: produits.isin, cast: 'text' },
  createdAt: { expr: produits.createdAt, cast: 'timestamptz' },
  updatedAt: { expr: produits.updatedAt, cast: 'timestamptz' },
  // Every column of the web list, ties broken by id.
  type: enumSortKey(produits.type, 'produit_type'),
  sfdrArticle: intSortKey(produits.sfdrArticle, 0),
  sriRisk: intSortKey(produits.sriRisk, 0),
  currency: textSortKey(produits.currency),
  status: enumSortKey(produits.status, 'produit_status'),
  assetClass: textSortKey(produits.assetClass),
  category: textSortKey(produits.category),
};

/** Accent/case-insensitive substring or typo-tolerant match on name, ISIN, asset class and category. */
export function produitSearch(q: string): { where: SQL; rank: SQL } {
  const nq = normalizedQuery(q);
  const pattern = normalizedQuery(`%${escapeLike(q)}%`);
  return {
    where: sql`(${produits.searchText} like ${pattern} or ${nq} <% ${produits.searchText})`,
    rank: sql`word_similarity(${nq}, ${produits.searchText})`,
  };
}

/** The catalogue has no row scope: every signed-in user reads every product. */
function filterConditions(f: Partial<ProduitListFilter>, opts: { deleted?: boolean }): SQL[] {
  const where: SQL[] = [opts.deleted ? isNotNull(produits.deletedAt) : isNull(produits.deletedAt)];
  if (f.type) where.push(inArray(produits.type, f.type));
  if (f.status) where.push(inArray(produits.status, f.status));
  if (f.sfdrArticle) where.push(inArray(produits.sfdrArticle, f.sfdrArticle));
  if (f.sriRisk) where.push(inArray(produits.sriRisk, f.sriRisk));
  // Free texts typed in the web's filter: any of the values, contained, case and accents ignored ("diversifie").
  if (f.assetClass) where.push(or(...f.assetClass.map((v) => normalizedContains(produits.assetClass, v))) as SQL);
  if (f.category) where.push(or(...f.category.map((v) => normalizedContains(produits.category, v))) as SQL);
  if (f.managementCompanyId) where.push(inArray(produits.managementCompanyId, f.managementCompanyId));
  if (f.currency) where.push(inArray(produits.currency, f.currency));
  if (f.q) where.push(produitSearch(f.q).where);
  return where;
}

export async function listProduits(
  db: Queryable,
  f: ProduitListFilter,
  opts: { deleted?: boolean } = {},
): Promise<{ rows: ProduitDto[]; nextCursor: string | null; total: number }> {
  const fields = f.q ? { ...sortable, relevance: { expr: produitSearch(f.q).rank, cast: 'real' as const } } : sortable;
  const sort = parseSort(f.sort, fields, f.q ? '-relevance' : 'name');
  const where = filterConditions(f, opts);
  return keysetPage<ProduitDto>(db, {
    table: produits,
    id: produits.id,
    columns: dtoColumns,
    where,
    sort,
    ids: f.ids,
    cursor: f.cursor,
    limit: f.limit,
  });
}

export async function findProduit(
  db: Queryable,
  id: string,
  opts: { withDeleted?: boolean } = {},
): Promise<ProduitRow | null> {
  const where: SQL[] = [eq(produits.id, id)];
  if (!opts.withDeleted) where.push(isNull(produits.deletedAt));
  const [row] = await db
    .select()
    .from(produits)
    .where(and(...where));
  return row ?? null;
}

/** Any product with this ISIN, live or in the recycle bin (the ISIN is unique across both). */
export async function findProduitByIsin(db: Queryable, isin: string): Promise<ProduitRow | null> {
  const [row] = await db.select().from(produits).where(eq(produits.isin, isin));
  return row ?? null;
}

export async function insertProduit(db: Queryable, values: NewProduitRow): Promise<ProduitRow> {
  const [row] = await db.insert(produits).values(values).returning();
  return row as ProduitRow;
}

export async function updateProduitRow(db: Queryable, id: string, values: Partial<NewProduitRow>): Promise<ProduitRow> {
  const [row] = await db.update(produits).set(values).where(eq(produits.id, id)).returning();
  return row as ProduitRow;
}

/** Re-points the funds managed by organisation `from` at `to`, binned ones included (a person manages none). */
export async function moveManagementCompany(db: Queryable, s: Reassignment): Promise<ProduitRow[]> {
  if (s.kind !== 'organisation') return [];
  return db
    .update(produits)
    .set({ managementCompanyId: s.to })
    .where(eq(produits.managementCompanyId, s.from))
    .returning();
}

/** Whether a live organisation with this id exists and is visible to the actor. */
export async function organisationVisible(db: Queryable, actor: Actor, id: string): Promise<boolean> {
  const where: SQL[] = [eq(organisations.id, id), isNull(organisations.deletedAt)];
  const scope = scopeFilter(actor, organisations);
  if (scope) where.push(scope);
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(...where));
  return !!row;
}

export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

export function toProduitDto(row: ProduitRow): ProduitDto {
  const { searchText: _s, deletedBy: _d, ...dto } = row;
  return dto as ProduitDto;
}
