import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SEARCH_NAMESPACE } from '../../platform/cache/cache-tags.ts';
import type { RouteCacheSpec } from '../../platform/cache/response-cache.ts';
import type { Deps } from '../../platform/context.ts';
import { namesOf } from '../../platform/entities/entity.ts';
import { multi } from '../../platform/http/list.ts';
import { rateLimitGroup } from '../../platform/http/rate-limit.ts';
import { searchableEntities } from './search.repo.ts';
import { globalSearch } from './search.service.ts';

/** `GET /search` over the registered entities that declare `search`. */
export const searchRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const searchable = searchableEntities(deps.entities.all);
  const types = z.enum(namesOf(searchable, 'type'));
  const SearchHitSchema = z
    .object({ type: types, id: z.uuid(), label: z.string(), sublabel: z.string().nullable(), rank: z.number() })
    .meta({ id: 'SearchHit' });
  /** Search shows rows of every searchable entity: any write one of their lists could show evicts it. */
  const searchCache: RouteCacheSpec = {
    namespace: SEARCH_NAMESPACE,
    kind: 'list',
    ttl: 'lists',
    dependsOn: searchable.map((e) => e.path),
  };
  app.get(
    '/search',
    {
      config: { auth: { scope: 'read' }, rateLimit: rateLimitGroup('search'), cache: searchCache },
      schema: {
        operationId: 'search',
        tags: ['search'],
        summary: 'Search organisations, people, mandates, funds and tasks at once (accents, case and typos ignored)',
        querystring: z.object({
          q: z.string().trim().min(1).max(200),
          types: multi(types).optional().describe('Comma-separated; all types by default'),
          limit: z.coerce.number().int().min(1).max(50).default(20),
        }),
        response: { 200: z.object({ items: z.array(SearchHitSchema) }) },
      },
    },
    async (req) => {
      const asked = req.query.types;
      return {
        items: await globalSearch(req.ctx, {
          q: req.query.q,
          entities: asked ? searchable.filter((e) => asked.includes(e.type)) : searchable,
          limit: req.query.limit,
        }),
      };
    },
  );
};
