import type { Ctx } from '../../platform/context.ts';
import type { EntityDef } from '../../platform/entities/entity.ts';
import { exactHits, type SearchHit, searchWords, TYPO_MIN_LENGTH, typoHits, withTypoThreshold } from './search.repo.ts';

/**
 * The ⌘K search: each requested entity is searched within the caller's scope for rows holding every word of the
 * query, then, while those leave room under the limit, for rows holding every word with a typo in some (one letter
 * wrong, missing, extra or swapped: "berenjer", "Cabnet Muler"). The typo hits rank below every exact one, so they
 * are looked for only when the exact ones do not fill the answer. Hits are merged by rank.
 */
export async function globalSearch(
  ctx: Ctx,
  input: { q: string; entities: EntityDef[]; limit: number },
): Promise<SearchHit[]> {
  const db = ctx.deps.database.db;
  const words = searchWords(input.q);
  const hits = (await Promise.all(input.entities.map((e) => exactHits(db, ctx.actor, e, words, input.limit)))).flat();
  if (hits.length < input.limit && words.some((w) => w.length >= TYPO_MIN_LENGTH)) {
    await withTypoThreshold(db, async (t) => {
      // One type after the other: a transaction holds one connection.
      for (const e of input.entities) hits.push(...(await typoHits(t, ctx.actor, e, words, input.limit)));
    });
  }
  return hits.sort((a, b) => b.rank - a.rank).slice(0, input.limit);
}
