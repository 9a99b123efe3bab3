import type { Ctx } from '../../platform/context.ts';
import type { EntityDef } from '../../platform/entities/entity.ts';
import { type SearchHit, type SearchMode, searchType } from './search.repo.ts';

/**
 * The ⌘K search: each requested entity is searched within the caller's scope for rows holding every word of the
 * query; only when none has one does it search again tolerating typos. Hits are merged by rank.
 */
export async function globalSearch(
  ctx: Ctx,
  input: { q: string; entities: EntityDef[]; limit: number },
): Promise<SearchHit[]> {
  const db = ctx.deps.database.db;
  const run = (mode: SearchMode) =>
    Promise.all(input.entities.map((e) => searchType(db, ctx.actor, e, input.q, input.limit, mode)));
  let hits = (await run('exact')).flat();
  if (hits.length === 0) hits = (await run('fuzzy')).flat();
  return hits.sort((a, b) => b.rank - a.rank).slice(0, input.limit);
}
