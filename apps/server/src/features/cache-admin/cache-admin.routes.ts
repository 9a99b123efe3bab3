import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cacheSpaces } from '../../platform/cache/cache-tags.ts';
import type { Deps } from '../../platform/context.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { CacheStatsSchema, clearCacheSchemas } from './cache-admin.contracts.ts';
import { clearCache, getCacheStats } from './cache-admin.service.ts';

const admin = { auth: { scope: 'admin' as const } };
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };
const tags = ['cache'];

/**
 * Watching and emptying the read cache (admins only). `DELETE /cache?namespace=` names the entities' namespaces
 * (from the registry) and `extraNamespaces`: those of features whose answers are no entity's (product analytics).
 */
export const cacheAdminRoutes =
  (extraNamespaces: readonly string[] = []): FastifyPluginAsyncZod<{ deps: Deps }> =>
  async (app, { deps }) => {
    const clear = clearCacheSchemas([...cacheSpaces(deps.entities).namespaces, ...extraNamespaces]);
    app.get(
      '/cache/stats',
      {
        config: admin,
        schema: {
          operationId: 'getCacheStats',
          tags,
          summary: 'Cache hits, misses and hit rate (since start and over the last hour), keys, memory, per namespace',
          response: { 200: CacheStatsSchema, ...errors },
        },
      },
      async (req) => getCacheStats(req.ctx),
    );

    app.delete(
      '/cache',
      {
        config: admin,
        schema: {
          operationId: 'clearCache',
          tags,
          summary: 'Empty the cache, or one namespace of it (`?namespace=people`); audited',
          querystring: clear.query,
          response: { 200: clear.result, ...errors },
        },
      },
      async (req) => clearCache(req.ctx, req.query),
    );
  };
