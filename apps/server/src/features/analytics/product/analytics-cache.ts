import { evictTags, type RouteCacheSpec } from '../../../platform/cache/response-cache.ts';
import type { Tx } from '../../../platform/db/tx.ts';

/**
 * The read cache of the analysis answers (docs/CACHE.md, docs/ANALYTICS.md): namespace `analytics`, one list tag
 * (`analytics:list`, admins share the entries), kept CACHE_TTL_LISTS_SECONDS. New events do not evict it (they
 * arrive every second; an analysis may be that many seconds behind); a change of a saved funnel or a flag, which
 * changes what an answer computes, does.
 */
export const ANALYTICS_NAMESPACE = 'analytics';
export const analyticsCache: RouteCacheSpec = { namespace: ANALYTICS_NAMESPACE, kind: 'list', ttl: 'lists' };

/** Bumps the analysis answers' tag once `t` commits. */
export function evictAnalyticsAnswers(t: Tx): void {
  t.afterCommit(async () => {
    await evictTags(t.ctx.deps.cache, [`${ANALYTICS_NAMESPACE}:list`]);
  });
}
