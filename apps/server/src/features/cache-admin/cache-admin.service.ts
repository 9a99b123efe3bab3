import { audit } from '../../platform/audit/audit.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { CacheStats } from '../../platform/cache/cache.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import type { ClearCacheInput } from './cache-admin.contracts.ts';

/** Services re-check the route's rule, so a caller other than the route (a job, a script) cannot skip it. */
const requireAdmin = (ctx: Ctx) => authorize(ctx.actor, { scope: 'admin' });

/** The cache's counters (this process), size (the store) and settings. */
export async function getCacheStats(
  ctx: Ctx,
): Promise<CacheStats & { enabled: boolean; ttlSeconds: { lists: number; funds: number } }> {
  requireAdmin(ctx);
  const { enabled, ttl } = ctx.deps.config.cache;
  return { ...(await ctx.deps.cache.stats()), enabled, ttlSeconds: { ...ttl } };
}

/** Empties the cache, or one namespace of it, and records who did it in the audit trail. */
export async function clearCache(
  ctx: Ctx,
  input: ClearCacheInput,
): Promise<{ removed: number; namespace: string | null }> {
  requireAdmin(ctx);
  const namespace = input.namespace ?? null;
  return withTx(ctx, async (t) => {
    // The cache is not transactional: clear first, so the audit row states what was actually removed.
    const removed = await ctx.deps.cache.clear(namespace ?? undefined);
    await audit(t, { entityType: 'cache', action: 'clear', metadata: { namespace, removed } });
    return { removed, namespace };
  });
}
