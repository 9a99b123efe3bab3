import type { CodeList } from '@crm/contracts';
import { and, desc, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { escapeLike, escapeRegex, normalizedQuery } from '../../platform/db/search.ts';
import type { EntityDef, SearchDetail } from '../../platform/entities/entity.ts';

/** A part of a hit's second line, as the API sends it (the web app names codes and formats dates). */
export type SearchHitDetail =
  | { kind: 'text'; value: string }
  | { kind: 'enum'; list: CodeList; value: string }
  | { kind: 'date'; value: string };

export interface SearchHit {
  type: string;
  id: string;
  label: string;
  sublabel: string | null;
  details: SearchHitDetail[];
  rank: number;
}

/** The entities the search looks into (the registry's `search`). */
export const searchableEntities = (all: readonly EntityDef[]) => all.filter((e) => e.search);

/** Words of a query, at most this many (the rest is ignored). */
const MAX_WORDS = 8;

/** The words of a query, as typed (the SQL normalises case and accents). */
export const searchWords = (q: string): string[] => q.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);

/**
 * Words this long may hold a typo. In a shorter word one wrong letter leaves one or two trigrams in common with
 * anything: every word starting with the same two letters would be a candidate.
 */
export const TYPO_MIN_LENGTH = 4;

/**
 * The trigram word similarity (pg_trgm's `<%`, answered by the GIN trigram index) a word of the query needs with the
 * row to be a typo candidate. One wrong, missing, extra or swapped letter breaks the two or three trigrams around it;
 * `word_similarity` is then common / (query's + closest extent's - common), 0.5 to 0.56 for "berenjer" (bérenger),
 * "cabnet" (cabinet), "petti" (petit), "girad" (girard): the default threshold, 0.6, lets none of them through.
 * Below 0.45, a five-letter word would match every word sharing its first two letters.
 */
export const TYPO_THRESHOLD = 0.45;

/**
 * Rows read from the index per type before ranking: the rank is computed on these only, never on every row that
 * holds a common word. Beyond them a query finds an arbitrary part of its matches (the user types one word more).
 */
const EXACT_CANDIDATES = 500;
const TYPO_CANDIDATES = 100;

const like = (text: SQL | unknown, pattern: string) => sql`${text} like ${normalizedQuery(pattern)}`;

/** Where a hit of `e` may come from: live rows within the actor's scope. */
function visible(actor: Actor, e: EntityDef): SQL[] {
  const where: SQL[] = e.softDelete ? [isNull(e.softDelete.deletedAt)] : [];
  const scope = e.scope.where(actor);
  if (scope) where.push(scope);
  return where;
}

/**
 * Rows holding every word of the query (accent- and case-insensitive substrings): each word is a `LIKE` the GIN
 * trigram index answers, so the index intersects the words. Ranked without a similarity, from 2 down to 1: the row
 * starts with the whole query as words (2), holds it as words (1.75), starts with it (1.5), a word starts with it
 * (1.25), holds it (1.1), holds only the words (1).
 */
export function exactHits(db: Queryable, actor: Actor, e: EntityDef, words: string[], limit: number) {
  const text = searchOf(e).text;
  const phrase = words.join(' ');
  const asWords = (start: string) => sql`${text} ~ (${start} || ${normalizedQuery(escapeRegex(phrase))} || '\\M')`;
  const rank = sql<number>`(1 + case when ${asWords('^')} then 1
      when ${asWords('\\m')} then 0.75
      when ${like(text, `${escapeLike(phrase)}%`)} then 0.5
      when ${like(text, `% ${escapeLike(phrase)}%`)} then 0.25
      when ${like(text, `%${escapeLike(phrase)}%`)} then 0.1 else 0 end)`;
  const match = words.map((w) => like(text, `%${escapeLike(w)}%`));
  return ranked(db, actor, e, match, rank, EXACT_CANDIDATES, limit);
}

/**
 * Rows holding every word of the query, some only with a typo: each word of four letters or more is close to a word
 * of the row (`<%` at the transaction's `pg_trgm.word_similarity_threshold`: run it through `withTypoThreshold`), a
 * shorter one appears as typed. Rows holding every word as typed are `exactHits`' and left out. Ranked between 0.5
 * and 1: 0.4 by how close each word is to its closest whole word of the row (`strict_word_similarity`, so that
 * "rousel" puts Roussel before Rousseau), 0.1 by how close the query is to the label (the company before its staff,
 * whose e-mail addresses hold its name).
 */
