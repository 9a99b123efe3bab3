import { and, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import { type Queryable, rowsOf } from '../../platform/db/client.ts';
import { type ErasureSql, type ScrubOptions, scrubJsonValue } from '../../platform/db/scrub.ts';
import { nameKeyDigits } from '../organisations/name-key.ts';
import { nameDigits, organisations } from '../organisations/organisations.schema.ts';
import { people, personOrganisations } from '../people/people.schema.ts';
import type {
  DryRunReport,
  ImportJobDto,
  ImportOptions,
  ImportReport,
  ImportStatus,
  StoredImportReport,
} from './imports.contracts.ts';
import { importJobs } from './imports.schema.ts';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type NewImportJobRow = typeof importJobs.$inferInsert;

export async function insertImportJob(db: Queryable, values: NewImportJobRow): Promise<ImportJobRow> {
  const [row] = await db.insert(importJobs).values(values).returning();
  return row as ImportJobRow;
}

/** An import the actor may see: their own, or any for an admin. */
export async function findImportJob(db: Queryable, actor: Actor | null, id: string): Promise<ImportJobRow | null> {
  const where: SQL[] = [eq(importJobs.id, id)];
  if (actor && actor.type !== 'system' && actor.role !== 'admin') {
    where.push(actor.userId ? eq(importJobs.createdBy, actor.userId) : sql`false`);
  }
  const [row] = await db
    .select()
    .from(importJobs)
    .where(and(...where));
  return row ?? null;
}

export async function listImportJobs(db: Queryable, actor: Actor, limit: number): Promise<ImportJobRow[]> {
  const mine = actor.role === 'admin' ? undefined : eq(importJobs.createdBy, actor.userId ?? '');
  return db.select().from(importJobs).where(mine).orderBy(desc(importJobs.createdAt), desc(importJobs.id)).limit(limit);
}

export async function updateImportJob(
  db: Queryable,
  id: string,
  values: Partial<NewImportJobRow>,
  onlyIfStatus?: readonly ImportStatus[],
): Promise<ImportJobRow | null> {
  const where: SQL[] = [eq(importJobs.id, id)];
  if (onlyIfStatus) where.push(inArray(importJobs.status, [...onlyIfStatus]));
  const [row] = await db
    .update(importJobs)
    .set(values)
    .where(and(...where))
    .returning();
  return row ?? null;
}

/** Live people the actor may see with one of these e-mails (lower-cased), for duplicate counts and links. */
export async function peopleByEmail(
  db: Queryable,
  actor: Actor,
  emails: readonly string[],
): Promise<{ id: string; email: string }[]> {
  if (emails.length === 0) return [];
  const where: SQL[] = [isNull(people.deletedAt), inArray(people.email, [...emails])];
  const scope = scopeFilter(actor, people);
  if (scope) where.push(scope);
  const rows = await db
    .select({ id: people.id, email: people.email })
    .from(people)
    .where(and(...where));
  return rows.map((r) => ({ id: r.id, email: String(r.email) }));
}

export function progressOf(row: Pick<ImportJobRow, 'status' | 'totalRows' | 'processedRows'>): number {
  if (row.status === 'done' || row.status === 'validated') return 100;
  if (row.totalRows <= 0) return 0;
  return Math.min(100, Math.floor((row.processedRows / row.totalRows) * 100));
}

/** The report as the API shows it (reports saved before row listings have none; the line -> record map stays in). */
function reportOf(stored: StoredImportReport | null): ImportReport | null {
  if (!stored) return null;
  const { lineRecords: _l, ...report } = stored;
  return { ...report, rows: report.rows ?? [] };
}

export function toImportJobDto(row: ImportJobRow): ImportJobDto {
  const options = (row.options ?? {}) as ImportOptions;
  const dryRun = row.dryRun as
    | (DryRunReport & { failure?: undefined })
    | { failure: { code: string; message: string } }
    | null;
  return {
    id: row.id,
    entity: row.entity as ImportJobDto['entity'],
    status: row.status as ImportStatus,
    fileName: row.fileName,
    format: row.format,
    headers: row.headers as string[],
    mapping: (row.mapping as ImportJobDto['mapping']) ?? null,
    duplicates: options.duplicates ?? null,
    constants: options.constants ?? {},
    review: options.review ?? null,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    progress: progressOf(row),
    report: reportOf(row.report as StoredImportReport | null),
    dryRun:
      dryRun && !dryRun.failure ? { ...dryRun, predicted: dryRun.predicted ?? null, rows: dryRun.rows ?? [] } : null,
    dryRunError: dryRun?.failure ?? null,
    createdBy: row.createdBy,
    teamId: row.teamId,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Claims the next batch of a running import: moves `processed_rows` from `from` to `to` and beats the heartbeat, only
 * if the run `attempt` still owns the import and nobody saved these rows already. Called first in the batch's
 * transaction, so the rows it writes commit with their progress, or not at all (each row imported exactly once).
 */
export async function claimImportBatch(
  db: Queryable,
  id: string,
  claim: { attempt: number; from: number; to: number; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(importJobs)
    .set({ processedRows: claim.to, heartbeatAt: claim.now })
    .where(
      and(
        eq(importJobs.id, id),
        eq(importJobs.status, 'running'),
        eq(importJobs.attempt, claim.attempt),
        eq(importJobs.processedRows, claim.from),
      ),
    )
    .returning({ id: importJobs.id });
  return rows.length === 1;
}

/** Imports in `statuses` whose heartbeat is older than `before` (their worker died or stalled). */
export async function findStalledImports(
  db: Queryable,
  statuses: readonly ImportStatus[],
  before: Date,
): Promise<Pick<ImportJobRow, 'id' | 'status' | 'attempt'>[]> {
  return db
    .select({ id: importJobs.id, status: importJobs.status, attempt: importJobs.attempt })
    .from(importJobs)
    .where(
      and(
        inArray(importJobs.status, [...statuses]),
        sql`coalesce(${importJobs.heartbeatAt}, ${importJobs.updatedAt}) < ${before}`,
      ),
    )
    .orderBy(importJobs.heartbeatAt)
    .limit(100);
}

/**
 * Takes a stalled import over for a new run: bumps `attempt` (the old run, if it still lives, can no longer save a
 * batch) and the heartbeat, only if it is still stalled at attempt `attempt`. Returns the new attempt, or null when
 * another checker took it first or it moved on.
 */
export async function takeOverImport(
  db: Queryable,
  id: string,
  attempt: number,
  before: Date,
  now: Date,
): Promise<number | null> {
  const [row] = await db
    .update(importJobs)
    .set({ attempt: attempt + 1, heartbeatAt: now })
    .where(
      and(
        eq(importJobs.id, id),
        eq(importJobs.attempt, attempt),
        inArray(importJobs.status, ['validating', 'running']),
        sql`coalesce(${importJobs.heartbeatAt}, ${importJobs.updatedAt}) < ${before}`,
      ),
    )
    .returning({ attempt: importJobs.attempt });
  return row?.attempt ?? null;
}

/** A live person the importer may see who matches row `idx` of a batch: same e-mail, or same name (no accents, no case). */
export interface PersonMatch {
  idx: number;
  id: string;
  email: string | null;
}

/** What the people of a batch of rows are up against: the visible people they match, and whose e-mails are taken. */
export interface PeopleMatches {
  matches: PersonMatch[];
  /**
   * For each e-mail of the batch (lower-cased) held by a live contact, the buckets (team, else owner) holding it, seen
   * by the importer or not: e-mails are unique within a bucket (see emailInUse in features/people/people.repo.ts).
   */
  emailBuckets: Map<string, Set<string>>;
}

/**
 * For each probe (first name, last name, e-mail) the live people the actor may see with its e-mail or its name (what
 * findDuplicatePeople answers for one row), and the buckets holding its e-mail, in one statement. `idx` is the
 * probe's position.
 */
export async function matchPeopleForImport(
  db: Queryable,
  actor: Actor,
  probes: readonly { firstName: string; lastName: string; email: string | null }[],
): Promise<PeopleMatches> {
  const found: PeopleMatches = { matches: [], emailBuckets: new Map() };
  if (probes.length === 0) return found;
  const scope = scopeFilter(actor, people);
  const firsts = probes.map((p) => p.firstName);
  const lasts = probes.map((p) => p.lastName);
  const emails = probes.map((p) => p.email);
  const live = scope ? sql`${people.deletedAt} is null and ${scope}` : sql`${people.deletedAt} is null`;
  const probe = sql`unnest(${sql.param(firsts)}::text[], ${sql.param(lasts)}::text[], ${sql.param(emails)}::text[]) with ordinality as p(f, l, e, idx)`;
  // Two equi-joins (the e-mail index; the name-key index or a hash join) rather than one join on an OR, which only a
  // nested loop can run: probes x people, two crm_unaccent calls each, seconds per batch once the table grows. The
  // e-mail side is not scoped (one probe an address, people_live_email_idx): it also tells which buckets hold the
  // e-mail, and whether the importer sees each holder.
  const result = await db.execute(sql`
    select 'e' as side, (p.idx - 1)::int as idx, ${people.id} as id, ${people.email} as email,
      coalesce(${people.teamId}, ${people.ownerId}) as bucket, coalesce(${scope ?? sql`true`}, false) as visible
    from ${probe} join ${people} on ${people.deletedAt} is null and ${people.email} = p.e::citext
    union all
    select 'n', k.idx, ${people.id}, ${people.email}, null, true
    from (select (p.idx - 1)::int as idx, crm_unaccent(lower(p.l)) as lk, crm_unaccent(lower(p.f)) as fk from ${probe}) k
    join ${people} on ${live}
      and crm_unaccent(lower(${people.lastName})) = k.lk and crm_unaccent(lower(${people.firstName})) = k.fk`);
  type Row = { side: 'e' | 'n'; idx: number; id: string; email: string; bucket: string | null; visible: boolean };
  const seen = new Set<string>();
  for (const r of rowsOf<Row>(result)) {
    const idx = Number(r.idx);
    if (r.side === 'e' && r.bucket !== null) {
      const email = String(r.email).toLowerCase();
      const buckets = found.emailBuckets.get(email) ?? new Set();
      buckets.add(r.bucket);
      found.emailBuckets.set(email, buckets);
    }
    // A person matched by e-mail and by name is one match.
    if (!r.visible || seen.has(`${idx}:${r.id}`)) continue;
    seen.add(`${idx}:${r.id}`);
    found.matches.push({ idx, id: r.id, email: r.email });
  }
  return found;
}

/**
 * For each normalised name, the organisation an import links or merges into among those the actor may see: the same
 * normalised name first, else the closest one at least `minSimilarity` close with the same digits (what
 * bestOrganisation picks per row).
 */
export async function organisationsForNameKeys(
  db: Queryable,
  actor: Actor,
  keys: readonly string[],
  minSimilarity: number,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (keys.length === 0) return found;
  const scope = scopeFilter(actor, organisations);
  const live = and(isNull(organisations.deletedAt), scope);
  const take = (result: Parameters<typeof rowsOf>[0]) => {
    for (const r of rowsOf<{ key: string; id: string }>(result)) found.set(r.key, r.id);
  };
  // Exact names: the oldest record of each, one probe a name in organisations_live_name_key_idx (an `= any(…)` over
  // the keys was planned on the trigram index, 40 ms for 25 names).
  const exact = await db.execute(sql`
    select k.key, o.id from unnest(${sql.param([...keys])}::text[]) as k(key)
    join lateral (
      select ${organisations.id} as id from ${organisations}
      where ${live} and ${organisations.nameKey} = k.key
      order by ${organisations.createdAt}, ${organisations.id}
      limit 1
    ) o on true`);
  take(exact);
  const rest = keys.filter((k) => !found.has(k));
  const closest = (where: SQL, names: string[]) => sql`
    select k.key, o.id from unnest(${sql.param(names)}::text[]) as k(key)
    join lateral (
      select ${organisations.id} as id from ${organisations}
      where ${live} and ${where} and similarity(${organisations.nameKey}, k.key) >= ${minSimilarity}
        and ${nameDigits(organisations.nameKey)} = ${nameDigits(sql`k.key`)}
      order by similarity(${organisations.nameKey}, k.key) desc, ${organisations.createdAt}, ${organisations.id}
      limit 1
    ) o on true`;
  // Names with digits: only names with the same digits can do (organisations_live_name_digits_idx), a handful.
  const withDigits = rest.filter((k) => nameKeyDigits(k) !== '');
  const plain = rest.filter((k) => nameKeyDigits(k) === '');
  if (withDigits.length > 0) {
    take(await db.execute(closest(sql`${organisations.nameKey} ~ '[0-9]'`, withDigits)));
  }
  // The others through the trigram index. `%>` is true when word_similarity(key, name_key) reaches the session's
  // threshold, and word_similarity >= similarity: raising the threshold to `minSimilarity` for this statement loses
  // no match and lets the index drop the names that share only common trigrams ("societe", "gestion"), which it
  // otherwise hands over one by one to be compared (4 s for 25 names among 15,000 similar ones at the default 0.6,
  // 0.1 s at 0.8). set_config(…, true) lasts until the transaction ends: the previous value is put back after.
  if (plain.length === 0) return found;
  const [previous] = rowsOf<{ value: string }>(
    await db.execute(sql`select current_setting('pg_trgm.word_similarity_threshold', true) as value`),
  );
  await db.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(minSimilarity)}, true)`);
  try {
    take(await db.execute(closest(sql`${organisations.nameKey} %> k.key`, plain)));
  } finally {
    await db.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${previous?.value ?? '0.6'}, true)`);
  }
  return found;
}

