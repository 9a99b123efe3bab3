import { CODE_LISTS } from '@crm/contracts';
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
  const SearchHitDetailSchema = z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('text'), value: z.string() }).describe('Shown as it is (a city, an e-mail, an ISIN)'),
      z
        .object({ kind: z.literal('enum'), list: z.enum(CODE_LISTS), value: z.string() })
        .describe(
          "A stored code of one of the domain's lists (a mandate's `stage`, a task's `taskStatus`), to be named",
        ),
      z.object({ kind: z.literal('date'), value: z.iso.datetime() }).describe('A moment (UTC), shown as a date'),
    ])
    .meta({ id: 'SearchHitDetail' });
  const SearchHitSchema = z
    .object({
      type: types,
      id: z.uuid(),
      label: z.string(),
      sublabel: z
        .string()
        .nullable()
        .describe('The details as plain text joined by " · ", codes and dates (YYYY-MM-DD) as stored'),
      details: z
        .array(SearchHitDetailSchema)
        .describe('The second line of the hit in parts, to be shown in the reader’s language (added after `sublabel`)'),
      rank: z.number().describe('Higher first: 1 to 2 when every word appears as typed, 0.5 to 1 with typos'),
    })
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
        description:
          'Hits hold every word of `q`, ignoring case and accents; a word of four letters or more may carry one typo ' +
          '(a letter wrong, missing, extra or swapped). Hits holding every word as typed come first (rank 1 to 2: the ' +
          'record starting with the query, then holding it as words, then starting with it, then holding it), typo ' +
          'hits after them (rank 0.5 to 1), searched only while the first ones leave room under `limit`. Each hit ' +
          'has a second line, in `details` (a code of a list such as `stage` or `taskStatus`, a date, a text: name ' +
          'codes and format dates in the reader’s language) and, for older clients, as plain text in `sublabel`.',
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
