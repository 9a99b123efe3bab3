import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TASKS_TAG } from '../../platform/cache/cache-tags.ts';
import type { RouteCacheSpec } from '../../platform/cache/response-cache.ts';
import type { Deps } from '../../platform/context.ts';
import { multi } from '../../platform/http/list.ts';
import { rateLimitGroup } from '../../platform/http/rate-limit.ts';
import { SEARCH_TYPES } from './search.repo.ts';
import { globalSearch } from './search.service.ts';

const SearchHitSchema = z
  .object({
    type: z.enum(SEARCH_TYPES),
    id: z.uuid(),
    label: z.string(),
    sublabel: z.string().nullable(),
    rank: z.number(),
  })
  .meta({ id: 'SearchHit' });

/** Search shows rows of every record namespace, and tasks: any write that one of them could show evicts it. */
const searchCache: RouteCacheSpec = {
  namespace: 'search',
  kind: 'list',
  ttl: 'lists',
  dependsOn: ['organisations', 'people', 'mandats', 'produits'],
  extraTags: [TASKS_TAG],
};

export const searchRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/search',
    {
      config: { auth: { scope: 'read' }, rateLimit: rateLimitGroup('search'), cache: searchCache },
      schema: {
        tags: ['search'],
        summary: 'Search organisations, people, mandates, funds and tasks at once (accents, case and typos ignored)',
        querystring: z.object({
          q: z.string().trim().min(1).max(200),
          types: multi(z.enum(SEARCH_TYPES)).optional().describe('Comma-separated; all types by default'),
          limit: z.coerce.number().int().min(1).max(50).default(20),
        }),
        response: { 200: z.object({ items: z.array(SearchHitSchema) }) },
      },
    },
    async (req) => ({
      items: await globalSearch(req.ctx, {
        q: req.query.q,
        types: req.query.types ?? [...SEARCH_TYPES],
        limit: req.query.limit,
      }),
    }),
  );
};