/**
 * Saves what run `attempt` of an import in `status` did (progress, heartbeat, and on the last call its result), only
 * while it still owns the import. False when a later run took it over (the caller stops).
 */
export async function saveImportProgress(
  db: Queryable,
  id: string,
  owner: { status: ImportStatus; attempt: number },
  values: Partial<NewImportJobRow>,
): Promise<boolean> {
  const rows = await db
    .update(importJobs)
    .set(values)
    .where(and(eq(importJobs.id, id), eq(importJobs.status, owner.status), eq(importJobs.attempt, owner.attempt)))
    .returning({ id: importJobs.id });
  return rows.length === 1;
}

/** RGPD erasure: the erased person's values replaced in the import reports and dry-run previews (rows quoted in errors and previews); returns the ids of the rows changed (with `dryRun`: that hold one). */
export async function scrubImportReports(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  const rows = await db
    .select({ id: importJobs.id, report: importJobs.report, dryRun: importJobs.dryRun })
    .from(importJobs)
    .where(or(e.jsonAnyNameHit(importJobs.report), e.jsonAnyNameHit(importJobs.dryRun)));
  const changed: string[] = [];
  for (const row of rows) {
    const report = scrubJsonValue(row.report, e.erasure);
    const dryRun = scrubJsonValue(row.dryRun, e.erasure);
    if (JSON.stringify([report, dryRun]) === JSON.stringify([row.report, row.dryRun])) continue;
    changed.push(row.id);
    if (!opts.dryRun) await db.update(importJobs).set({ report, dryRun }).where(eq(importJobs.id, row.id));
  }
  return changed;
}

