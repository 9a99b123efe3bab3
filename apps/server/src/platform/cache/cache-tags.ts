/**
 * The read cache's namespaces and tags: what a cached answer depends on, and what a write makes stale. Kept apart
 * from the Fastify plugin so that invalidation, and the benchmark's perfect-cache model, use the same functions.
 */
import { createHash } from 'node:crypto';
import { scopeKey, visibilityOf } from '../auth/scope.ts';
import type { Actor } from '../context.ts';
import type { EntityRegistry } from '../entities/entity.ts';

/**
 * How the lists of a namespace are cut into tags, from its entity's scope rule (platform/entities):
 * - `owned`: per visibility (all, a team, a user), so a write evicts only the lists that could show its row, and a
 *   team member who owns nothing outside the team may share the team's entries;
 * - `shared`: one list for everyone who may read it (the fund catalogue);
 * - `personal`: one tag for every list, never shared between users (rows also visible to their assignee).
 * The `search` namespace is no entity's: it shows other namespaces' rows (its answers' `dependsOn`).
 */
export type ListCut = 'owned' | 'shared' | 'personal';

export interface CacheSpaces {
  /** The cached namespaces (the entities' paths, then `search`): what `DELETE /cache?namespace=` clears. */
  namespaces: readonly string[];
  cut(ns: string): ListCut;
  /** The namespaces cut per visibility. */
  owned: readonly string[];
}

const spacesOf = new WeakMap<object, CacheSpaces>();

/** The cache's namespaces from the registered entities: those with cached routes, and those search shows. */
export function cacheSpaces(entities: EntityRegistry): CacheSpaces {
  const known = spacesOf.get(entities);
  if (known) return known;
  const cuts = new Map<string, ListCut>(
    entities.all.map((e) => [
      e.path,
      e.scope.rule === 'owned' ? 'owned' : e.scope.rule === 'shared' ? 'shared' : 'personal',
    ]),
  );
  const spaces: CacheSpaces = {
    namespaces: [...entities.all.filter((e) => e.cached).map((e) => e.path), SEARCH_NAMESPACE],
    cut: (ns) => cuts.get(ns) ?? 'personal',
    owned: entities.all.filter((e) => (e.cached || e.cacheTracked) && cuts.get(e.path) === 'owned').map((e) => e.path),
  };
  spacesOf.set(entities, spaces);
  return spaces;
}

/** The namespace of the global search's answers. */
export const SEARCH_NAMESPACE = 'search';

/**
 * The list tags of one visibility: the namespace's global list tag, then `all`, or the team's and the user's. A
 * reader's list carries those of its visibility; a write on a row (owner u, team T) bumps `all`, `team:T` and
 * `user:u`, so it evicts exactly the lists that could show it. Namespaces not cut per visibility: one tag.
 */
function scopedListTags(
  spaces: CacheSpaces,
  ns: string,
  v: { all: boolean; teamId?: string | null; userId?: string | null },
) {
  const tags = [`${ns}:list`];
  if (spaces.cut(ns) !== 'owned') return tags;
  if (v.all) tags.push(`${ns}:list:all`);
  if (v.teamId) tags.push(`${ns}:list:team:${v.teamId}`);
  if (v.userId) tags.push(`${ns}:list:user:${v.userId}`);
  return tags;
}

/** The tags of a list this caller reads. */
export function listTags(spaces: CacheSpaces, ns: string, actor: Actor): string[] {
  const v = visibilityOf(actor);
  return scopedListTags(
    spaces,
    ns,
    v.kind === 'all' ? { all: true } : { all: false, teamId: v.teamId, userId: v.userId },
  );
}

/** The tags a write on this row bumps: the lists of all-seeing callers, of its team and of its owner. */
export function rowListTags(
  spaces: CacheSpaces,
  ns: string,
  row: { teamId?: string | null; ownerId?: string | null },
): string[] {
  const [global, ...scoped] = scopedListTags(spaces, ns, { all: true, teamId: row.teamId, userId: row.ownerId });
  return scoped.length ? scoped : [global as string];
}

/**
 * The tags a write on any row this user owns bumps (in every owned namespace): what decides whether the user still
 * sees exactly their team's rows (response-cache's team sharing).
 */
export function ownerTags(spaces: CacheSpaces, userId: string): string[] {
  return spaces.owned.map((ns) => `${ns}:list:user:${userId}`);
}

/** The tag of one record's detail. */
export const recordTag = (ns: string, id: string) => `${ns}:id:${id}`;

/** What a cached route answers, as far as its key is concerned (the route's `config.cache`). */
export interface CachedAnswer {
  namespace: string;
  kind: 'list' | 'detail';
  /** The namespaces whose rows a list shows, when not only its own (the global search shows every searchable one). */
  dependsOn?: string[];
}

/**
 * The tags an answer depends on: a detail, its record; a list, the lists of its namespace (and of `dependsOn`) as
 * this caller sees them. Null when the answer cannot be cached (a detail without an id).
 */
export function answerTags(spaces: CacheSpaces, a: CachedAnswer, actor: Actor, id?: string): string[] | null {
  if (a.kind === 'detail') return id && a.namespace !== SEARCH_NAMESPACE ? [recordTag(a.namespace, id)] : null;
  return (a.dependsOn ?? [a.namespace]).flatMap((ns) => listTags(spaces, ns, actor));
}

/**
 * The tags that decide whether this caller may share the team's entries (`ownerTags`), or null when they cannot:
 * no team, no user, or an answer showing rows that are not the same for the whole team (search shows the tasks
 * assigned to the caller).
 */
export function sharingTags(spaces: CacheSpaces, a: CachedAnswer, actor: Actor): string[] | null {
  const v = visibilityOf(actor);
  if (v.kind !== 'team' || !v.teamId || !v.userId) return null;
  if ((a.dependsOn ?? [a.namespace]).some((ns) => spaces.cut(ns) === 'personal')) return null;
  return ownerTags(spaces, v.userId);
}

/**
 * Whose entry answers this caller, and which of the answer's tags version it. Admins share one view; a team member
 * who owns nothing outside the team (`confined`) sees exactly the team's rows and shares the team's entries (a
 * write on one of their rows bumps the team's tags too, so their own tags are left out); anyone else has entries
 * of their own, by role and visibility scope.
 */
export function entryOwner(
  spaces: CacheSpaces,
  actor: Actor,
  tags: string[],
  confined: boolean,
): { who: string; tags: string[] } {
  if (!confined || !actor.userId) return { who: `${actor.role ?? actor.type}|${scopeKey(actor)}`, tags };
  const own = new Set(ownerTags(spaces, actor.userId));
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
export function entryKey(namespace: string, who: string, url: string, versions: number[]): string {
  const digest = createHash('sha256')
    .update(`${who}|${canonicalUrl(url)}`)
    .digest('base64url')
    .slice(0, 32);
  return `${namespace}:${digest}:${versions.join('.')}`;
}
