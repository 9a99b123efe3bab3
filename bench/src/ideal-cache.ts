/**
 * The hit rate a perfect read cache would reach on a trace: unbounded, no TTL, keyed and invalidated exactly as
 * the server keys and invalidates (its own functions in cache-tags.ts: who asks, the URL, the tag versions a write
 * bumps). It separates what the workload allows (repeats of the same question between two writes
 * that make it stale) from what the implementation loses (TTL expiry, concurrency, failed bumps).
 */

import { defaultEntities } from '../../apps/server/src/entities.ts';
import {
  answerTags,
  type CachedAnswer,
  cacheSpaces,
  entryKey,
  entryOwner,
  recordTag,
  rowListTags,
  SEARCH_NAMESPACE,
} from '../../apps/server/src/platform/cache/cache-tags.ts';
import type { Actor } from '../../apps/server/src/platform/context.ts';
import type { BenchUser, Dataset } from './dataset.ts';
import type { TraceEvent } from './trace.ts';

const spaces = cacheSpaces(defaultEntities);
/** What the server's search answers depend on: the lists of every searchable entity. */
const SEARCH_DEPENDS_ON = defaultEntities.all.filter((e) => e.search).map((e) => e.path);

export function idealHitRate(
  ds: Dataset,
  events: TraceEvent[],
  actors: BenchUser[],
): { hitRate: number; byKind: Record<string, number> } {
  const rows = new Map<string, { ownerId: string; teamId: string }>();
  for (const r of [...ds.index.people, ...ds.index.organisations, ...ds.index.mandats]) rows.set(r.id, r);
  // Who owns nothing outside their team shares the team's entries (the trace's writes never move a row).
  const outside = new Set<string>();
  const teamOf = new Map(actors.map((a) => [a.id, a.teamId]));
  for (const r of rows.values())
    if (teamOf.has(r.ownerId) && teamOf.get(r.ownerId) !== r.teamId) outside.add(r.ownerId);
  const versions = new Map<string, number>();
  const seen = new Set<string>();
  const kinds: Record<string, { hits: number; n: number }> = {};
  let hits = 0;
  let reads = 0;
  for (const e of events) {
    const [path] = e.path.split('?');
    const [, , , ns, id] = (path as string).split('/') as [string, string, string, string, string?];
    if (e.method !== 'GET') {
      const row = id ? rows.get(id) : undefined;
      if (!row || ns === SEARCH_NAMESPACE) continue;
      for (const t of [recordTag(ns, id as string), ...rowListTags(spaces, ns, row)])
        versions.set(t, (versions.get(t) ?? 0) + 1);
      continue;
    }
    const u = actors[e.user] as BenchUser;
    const actor = { type: 'api_key', userId: u.id, role: u.role, teamId: u.teamId, scopes: ['read'] } as Actor;
    const answer: CachedAnswer =
      ns === SEARCH_NAMESPACE
        ? { namespace: SEARCH_NAMESPACE, kind: 'list', dependsOn: SEARCH_DEPENDS_ON }
        : { namespace: ns, kind: id ? 'detail' : 'list' };
    const tags = answerTags(spaces, answer, actor, id) as string[];
    const confined = ns !== SEARCH_NAMESPACE && !!u.teamId && !outside.has(u.id);
    const owner = entryOwner(spaces, actor, tags, confined);
    const key = entryKey(
      ns,
      owner.who,
      e.path,
      owner.tags.map((t) => versions.get(t) ?? 0),
    );
    const k = kinds[e.kind] ?? { hits: 0, n: 0 };
    kinds[e.kind] = k;
    reads++;
    k.n++;
    if (seen.has(key)) {
      hits++;
      k.hits++;
    } else seen.add(key);
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    hitRate: reads ? r3(hits / reads) : 0,
    byKind: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, r3(v.hits / v.n)])),
  };
}
