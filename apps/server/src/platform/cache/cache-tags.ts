/**
 * The read cache's namespaces and tags: what a cached answer depends on, and what a write makes stale. Kept apart
 * from the Fastify plugin so that invalidation, and the benchmark's perfect-cache model, use the same functions.
 */
import { visibilityOf } from '../auth/scope.ts';
import type { Actor } from '../context.ts';

/** The cached namespaces: the first segment of every key, what `DELETE /cache?namespace=` clears. */
export const CACHE_NAMESPACES = ['organisations', 'people', 'mandats', 'produits', 'search'] as const;
export type CacheNamespace = (typeof CACHE_NAMESPACES)[number];
/** The record namespaces whose rows carry an owner and a team (funds are shared by everyone). */
export type RecordNamespace = Exclude<CacheNamespace, 'search'>;

/** Namespaces without owner and team: one list for everyone who may read it. */
const UNSCOPED: ReadonlySet<CacheNamespace> = new Set(['produits']);

/**
 * The list tags of one visibility: the namespace's global list tag, then `all`, or the team's and the user's. A
 * reader's list carries those of its visibility; a write on a row (owner u, team T) bumps `all`, `team:T` and
 * `user:u`, so it evicts exactly the lists that could show it. Funds have no owner: one catalogue, one tag.
 */
function scopedListTags(ns: RecordNamespace, v: { all: boolean; teamId?: string | null; userId?: string | null }) {
  const tags = [`${ns}:list`];
  if (UNSCOPED.has(ns)) return tags;
  if (v.all) tags.push(`${ns}:list:all`);
  if (v.teamId) tags.push(`${ns}:list:team:${v.teamId}`);
  if (v.userId) tags.push(`${ns}:list:user:${v.userId}`);
  return tags;
}

/** The tags of a list this caller reads. */
export function listTags(ns: RecordNamespace, actor: Actor): string[] {
  const v = visibilityOf(actor);
  return scopedListTags(ns, v.kind === 'all' ? { all: true } : { all: false, teamId: v.teamId, userId: v.userId });
}

/** The tags a write on this row bumps: the lists of all-seeing callers, of its team and of its owner. */
export function rowListTags(ns: RecordNamespace, row: { teamId?: string | null; ownerId?: string | null }): string[] {
  const [global, ...scoped] = scopedListTags(ns, { all: true, teamId: row.teamId, userId: row.ownerId });
  return scoped.length ? scoped : [global as string];
}

/** Bumped by every task write: tasks are not cached, but search shows them. */
export const TASKS_TAG = 'tasks:list';

/** The tag of one record's detail. */
export const recordTag = (ns: RecordNamespace, id: string) => `${ns}:id:${id}`;
