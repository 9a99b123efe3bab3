import { and, desc, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { escapeLike, normalizedQuery } from '../../platform/db/search.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people } from '../people/people.schema.ts';
import { produits } from '../produits/produits.schema.ts';
import { tasks } from '../tasks/tasks.schema.ts';

export const SEARCH_TYPES = ['organisation', 'person', 'mandat', 'produit', 'task'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export interface SearchHit {
  type: SearchType;
  id: string;
  label: string;
  sublabel: string | null;
  rank: number;
}

interface Searchable {
  table: PgTable;
  id: AnyPgColumn;
  searchText: AnyPgColumn;
  deletedAt: AnyPgColumn;
  label: SQL;
  sublabel: SQL;
  /** Row scope for the actor; undefined = everyone may see every row (the fund catalogue). */
  scope(actor: Actor): SQL | undefined;
}

const sources: Record<SearchType, Searchable> = {
  organisation: {
    table: organisations,
    id: organisations.id,
    searchText: organisations.searchText,
    deletedAt: organisations.deletedAt,
    label: sql`${organisations.name}`,
    sublabel: sql`concat_ws(' · ', ${organisations.category}::text, ${organisations.city})`,
    scope: (a) => scopeFilter(a, organisations),
  },
  person: {
    table: people,
    id: people.id,
    searchText: people.searchText,
    deletedAt: people.deletedAt,
    label: sql`${people.firstName} || ' ' || ${people.lastName}`,
    sublabel: sql`concat_ws(' · ', ${people.jobTitle}, ${people.email}::text)`,
    scope: (a) => scopeFilter(a, people),
  },
  mandat: {
    table: mandats,
    id: mandats.id,
    searchText: mandats.searchText,
    deletedAt: mandats.deletedAt,
    label: sql`${mandats.title}`,
    sublabel: sql`concat_ws(' · ', ${mandats.kind}::text, ${mandats.stage}::text)`,
    scope: (a) => scopeFilter(a, mandats),
  },
  produit: {
    table: produits,
    id: produits.id,
    searchText: produits.searchText,
    deletedAt: produits.deletedAt,
    label: sql`${produits.name}`,
    sublabel: sql`concat_ws(' · ', ${produits.isin}, ${produits.type}::text)`,
    scope: () => undefined,
  },
  task: {
    table: tasks,
    id: tasks.id,
    searchText: tasks.searchText,
    deletedAt: tasks.deletedAt,
    label: sql`${tasks.title}`,
    sublabel: sql`concat_ws(' · ', ${tasks.status}::text, to_char(${tasks.dueAt}, 'YYYY-MM-DD'))`,
    // A task is visible to its owner's team and to its assignee.
    scope: (a) => {
      const s = scopeFilter(a, tasks);
      return s && a.userId ? (or(s, eq(tasks.assigneeId, a.userId)) as SQL) : s;
    },
  },
};

/** Words of a query, at most this many (the rest is ignored). */
const MAX_WORDS = 8;

export type SearchMode = 'exact' | 'fuzzy';

/**
 * Ranked matches of one type, in one of two modes (the service runs `fuzzy` only when `exact` found nothing
 * in any type, the "did you mean" of a search box).
 *
 * - `exact`: every word of the query appears in the row (accent- and case-insensitive substrings). Each word
 *   is a `LIKE` the GIN trigram index answers, so the index intersects the words and only real matches are
 *   read. The rank is cheap (no similarity per row): 1.75 when the row starts with the whole query, 1.5 when
 *   a word does, 1.25 when it appears anywhere, 1 when only the words do.
 * - `fuzzy`: typo-tolerant, the trigram word similarity of the whole query (`<%`, index-backed), ranked by it
 *   (0.6 to 1).
 */
export async function searchType(
  db: Queryable,
  actor: Actor,
  type: SearchType,
  q: string,
  limit: number,
  mode: SearchMode = 'exact',
): Promise<SearchHit[]> {
  const s = sources[type];
  const nq = normalizedQuery(q);
  let rank: SQL<number>;
  const where: SQL[] = [isNull(s.deletedAt)];
  if (mode === 'exact') {
    const words = q.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
    for (const w of words) where.push(sql`${s.searchText} like ${normalizedQuery(`%${escapeLike(w)}%`)}`);
    const phrase = escapeLike(words.join(' '));
    rank = sql<number>`(1 + case when ${s.searchText} like ${normalizedQuery(`${phrase}%`)} then 0.75
      when ${s.searchText} like ${normalizedQuery(`% ${phrase}%`)} then 0.5
      when ${s.searchText} like ${normalizedQuery(`%${phrase}%`)} then 0.25 else 0 end)`;
  } else {
    where.push(sql`${nq} <% ${s.searchText}`);
    rank = sql<number>`word_similarity(${nq}, ${s.searchText})`;
  }
  const scope = s.scope(actor);
  if (scope) where.push(scope);
  const rows = await db
    .select({ id: s.id, label: s.label, sublabel: s.sublabel, rank })
    .from(s.table)
    .where(and(...where))
    .orderBy(desc(rank), s.label)
    .limit(limit);
  return rows.map((r) => ({
    type,
    id: r.id as string,
    label: r.label as string,
    sublabel: (r.sublabel as string) || null,
    rank: Number(r.rank),
  }));
}
