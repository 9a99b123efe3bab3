/**
 * The read cache's namespaces and tags: what a cached answer depends on, and what a write makes stale. Kept apart
 * from the Fastify plugin so that invalidation, and the benchmark's perfect-cache model, use the same functions.
 */
import { createHash } from 'node:crypto';
import { scopeKey, visibilityOf } from '../auth/scope.ts';
import type { Actor } from '../context.ts';

/** The cached namespaces: the first segment of every key, what `DELETE /cache?namespace=` clears. */
export const CACHE_NAMESPACES = ['organisations', 'people', 'mandats', 'produits', 'search'] as const;
export type CacheNamespace = (typeof CACHE_NAMESPACES)[number];
/** The record namespaces whose rows carry an owner and a team (funds are shared by everyone). */
export type RecordNamespace = Exclude<CacheNamespace, 'search'>;

/** Namespaces without owner and team: one list for everyone who may read it. */
const UNSCOPED: ReadonlySet<CacheNamespace> = new Set(['produits']);
/** The namespaces whose rows have an owner and a team. */
export const OWNED_NAMESPACES = ['people', 'organisations', 'mandats'] as const satisfies readonly RecordNamespace[];

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

/**
 * The tags a write on any row this user owns bumps (in every owned namespace): what decides whether the user still
 * sees exactly their team's rows (response-cache's team sharing).
 */
export function ownerTags(userId: string): string[] {
  return OWNED_NAMESPACES.map((ns) => `${ns}:list:user:${userId}`);
}

/** Bumped by every task write: tasks are not cached, but search shows them. */
export const TASKS_TAG = 'tasks:list';

/** The tag of one record's detail. */
export const recordTag = (ns: RecordNamespace, id: string) => `${ns}:id:${id}`;

/** What a cached route answers, as far as its key is concerned (the route's `config.cache`). */
export interface CachedAnswer {
  namespace: CacheNamespace;
  kind: 'list' | 'detail';
  /** Other namespaces whose rows the answer shows (the global search shows all four). */
  dependsOn?: RecordNamespace[];
  /** Further tags, for data outside the record namespaces (the tasks that search shows). */
  extraTags?: string[];
}

/**
 * The tags an answer depends on: a detail, its record; a list, the lists of its namespace (and of `dependsOn`) as
 * this caller sees them. Null when the answer cannot be cached (a detail without an id).
 */
export function answerTags(a: CachedAnswer, actor: Actor, id?: string): string[] | null {
  if (a.kind === 'detail') return id && a.namespace !== 'search' ? [recordTag(a.namespace, id)] : null;
  const namespaces = [...(a.namespace === 'search' ? [] : [a.namespace]), ...(a.dependsOn ?? [])] as RecordNamespace[];
  return [...namespaces.flatMap((ns) => listTags(ns, actor)), ...(a.extraTags ?? [])];
}

/**
 * The tags that decide whether this caller may share the team's entries (`ownerTags`), or null when they cannot:
 * no team, no user, or search (which also shows the tasks assigned to the caller).
 */
export function sharingTags(a: CachedAnswer, actor: Actor): string[] | null {
  const v = visibilityOf(actor);
  if (a.namespace === 'search' || v.kind !== 'team' || !v.teamId || !v.userId) return null;
  return ownerTags(v.userId);
}

/**
 * Whose entry answers this caller, and which of the answer's tags version it. Admins share one view; a team member
 * who owns nothing outside the team (`confined`) sees exactly the team's rows and shares the team's entries (a
 * write on one of their rows bumps the team's tags too, so their own tags are left out); anyone else has entries
 * of their own, by role and visibility scope.
 */
export function entryOwner(actor: Actor, tags: string[], confined: boolean): { who: string; tags: string[] } {
  if (!confined || !actor.userId) return { who: `${actor.role ?? actor.type}|${scopeKey(actor)}`, tags };
  const own = new Set(ownerTags(actor.userId));
  return { who: `team:${actor.teamId}`, tags: tags.filter((t) => !own.has(t)) };
}

/** The URL with its query parameters sorted: the same question asked in another order is the same entry. */
export function canonicalUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  params.sort();
  return `${url.slice(0, q)}?${params.toString()}`;
}

/** The store key of an answer: namespace, a digest of who asks and what, and the versions of its tags. */
export function entryKey(namespace: CacheNamespace, who: string, url: string, versions: number[]): string {
  const digest = createHash('sha256')
    .update(`${who}|${canonicalUrl(url)}`)
    .digest('base64url')
    .slice(0, 32);
  return `${namespace}:${digest}:${versions.join('.')}`;
}
