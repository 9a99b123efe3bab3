import { and, eq, getTableColumns, gte, inArray, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
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
import { escapeLike, normalizedQuery } from '../../platform/db/search.ts';
import type { EntityDef } from '../../platform/entities/entity.ts';
import { liveVisible, userNameSortKey } from '../../platform/entities/records.repo.ts';
import { assertRange } from '../../platform/http/list.ts';
import type { PersonCandidate, PersonDto, PersonListFilter } from './people.contracts.ts';
import { lastActivityKey, people, personOrganisations } from './people.schema.ts';

export type PersonRow = typeof people.$inferSelect;
export type NewPersonRow = typeof people.$inferInsert;

const { searchText: _s, deletedBy: _d, ...dtoColumns } = getTableColumns(people);

const sortable: Record<string, SortField> = {
  // (lastName, firstName) as one text key, so that keyset paging stays a single comparison.
  lastName: { expr: sql`(${people.lastName} || ' ' || ${people.firstName})`, cast: 'text' },
  createdAt: { expr: people.createdAt, cast: 'timestamptz' },
  updatedAt: { expr: people.updatedAt, cast: 'timestamptz' },
  lastActivityAt: { expr: lastActivityKey(people.lastActivityAt), cast: 'timestamptz' },
  // Every column of the web list and the export's meaningful ones (ties broken by id, as every sort).
  jobTitle: textSortKey(people.jobTitle),
  email: textSortKey(people.email),
  // The list shows the phone, else the mobile.
  phone: textSortKey(sql`coalesce(${people.phone}, ${people.mobile})`),
  mobile: textSortKey(people.mobile),
  countryCode: textSortKey(people.countryCode),
  language: textSortKey(people.language),
  source: enumSortKey(people.source, 'record_source'),
  owner: userNameSortKey(people.ownerId),
  // Active first when ascending, then opted out of marketing last.
  isActive: {
    expr: sql`((case when ${people.isActive} then 0 else 2 end) + (case when ${people.marketingOptOut} then 1 else 0 end))`,
    cast: 'int',
  },
  linkedinConnectedOn: {
    expr: sql`coalesce(${people.linkedinConnectedOn}, date '1900-01-01')`,
    cast: 'date',
  },
};

/**
 * The name of the person's primary organisation, the list's Organisation column (`expand=organisation`): '' without
 * one, or when the actor may not see it, so the order reveals nothing of a hidden organisation. `org` is the
 * registry's organisation entity (its table, label and scope), as for the expansion.
 */
function organisationSortKey(actor: Actor, org: EntityDef): SortField {
  // Written out in full: the list's single-table select prints its columns without their table, so the link is
  // read in a subquery of its own, where "people"."id" cannot be mistaken for another table's id.
  const primaryId = sql.raw(
    '(select "sort_link"."organisation_id" from "person_organisations" as "sort_link" ' +
      'where "sort_link"."person_id" = "people"."id" and "sort_link"."is_primary")',
  );
  return {
    expr: sql`coalesce((select ${org.label} from ${org.table} where ${liveVisible(org, actor, sql`${org.id} = ${primaryId}`)}), '')`,
    cast: 'text',
  };
}

/** Accent/case-insensitive substring or typo-tolerant (trigram word similarity) match on the search text. */
export function personSearch(q: string): { where: SQL; rank: SQL } {
  const nq = normalizedQuery(q);
  const pattern = normalizedQuery(`%${escapeLike(q)}%`);
  return {
    where: sql`(${people.searchText} like ${pattern} or ${nq} <% ${people.searchText})`,
    rank: sql`word_similarity(${nq}, ${people.searchText})`,
  };
}

function linkExists(f: Partial<PersonListFilter>): SQL | undefined {
  if (!f.organisationId && !f.role) return undefined;
  const cond: SQL[] = [eq(personOrganisations.personId, people.id)];
  if (f.organisationId) cond.push(eq(personOrganisations.organisationId, f.organisationId));
  if (f.role) cond.push(inArray(personOrganisations.role, f.role));
  return sql`exists (select 1 from ${personOrganisations} where ${and(...cond)})`;
}

/**
 * The last-activity filters, on the indexed key (`lastActivityKey`): a date range of the last activity (people without
 * any are left out), or no activity for `inactiveDays` days before `now` (people without any are in).
 */
function lastActivityConditions(f: Partial<PersonListFilter>, now: Date): SQL[] {
  const key = lastActivityKey(people.lastActivityAt);
  const where: SQL[] = [];
  assertRange(f.lastActivityFrom, f.lastActivityTo, { from: 'lastActivityFrom', to: 'lastActivityTo' });
  if (f.lastActivityFrom || f.lastActivityTo) where.push(isNotNull(people.lastActivityAt));
  if (f.lastActivityFrom) where.push(gte(key, f.lastActivityFrom));
  if (f.lastActivityTo) where.push(lte(key, f.lastActivityTo));
  if (f.inactiveDays !== undefined) where.push(lt(key, new Date(now.getTime() - f.inactiveDays * DAY_MS)));
  return where;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `deleted`: the binned rows instead of the live ones; `now`: the service's clock, for `inactiveDays`; `organisation`:
 * the registry's organisation entity, for the sort on the primary organisation.
 */
interface ListOptions {
  deleted?: boolean;
  now?: Date;
  organisation?: EntityDef;
}

/** What a list of people takes from the context: the clock (`inactiveDays`), the organisation entity (its sort). */
export function listOptions(ctx: Ctx): ListOptions {
  return { now: ctx.deps.clock.now(), organisation: ctx.deps.entities.byType('organisation') };
}

function filterConditions(actor: Actor, f: Partial<PersonListFilter>, opts: ListOptions = {}): SQL[] {
  const where: SQL[] = [opts.deleted ? isNotNull(people.deletedAt) : isNull(people.deletedAt)];
  const scope = scopeFilter(actor, people);
  if (scope) where.push(scope);
  if (f.language) where.push(inArray(people.language, f.language));
  if (f.countryCode) where.push(inArray(people.countryCode, f.countryCode));
  if (f.source) where.push(inArray(people.source, f.source));
  if (f.ownerId) where.push(inArray(people.ownerId, f.ownerId));
  if (f.teamId) where.push(inArray(people.teamId, f.teamId));
  if (f.isActive !== undefined) where.push(eq(people.isActive, f.isActive));
  if (f.email) where.push(or(eq(people.email, f.email), eq(people.personalEmail, f.email)) as SQL);
  if (f.marketingOptOut !== undefined) where.push(eq(people.marketingOptOut, f.marketingOptOut));
  const link = linkExists(f);
  if (link) where.push(link);
  if (f.createdFrom) where.push(gte(people.createdAt, f.createdFrom));
  if (f.createdTo) where.push(lte(people.createdAt, f.createdTo));
  if (f.updatedFrom) where.push(gte(people.updatedAt, f.updatedFrom));
  if (f.updatedTo) where.push(lte(people.updatedAt, f.updatedTo));
  where.push(...lastActivityConditions(f, opts.now ?? new Date()));
  if (f.q) where.push(personSearch(f.q).where);
  return where;
}

export async function listPeople(
  db: Queryable,
  actor: Actor,
  f: PersonListFilter,
  opts: ListOptions = {},
): Promise<KeysetPage<PersonDto>> {
  if (f.q) {
    // Names are short: one missing letter in "dupont" already scores 0.5, below pg_trgm's default 0.6.
    return db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_THRESHOLD)}, true)`);
      return listPeopleIn(tx, actor, f, opts);
    });
  }
  return listPeopleIn(db, actor, f, opts);
}

/** Word-similarity threshold of people search (transaction-local setting). */
const WORD_THRESHOLD = 0.5;

async function listPeopleIn(
  db: Queryable,
  actor: Actor,
  f: PersonListFilter,
  opts: ListOptions,
): Promise<KeysetPage<PersonDto>> {
  const withOrganisation = opts.organisation
    ? { ...sortable, organisation: organisationSortKey(actor, opts.organisation) }
    : sortable;
  const fields = f.q
    ? { ...withOrganisation, relevance: { expr: personSearch(f.q).rank, cast: 'real' as const } }
    : withOrganisation;
  const sort = parseSort(f.sort, fields, f.q ? '-relevance' : '-updatedAt');
  const where = filterConditions(actor, f, opts);
  return keysetPage<PersonDto>(db, {
    estimateTotalAbove: EXACT_TOTAL_UP_TO,
    table: people,
    id: people.id,
    columns: dtoColumns,
    where,
    sort,
    ids: f.ids,
    cursor: f.cursor,
    limit: f.limit,
  });
}

/**
 * The primary organisation (`{ id, name }`) of each of these people, in one query, among the live organisations the
 * actor may see (`org`: the registry's organisation entity): a person whose primary organisation is hidden is absent.
 */
export async function primaryOrganisationsOf(
  db: Queryable,
  actor: Actor,
  personIds: string[],
  org: EntityDef,
): Promise<Map<string, { id: string; name: string }>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .select({
      personId: personOrganisations.personId,
      id: personOrganisations.organisationId,
      name: sql<string>`${org.label}`,
    })
    .from(personOrganisations)
    .innerJoin(org.table, eq(org.id, personOrganisations.organisationId))
    .where(
      and(
        inArray(personOrganisations.personId, personIds),
        eq(personOrganisations.isPrimary, true),
        liveVisible(org, actor, sql`true`),
      ),
    );
  return new Map(rows.map((r) => [r.personId, { id: r.id, name: String(r.name) }]));
}

/** A person the actor may see (live rows only unless `withDeleted`). */
export async function findPerson(
  db: Queryable,
  actor: Actor,
  id: string,
  opts: { withDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<PersonRow | null> {
  const where: SQL[] = [eq(people.id, id)];
  if (!opts.withDeleted) where.push(isNull(people.deletedAt));
  const scope = scopeFilter(actor, people);
  if (scope) where.push(scope);
  const q = db
    .select()
    .from(people)
    .where(and(...where));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function insertPerson(db: Queryable, values: NewPersonRow): Promise<PersonRow> {
  const [row] = await db.insert(people).values(values).returning();
  return row as PersonRow;
}

/** Inserts several people in one statement (imports), returned in the order given. */
export async function insertPeople(db: Queryable, values: NewPersonRow[]): Promise<PersonRow[]> {
  if (values.length === 0) return [];
  return insertMany(db, people, values, { returning: true });
}

export async function updatePersonRow(db: Queryable, id: string, values: Partial<NewPersonRow>): Promise<PersonRow> {
  const [row] = await db.update(people).set(values).where(eq(people.id, id)).returning();
  return row as PersonRow;
}

/**
 * Live people that look like the same person: same e-mail (case-insensitive), or same first and last
 * name once accents and case are removed. Only those the actor may see.
 */
export async function findDuplicatePeople(
  db: Queryable,
  actor: Actor,
  probe: { firstName: string; lastName: string; email?: string | null },
): Promise<PersonCandidate[]> {
  const sameName = and(
    sql`crm_unaccent(lower(${people.firstName})) = ${normalizedQuery(probe.firstName)}`,
    sql`crm_unaccent(lower(${people.lastName})) = ${normalizedQuery(probe.lastName)}`,
  ) as SQL;
  const match = probe.email ? (or(eq(people.email, probe.email), sameName) as SQL) : sameName;
  const where: SQL[] = [isNull(people.deletedAt), match];
  const scope = scopeFilter(actor, people);
  if (scope) where.push(scope);
  return db
    .select({ id: people.id, firstName: people.firstName, lastName: people.lastName, email: people.email })
    .from(people)
    .where(and(...where))
    .limit(5);
}

/**
 * The live people the actor may see whose work e-mail is this one (the column is citext: case-insensitive), at most
 * `limit`: what an upsert matches on (docs/DOMAIN.md, "Upsert").
 */
export async function findPeopleByEmail(db: Queryable, actor: Actor, email: string, limit = 10): Promise<string[]> {
  const where: SQL[] = [isNull(people.deletedAt), eq(people.email, email)];
  const scope = scopeFilter(actor, people);
  if (scope) where.push(scope);
  const rows = await db
    .select({ id: people.id })
    .from(people)
    .where(and(...where))
    .orderBy(people.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Whether a live person of the same team uses this e-mail, other than `excludeId`: e-mails are unique among the live
 * contacts of one team, or of one owner for contacts without a team (the `people_email_team_live_uq` index).
 */
export async function emailInUse(
  db: Queryable,
  email: string,
  holder: { teamId: string | null; ownerId: string | null },
  excludeId?: string,
): Promise<boolean> {
  const bucket = holder.teamId ?? holder.ownerId;
  if (!bucket) return false;
  const where: SQL[] = [
    isNull(people.deletedAt),
    eq(people.email, email),
    sql`coalesce(${people.teamId}, ${people.ownerId}) = ${bucket}`,
  ];
  if (excludeId) where.push(sql`${people.id} <> ${excludeId}`);
  const [row] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(...where))
    .limit(1);
  return !!row;
}

/** Whether a database error is a unique-constraint violation, optionally of the named index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return !constraint || !e.constraint || e.constraint === constraint;
  }
  return false;
}

export function toPersonDto(row: PersonRow): PersonDto {
  const { searchText: _s, deletedBy: _d, ...dto } = row;
  return dto as PersonDto;
}
