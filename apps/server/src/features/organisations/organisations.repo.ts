import { and, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { insertMany } from '../../platform/db/insert-many.ts';
import {
  EXACT_TOTAL_UP_TO,
  enumSortKey,
  type KeysetPage,
  keysetPage,
  parseSort,
  type SortField,
  textSortKey,
} from '../../platform/db/keyset.ts';
import { type ErasureSql, type ScrubOptions, scrubColumns } from '../../platform/db/scrub.ts';
import { escapeLike, normalizedContains, normalizedQuery } from '../../platform/db/search.ts';
import { userNameSortKey } from '../../platform/entities/records.repo.ts';
import { assertRange } from '../../platform/http/list.ts';

import type { OrganisationDto, OrganisationListFilter } from './organisations.contracts.ts';
import { organisations } from './organisations.schema.ts';

export type OrganisationRow = typeof organisations.$inferSelect;
export type NewOrganisationRow = typeof organisations.$inferInsert;

const { nameKey: _k, searchText: _s, deletedBy: _d, ...dtoColumns } = getTableColumns(organisations);

const sortable: Record<string, SortField> = {
  name: { expr: organisations.name, cast: 'text' },
  createdAt: { expr: organisations.createdAt, cast: 'timestamptz' },
  updatedAt: { expr: organisations.updatedAt, cast: 'timestamptz' },
  aum: { expr: sql`coalesce(${organisations.aum}, -1)`, cast: 'numeric' },
  city: { expr: sql`coalesce(${organisations.city}, '')`, cast: 'text' },
  tier: { expr: sql`coalesce(${organisations.tier}, 9)`, cast: 'int' },
  // Every column of the web list and the export's meaningful ones (ties broken by id, as every sort).
  type: textSortKey(organisations.type),
  category: textSortKey(organisations.category),
  countryCode: textSortKey(organisations.countryCode),
  owner: userNameSortKey(organisations.ownerId),
  source: enumSortKey(organisations.source, 'record_source'),
  email: textSortKey(organisations.email),
  tags: textSortKey(sql`array_to_string(${organisations.tags}, ', ')`),
  postalCode: textSortKey(organisations.postalCode),
  aumDate: { expr: sql`coalesce(${organisations.aumDate}, date '1900-01-01')`, cast: 'date' },
  isActive: { expr: sql`(case when ${organisations.isActive} then 0 else 1 end)`, cast: 'int' },
};

/** Accent/case-insensitive substring or typo-tolerant (trigram word similarity) match on the search text. */
export function organisationSearch(q: string): { where: SQL; rank: SQL } {
  const nq = normalizedQuery(q);
  const pattern = normalizedQuery(`%${escapeLike(q)}%`);
  return {
    where: sql`(${organisations.searchText} like ${pattern} or ${nq} <% ${organisations.searchText})`,
    rank: sql`word_similarity(${nq}, ${organisations.searchText})`,
  };
}

/**
 * Whether the organisation has this tag, case and accents ignored on both sides as the city filter does ("ESG" finds
 * "esg", "societe" finds "Société"). Tags are typed freely, so the exact `@>` of the GIN index would miss them.
 */
function hasTag(tag: string): SQL {
  return sql`exists (select 1 from unnest(${organisations.tags}) as t(tag) where crm_unaccent(lower(t.tag)) = ${normalizedQuery(tag)})`;
}

function filterConditions(actor: Actor, f: Partial<OrganisationListFilter>, opts: { deleted?: boolean } = {}): SQL[] {
  const where: SQL[] = [opts.deleted ? isNotNull(organisations.deletedAt) : isNull(organisations.deletedAt)];
  const scope = scopeFilter(actor, organisations);
  if (scope) where.push(scope);
  if (f.type) where.push(inArray(organisations.type, f.type));
  if (f.category) where.push(inArray(organisations.category, f.category));
  if (f.source) where.push(inArray(organisations.source, f.source));
  if (f.tier) where.push(inArray(organisations.tier, f.tier));
  if (f.countryCode) where.push(inArray(organisations.countryCode, f.countryCode));
  // Case and accents ignored on both sides ("Genève", "geneve" and "GENEVE" all find Genève).
  if (f.city) where.push(normalizedContains(organisations.city, f.city));
  if (f.tags) for (const tag of f.tags) where.push(hasTag(tag));
  assertRange(f.aumMin, f.aumMax, { from: 'aumMin', to: 'aumMax' });
  if (f.aumMin !== undefined) where.push(gte(organisations.aum, String(f.aumMin)));
  if (f.aumMax !== undefined) where.push(lte(organisations.aum, String(f.aumMax)));
  if (f.ownerId) where.push(inArray(organisations.ownerId, f.ownerId));
  if (f.teamId) where.push(inArray(organisations.teamId, f.teamId));
  if (f.isActive !== undefined) where.push(eq(organisations.isActive, f.isActive));
  if (f.createdFrom) where.push(gte(organisations.createdAt, f.createdFrom));
  if (f.createdTo) where.push(lte(organisations.createdAt, f.createdTo));
  if (f.updatedFrom) where.push(gte(organisations.updatedAt, f.updatedFrom));
  if (f.updatedTo) where.push(lte(organisations.updatedAt, f.updatedTo));
  if (f.q) where.push(organisationSearch(f.q).where);
  return where;
}

export async function listOrganisations(
  db: Queryable,
  actor: Actor,
  f: OrganisationListFilter,
  opts: { deleted?: boolean } = {},
): Promise<KeysetPage<OrganisationDto>> {
  const fields = f.q
    ? { ...sortable, relevance: { expr: organisationSearch(f.q).rank, cast: 'real' as const } }
    : sortable;
  const sort = parseSort(f.sort, fields, f.q ? '-relevance' : '-updatedAt');
  const where = filterConditions(actor, f, opts);
  return keysetPage<OrganisationDto>(db, {
    estimateTotalAbove: EXACT_TOTAL_UP_TO,
    table: organisations,
    id: organisations.id,
    columns: dtoColumns,
    where,
    sort,
    ids: f.ids,
    cursor: f.cursor,
    limit: f.limit,
  });
}

/** A row the actor may see (live rows only unless `withDeleted`). */
export async function findOrganisation(
  db: Queryable,
  actor: Actor,
  id: string,
  opts: { withDeleted?: boolean } = {},
): Promise<OrganisationRow | null> {
  const where: SQL[] = [eq(organisations.id, id)];
  if (!opts.withDeleted) where.push(isNull(organisations.deletedAt));
  const scope = scopeFilter(actor, organisations);
  if (scope) where.push(scope);
  const [row] = await db
    .select()
    .from(organisations)
    .where(and(...where));
  return row ?? null;
}

export async function insertOrganisation(db: Queryable, values: NewOrganisationRow): Promise<OrganisationRow> {
  const [row] = await db.insert(organisations).values(values).returning();
  return row as OrganisationRow;
}

/** Inserts several organisations in one statement (imports), returned in the order given. */
export async function insertOrganisations(db: Queryable, values: NewOrganisationRow[]): Promise<OrganisationRow[]> {
  if (values.length === 0) return [];
  return insertMany(db, organisations, values, { returning: true });
}

export async function updateOrganisationRow(
  db: Queryable,
  id: string,
  values: Partial<NewOrganisationRow>,
): Promise<OrganisationRow> {
  const [row] = await db.update(organisations).set(values).where(eq(organisations.id, id)).returning();
  return row as OrganisationRow;
}

/**
 * The live organisations the actor may see whose normalised name is exactly this key (no similarity), at most
 * `limit`: what an upsert matches on (docs/DOMAIN.md, "Upsert").
 */
export async function findOrganisationsByNameKey(
  db: Queryable,
  actor: Actor,
  nameKey: string,
  limit = 10,
): Promise<string[]> {
  const where: SQL[] = [isNull(organisations.deletedAt), eq(organisations.nameKey, nameKey)];
  const scope = scopeFilter(actor, organisations);
  if (scope) where.push(scope);
  const rows = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(...where))
    .orderBy(organisations.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Two normalised names at least this similar (trigram) are "very close": typos and legal forms
 * ("Rivoli Gestion" / "Rivolli Gestion SA") match; different firms sharing a word ("Zeta Gestion" /
 * "Beta Gestion", 0.62) do not.
 */
export const DUPLICATE_NAME_SIMILARITY = 0.7;

/** Live organisations the actor may see whose normalised name is close to `nameKey` (trigram similarity). */
export async function findSimilarOrganisations(db: Queryable, actor: Actor, nameKey: string, excludeId?: string) {
  const sim = sql<number>`similarity(${organisations.nameKey}, ${nameKey})`;
  const where: SQL[] = [
    isNull(organisations.deletedAt),
    // `%>` rather than pg_trgm's `%`, which can trap embedded PGlite (see similarNameKeys in imports.service.ts).
    sql`${organisations.nameKey} %> ${nameKey}`,
    sql`${sim} >= ${DUPLICATE_NAME_SIMILARITY}`,
  ];
  const scope = scopeFilter(actor, organisations);
  if (scope) where.push(scope);
  if (excludeId) where.push(sql`${organisations.id} <> ${excludeId}`);
  return db
    .select({ id: organisations.id, name: organisations.name, city: organisations.city, similarity: sim })
    .from(organisations)
    .where(and(...where))
    .orderBy(desc(sim))
    .limit(5);
}

export function toOrganisationDto(row: OrganisationRow): OrganisationDto {
  const { nameKey: _k, searchText: _s, deletedBy: _d, ...dto } = row;
  return dto as OrganisationDto;
}

/** RGPD erasure: the erased person's values replaced in the organisations’ notes; returns the ids of the rows changed (with `dryRun`: that hold one). */
export async function scrubOrganisationNotes(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubColumns(db, organisations, { notes: 'text' }, e, opts);
}