export function typoHits(db: Queryable, actor: Actor, e: EntityDef, words: string[], limit: number) {
  const { text, label } = { text: searchOf(e).text, label: searchOf(e).label ?? e.label };
  const holds = (w: string) => like(text, `%${escapeLike(w)}%`);
  const close = (w: string) => sql`${normalizedQuery(w)} <% ${text}`;
  // A word held as typed is close too (`<%` is 1 for a whole word, 0.7 and more inside a longer one): no OR, whose
  // estimate sends the planner through the table.
  const match = [
    ...words.map((w) => (w.length >= TYPO_MIN_LENGTH ? close(w) : holds(w))),
    sql`not (${and(...words.map(holds))})`,
  ];
  const closeness = words.map(
    (w) => sql`case when ${holds(w)} then 1 else strict_word_similarity(${normalizedQuery(w)}, ${text}) end`,
  );
  const rank = sql<number>`(0.5 + 0.4 * (${sql.join(closeness, sql` + `)}) / ${words.length}
    + 0.1 * strict_word_similarity(${normalizedQuery(words.join(' '))}, crm_unaccent(lower(${label}))))`;
  return ranked(db, actor, e, match, rank, TYPO_CANDIDATES, limit);
}

/**
 * Runs `fn` in a transaction whose `<%` lets one-letter typos through (TYPO_THRESHOLD), read through the trigram
 * index. The planner cannot tell how many rows `<%` keeps and may rather read the whole table, computing the
 * similarity on every row (300 ms for 20,000 contacts, against 10 to 40 ms through the index): sequential scans are
 * off for the transaction. set_config(…, true) lasts until the transaction ends.
 */
export async function withTypoThreshold<T>(db: Queryable, fn: (t: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (t) => {
    await t.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TYPO_THRESHOLD)}, true),
      set_config('enable_seqscan', 'off', true)`);
    return fn(t);
  });
}

const searchOf = (e: EntityDef) => e.search as NonNullable<EntityDef['search']>;

/**
 * The hits of `e`: the rows whose search text matches `match` (read from the trigram index alone: a materialised CTE
 * is planned apart from the rest, so no partial index on `deleted_at` and no LIMIT tempts the planner into reading the
 * table), then at most `candidates` of them the actor may see, in no particular order, then ranked and cut to `limit`:
 * the rank is computed on the candidates only.
 */
async function ranked(
  db: Queryable,
  actor: Actor,
  e: EntityDef,
  match: SQL[],
  rank: SQL<number>,
  candidates: number,
  limit: number,
): Promise<SearchHit[]> {
  const search = searchOf(e);
  const label = search.label ?? e.label;
  const details = search.details ?? [];
  const columns = Object.fromEntries(details.map((d, i) => [`d${i}`, detailValue(d)]));
  const sublabel =
    search.sublabel ??
    (details.length > 0 ? sql`concat_ws(' · ', ${sql.join(details.map(plainValue), sql`, `)})` : sql`null`);
  const ids = sql`(with matching as materialized (select ${e.id} as id from ${e.table} where ${and(...match)})
    select ${e.id} from ${e.table} where ${and(sql`${e.id} in (select id from matching)`, ...visible(actor, e))}
    limit ${candidates})`;
  const rows = await db
    .select({ id: e.id, label, sublabel, rank, ...columns })
    .from(e.table)
    .where(inArray(e.id, ids))
    .orderBy(desc(rank), label)
    .limit(limit);
  return rows.map((r) => ({
    type: e.type,
    id: r.id as string,
    label: r.label as string,
    sublabel: (r.sublabel as string) || null,
    details: details.flatMap((d, i): SearchHitDetail[] => {
      const value = (r as Record<string, unknown>)[`d${i}`] as string | null;
      if (value === null || value === '') return [];
      return [d.kind === 'enum' ? { kind: 'enum', list: d.list, value } : { kind: d.kind, value }];
    }),
    rank: Number(r.rank),
  }));
}

/** A detail as text: a moment in UTC, ISO 8601 (the same on PGlite and node-postgres, whose dates differ). */
const detailValue = (d: SearchDetail): SQL =>
  d.kind === 'date'
    ? sql`to_char(${d.value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
    : sql`nullif(${d.value}::text, '')`;

/** A detail in the plain `sublabel`: codes as stored, a date as YYYY-MM-DD (what the API always sent). */
const plainValue = (d: SearchDetail): SQL =>
  d.kind === 'date' ? sql`to_char(${d.value}, 'YYYY-MM-DD')` : sql`${d.value}::text`;