/** An organisation a row of an import matched: the record, its name, how close. */
export interface OrganisationMatch {
  id: string;
  name: string;
  similarity: number;
}

/**
 * For each normalised name, the live organisations the actor may see with exactly that normalised name (the oldest
 * first), one index probe a name (organisations_live_name_key_idx): the organisations' duplicate rule for an import.
 */
export async function organisationsWithNameKeys(
  db: Queryable,
  actor: Actor,
  keys: readonly string[],
): Promise<Map<string, OrganisationMatch>> {
  const found = new Map<string, OrganisationMatch>();
  if (keys.length === 0) return found;
  const live = and(isNull(organisations.deletedAt), scopeFilter(actor, organisations));
  const result = await db.execute(sql`
    select k.key, o.id, o.name from unnest(${sql.param([...new Set(keys)])}::text[]) as k(key)
    join lateral (
      select ${organisations.id} as id, ${organisations.name} as name from ${organisations}
      where ${live} and ${organisations.nameKey} = k.key
      order by ${organisations.createdAt}, ${organisations.id}
      limit 1
    ) o on true`);
  for (const r of rowsOf<{ key: string; id: string; name: string }>(result)) {
    found.set(r.key, { id: r.id, name: r.name, similarity: 1 });
  }
  return found;
}

/**
 * For each normalised name, up to `limit` live organisations the actor may see whose normalised name is at least
 * `minSimilarity` close (trigram similarity), closest first: the rows an import proposes for review. `%>` prefilters
 * through the trigram index (see findSimilarOrganisations for why not `%`).
 */
