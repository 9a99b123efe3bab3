import { and, desc, isNull, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { escapeLike, normalizedQuery } from '../../platform/db/search.ts';
import type { EntityDef } from '../../platform/entities/entity.ts';

export interface SearchHit {
  type: string;
  id: string;
  label: string;
  sublabel: string | null;
  rank: number;
}

/** The entities the search looks into (the registry's `search`). */
export const searchableEntities = (all: readonly EntityDef[]) => all.filter((e) => e.search);

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
  e: EntityDef,
  q: string,
  limit: number,
  mode: SearchMode = 'exact',
): Promise<SearchHit[]> {
  const search = e.search as NonNullable<EntityDef['search']>;
  const text = search.text;
  const label = search.label ?? e.label;
  const nq = normalizedQuery(q);
  let rank: SQL<number>;
  const where: SQL[] = e.softDelete ? [isNull(e.softDelete.deletedAt)] : [];
  if (mode === 'exact') {
    const words = q.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
    for (const w of words) where.push(sql`${text} like ${normalizedQuery(`%${escapeLike(w)}%`)}`);
    const phrase = escapeLike(words.join(' '));
    rank = sql<number>`(1 + case when ${text} like ${normalizedQuery(`${phrase}%`)} then 0.75
      when ${text} like ${normalizedQuery(`% ${phrase}%`)} then 0.5
      when ${text} like ${normalizedQuery(`%${phrase}%`)} then 0.25 else 0 end)`;
  } else {
    where.push(sql`${nq} <% ${text}`);
    rank = sql<number>`word_similarity(${nq}, ${text})`;
  }
  const scope = e.scope.where(actor);
  if (scope) where.push(scope);
  const rows = await db
    .select({ id: e.id, label, sublabel: search.sublabel, rank })
    .from(e.table)
    .where(and(...where))
    .orderBy(desc(rank), label)
    .limit(limit);
  return rows.map((r) => ({
    type: e.type,
    id: r.id as string,
    label: r.label as string,
    sublabel: (r.sublabel as string) || null,
    rank: Number(r.rank),
  }));
}
