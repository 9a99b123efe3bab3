import type { Ctx } from '../../platform/context.ts';
import { type SearchHit, type SearchType, searchType } from './search.repo.ts';

/**
 * The ⌘K search: each requested type is searched within the caller's scope, then hits are merged by rank
 * (exact substrings first, then the closest typo matches).
 */
export async function globalSearch(
  ctx: Ctx,
  input: { q: string; types: SearchType[]; limit: number },
): Promise<SearchHit[]> {
  const db = ctx.deps.database.db;
  const perType = await Promise.all(input.types.map((type) => searchType(db, ctx.actor, type, input.q, input.limit)));
  return perType
    .flat()
    .sort((a, b) => b.rank - a.rank)
    .slice(0, input.limit);
}