export async function organisationsCloseToNameKeys(
  db: Queryable,
  actor: Actor,
  keys: readonly string[],
  minSimilarity: number,
  limit = 3,
): Promise<Map<string, OrganisationMatch[]>> {
  const found = new Map<string, OrganisationMatch[]>();
  if (keys.length === 0) return found;
  const live = and(isNull(organisations.deletedAt), scopeFilter(actor, organisations));
  const sim = sql`similarity(${organisations.nameKey}, k.key)`;
  const result = await db.execute(sql`
    select k.key, o.id, o.name, o.sim from unnest(${sql.param([...new Set(keys)])}::text[]) as k(key)
    join lateral (
      select ${organisations.id} as id, ${organisations.name} as name, ${sim} as sim from ${organisations}
      where ${live} and ${organisations.nameKey} %> k.key and ${sim} >= ${minSimilarity}
      order by ${sim} desc, ${organisations.createdAt}, ${organisations.id}
      limit ${limit}
    ) o on true
    order by k.key, o.sim desc`);
  for (const r of rowsOf<{ key: string; id: string; name: string; sim: number }>(result)) {
    const list = found.get(r.key) ?? [];
    list.push({ id: r.id, name: r.name, similarity: Number(r.sim) });
    found.set(r.key, list);
  }
  return found;
}

