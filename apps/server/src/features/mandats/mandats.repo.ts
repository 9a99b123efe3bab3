import { and, asc, count, eq, getTableColumns, gte, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
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
import { escapeLike, normalizedQuery } from '../../platform/db/search.ts';
import type { PersonSubject, Reassignment } from '../../platform/entities/reassign.ts';
import { teamNameSortKey, userNameSortKey } from '../../platform/entities/records.repo.ts';

import { organisations } from '../organisations/organisations.schema.ts';
import { people } from '../people/people.schema.ts';
import { produits } from '../produits/produits.schema.ts';
import { addDays, contractStatusOf, EXPIRING_WITHIN_DAYS } from './contract-status.ts';
import type { MandatDto, MandatListFilter, PipelineFilter } from './mandats.contracts.ts';
import { mandatProduits, mandatStageChanges, mandats } from './mandats.schema.ts';

export type MandatRow = typeof mandats.$inferSelect;
export type NewMandatRow = typeof mandats.$inferInsert;
type MandatColumns = Omit<MandatRow, 'searchText' | 'deletedBy'>;

const { searchText: _s, deletedBy: _d, ...dtoColumns } = getTableColumns(mandats);

const sortable: Record<string, SortField> = {
  updatedAt: { expr: mandats.updatedAt, cast: 'timestamptz' },
  createdAt: { expr: mandats.createdAt, cast: 'timestamptz' },
  amount: { expr: sql`coalesce(${mandats.amount}, -1)`, cast: 'numeric' },
  expectedCloseDate: { expr: sql`coalesce(${mandats.expectedCloseDate}, date '9999-12-31')`, cast: 'date' },
  title: { expr: mandats.title, cast: 'text' },
  stage: { expr: sql`array_position(enum_range(null::mandat_stage), ${mandats.stage})`, cast: 'int' },
  probability: { expr: mandats.probability, cast: 'int' },
  // Open mandates (never closed) sort as the oldest: `-closedAt` lists the latest won or lost first.
  closedAt: { expr: sql`coalesce(${mandats.closedAt}, 'epoch'::timestamptz)`, cast: 'timestamptz' },
  // Every column of the web list (the contract status, from today's date, in listMandats), ties broken by id.
  organisation: {
    expr: sql`coalesce((select ${organisations.name} from ${organisations} where ${organisations.id} = ${mandats.organisationId}), '')`,
    cast: 'text',
  },
  kind: enumSortKey(mandats.kind, 'mandat_kind'),
  owner: userNameSortKey(mandats.ownerId),
  team: teamNameSortKey(mandats.teamId),
  currency: textSortKey(mandats.currency),
  source: enumSortKey(mandats.source, 'record_source'),
  mandateNumber: textSortKey(mandats.mandateNumber),
  lostReasonCode: enumSortKey(mandats.lostReasonCode, 'mandat_lost_reason'),
  lostReason: textSortKey(mandats.lostReason),
};

/** Accent/case-insensitive substring or typo-tolerant match on title and mandate number. */
export function mandatSearch(q: string): { where: SQL; rank: SQL } {
  const nq = normalizedQuery(q);
  const pattern = normalizedQuery(`%${escapeLike(q)}%`);
  return {
    where: sql`(${mandats.searchText} like ${pattern} or ${nq} <% ${mandats.searchText})`,
    rank: sql`word_similarity(${nq}, ${mandats.searchText})`,
  };
}

/** The SQL twin of `contractStatusOf`, for filtering (keep the two in step). */
function contractStatusSql(today: string): SQL {
  const soon = addDays(today, EXPIRING_WITHIN_DAYS);
  return sql`(case when ${mandats.kind} = 'distribution' and ${mandats.stage} = 'gagne' then
    case when ${mandats.startDate} > ${today}::date then 'a_venir'
         when ${mandats.endDate} < ${today}::date then 'termine'
         when ${mandats.endDate} <= ${soon}::date then 'expire_bientot'
         else 'actif' end end)`;
}

/** The contract status as a sort key: none first, then to come, active, expiring soon, ended (their lifecycle). */
function contractStatusSortKey(today: string): SortField {
  return {
    expr: sql`coalesce(array_position(array['a_venir', 'actif', 'expire_bientot', 'termine']::text[], ${contractStatusSql(today)}), 0)`,
    cast: 'int',
  };
}

function filterConditions(actor: Actor, f: Partial<MandatListFilter>, today: string, deleted: boolean): SQL[] {
  const where: SQL[] = [deleted ? isNotNull(mandats.deletedAt) : isNull(mandats.deletedAt)];
  const scope = scopeFilter(actor, mandats);
  if (scope) where.push(scope);
  if (f.kind) where.push(inArray(mandats.kind, f.kind));
  if (f.stage) where.push(inArray(mandats.stage, f.stage));
  if (f.ownerId) where.push(inArray(mandats.ownerId, f.ownerId));
  if (f.teamId) where.push(inArray(mandats.teamId, f.teamId));
  if (f.organisationId) where.push(inArray(mandats.organisationId, f.organisationId));
  if (f.source) where.push(inArray(mandats.source, f.source));
  if (f.lostReasonCode) where.push(inArray(mandats.lostReasonCode, f.lostReasonCode));
  if (f.currency) where.push(inArray(mandats.currency, f.currency));
  if (f.amountMin !== undefined) where.push(gte(mandats.amount, String(f.amountMin)));
  if (f.amountMax !== undefined) where.push(lte(mandats.amount, String(f.amountMax)));
  if (f.expectedCloseFrom) where.push(gte(mandats.expectedCloseDate, f.expectedCloseFrom));
  if (f.expectedCloseTo) where.push(lte(mandats.expectedCloseDate, f.expectedCloseTo));
  if (f.closedFrom) where.push(gte(mandats.closedAt, f.closedFrom));
  if (f.closedTo) where.push(lte(mandats.closedAt, f.closedTo));
  if (f.createdFrom) where.push(gte(mandats.createdAt, f.createdFrom));
  if (f.createdTo) where.push(lte(mandats.createdAt, f.createdTo));
  if (f.contractStatus) where.push(inArray(contractStatusSql(today), f.contractStatus));
  if (f.q) where.push(mandatSearch(f.q).where);
  return where;
}

/** A page of the mandates the actor may see; `today` (YYYY-MM-DD) serves the derived contract status. */
export async function listMandats(
  db: Queryable,
  actor: Actor,
  f: MandatListFilter,
  today: string,
  opts: { deleted?: boolean } = {},
): Promise<KeysetPage<MandatColumns>> {
  const withStatus = { ...sortable, contractStatus: contractStatusSortKey(today) };
  const fields = f.q
    ? { ...withStatus, relevance: { expr: mandatSearch(f.q).rank, cast: 'real' as const } }
    : withStatus;
  const sort = parseSort(f.sort, fields, f.q ? '-relevance' : '-updatedAt');
  const where = filterConditions(actor, f, today, !!opts.deleted);
  return keysetPage<MandatColumns>(db, {
    estimateTotalAbove: EXACT_TOTAL_UP_TO,
    table: mandats,
    id: mandats.id,
    columns: dtoColumns,
    where,
    sort,
    ids: f.ids,
    cursor: f.cursor,
    limit: f.limit,
  });
}

/** A mandate the actor may see (live only unless `withDeleted`); `forUpdate` locks it until the transaction ends. */
export async function findMandat(
  db: Queryable,
  actor: Actor,
  id: string,
  opts: { withDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<MandatRow | null> {
  const where: SQL[] = [eq(mandats.id, id)];
  if (!opts.withDeleted) where.push(isNull(mandats.deletedAt));
  const scope = scopeFilter(actor, mandats);
  if (scope) where.push(scope);
  const query = db
    .select()
    .from(mandats)
    .where(and(...where));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

export async function insertMandat(db: Queryable, values: NewMandatRow): Promise<MandatRow> {
  const [row] = await db.insert(mandats).values(values).returning();
  return row as MandatRow;
}

export async function updateMandatRow(db: Queryable, id: string, values: Partial<NewMandatRow>): Promise<MandatRow> {
  const [row] = await db.update(mandats).set(values).where(eq(mandats.id, id)).returning();
  return row as MandatRow;
}

export async function insertStageChange(db: Queryable, values: typeof mandatStageChanges.$inferInsert): Promise<void> {
  await db.insert(mandatStageChanges).values(values);
}

export async function listStageChanges(db: Queryable, mandatId: string) {
  return db
    .select()
    .from(mandatStageChanges)
    .where(eq(mandatStageChanges.mandatId, mandatId))
    .orderBy(asc(mandatStageChanges.changedAt), asc(mandatStageChanges.id));
}

/** Whether a live organisation is visible to the actor. */
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

/** Whether a live person is visible to the actor. */
export async function personVisible(db: Queryable, actor: Actor, id: string): Promise<boolean> {
  const where: SQL[] = [eq(people.id, id), isNull(people.deletedAt)];
  const scope = scopeFilter(actor, people);
  if (scope) where.push(scope);
  const [row] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(...where));
  return !!row;
}

/** Count and total amount per stage of the live mandates the actor may see. */
export async function pipelineByStage(db: Queryable, actor: Actor, f: PipelineFilter) {
  const where: SQL[] = [isNull(mandats.deletedAt)];
  const scope = scopeFilter(actor, mandats);
  if (scope) where.push(scope);
  if (f.kind) where.push(inArray(mandats.kind, f.kind));
  if (f.ownerId) where.push(inArray(mandats.ownerId, f.ownerId));
  if (f.teamId) where.push(inArray(mandats.teamId, f.teamId));
  if (f.closedFrom) where.push(gte(mandats.closedAt, f.closedFrom));
  return db
    .select({
      stage: mandats.stage,
      count: count(),
      totalAmount: sql<string>`coalesce(sum(${mandats.amount}), 0)::text`,
    })
    .from(mandats)
    .where(and(...where))
    .groupBy(mandats.stage);
}

/** The live products attached to a mandate, by name. */
export async function listAttachedProduits(db: Queryable, mandatId: string) {
  const { searchText: _st, deletedBy: _db, ...produitColumns } = getTableColumns(produits);
  return db
    .select(produitColumns)
    .from(mandatProduits)
    .innerJoin(produits, eq(produits.id, mandatProduits.produitId))
    .where(and(eq(mandatProduits.mandatId, mandatId), isNull(produits.deletedAt)))
    .orderBy(asc(produits.name), asc(produits.id));
}

export async function isProduitAttached(db: Queryable, mandatId: string, produitId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: mandatProduits.id })
    .from(mandatProduits)
    .where(and(eq(mandatProduits.mandatId, mandatId), eq(mandatProduits.produitId, produitId)));
  return !!row;
}

export async function attachProduitRow(db: Queryable, mandatId: string, produitId: string): Promise<void> {
  await db.insert(mandatProduits).values({ mandatId, produitId });
}

export async function detachProduitRow(db: Queryable, mandatId: string, produitId: string): Promise<boolean> {
  const rows = await db
    .delete(mandatProduits)
    .where(and(eq(mandatProduits.mandatId, mandatId), eq(mandatProduits.produitId, produitId)))
    .returning({ id: mandatProduits.id });
  return rows.length > 0;
}

/** Re-points the mandates of organisation `from` (or whose primary contact is person `from`) at `to`; binned ones too. */
export async function moveMandatReferences(db: Queryable, s: Reassignment): Promise<MandatRow[]> {
  const col = s.kind === 'person' ? mandats.primaryContactId : mandats.organisationId;
  const values = s.kind === 'person' ? { primaryContactId: s.to } : { organisationId: s.to };
  return db.update(mandats).set(values).where(eq(col, s.from)).returning();
}

/**
 * The mandates whose primary contact is the person, the actor may see, binned ones included, oldest first, without
 * their search text: the RGPD export's rows.
 */
export async function mandatsAboutPerson(db: Queryable, actor: Actor, subject: PersonSubject) {
  const { searchText: _t, ...cols } = getTableColumns(mandats);
  const about = eq(mandats.primaryContactId, subject.id);
  const scope = scopeFilter(actor, mandats);
  return db
    .select(cols)
    .from(mandats)
    .where(scope ? (and(about, scope) as SQL) : about)
    .orderBy(asc(mandats.createdAt));
}

export function toMandatDto(
  row: MandatColumns & { searchText?: unknown; deletedBy?: unknown },
  today: string,
): MandatDto {
  const { searchText: _st, deletedBy: _db, ...rest } = row;
  return { ...rest, contractStatus: contractStatusOf(rest, today) } as MandatDto;
}

/** RGPD erasure: the erased person's values replaced in the mandates (titles, lost reasons); returns the ids of the rows changed (with `dryRun`: that hold one). */
export async function scrubMandatTexts(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubColumns(db, mandats, { title: 'text', lostReason: 'text' }, e, opts);
}