/** What tells two people of the same name apart: their phones, LinkedIn profile, organisations (normalised names). */
export interface PersonSignals {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phones: string[];
  linkedinUrl: string | null;
  organisationKeys: string[];
}

/** The signals of these people (live links only), for the import's "same name and ..." review rule. */
export async function personSignals(db: Queryable, ids: readonly string[]): Promise<PersonSignals[]> {
  if (ids.length === 0) return [];
  const result = await db.execute(sql`
    select p.id, p.first_name, p.last_name, p.email, p.phone, p.mobile, p.linkedin_url,
      coalesce((select array_agg(o.name_key) from ${personOrganisations} po
        join ${organisations} o on o.id = po.organisation_id and o.deleted_at is null
        where po.person_id = p.id), '{}') as keys
    from ${people} p where p.id = any(${sql.param([...new Set(ids)])}::uuid[])`);
  type Row = {
    id: string;
    first_name: string;
    last_name: string;
    email: string | null;
    phone: string | null;
    mobile: string | null;
    linkedin_url: string | null;
    keys: string[] | string;
  };
  return rowsOf<Row>(result).map((r) => ({
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phones: [r.phone, r.mobile].filter((p): p is string => Boolean(p)),
    linkedinUrl: r.linkedin_url,
    organisationKeys: Array.isArray(r.keys) ? r.keys : parsePgArray(r.keys),
  }));
}

/** A text[] some drivers hand back as its literal (`{a,"b c"}`). */
function parsePgArray(literal: string): string[] {
  const inner = literal.replace(/^\{|\}$/g, '');
  if (inner === '') return [];
  return inner.split(',').map((s) => s.replace(/^"|"$/g, '').replace(/\\"/g, '"'));
}
