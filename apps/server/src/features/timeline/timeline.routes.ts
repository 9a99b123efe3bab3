import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { idParams, multi } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { hubsOf, timelineSources } from './timeline.repo.ts';
import { getTimeline } from './timeline.service.ts';

/** `GET /<hub>/{id}/timeline` for every hub of the registry; the item kinds are those its entities contribute. */
export const timelineRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const kinds = [...timelineSources(deps.entities).keys()] as [string, ...string[]];
  const TimelineItemSchema = z
    .object({
      kind: z.enum(kinds),
      id: z.string(),
      at: z.date(),
      title: z.string(),
      body: z.string().nullable(),
      actorId: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    })
    .meta({ id: 'TimelineItem' });
  const query = z.object({
    types: multi(z.enum(kinds)).optional().describe('Kinds of items; all by default'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(512).optional(),
  });
  for (const hub of hubsOf(deps.entities)) {
    app.get(
      `/${hub.path}/:id/timeline`,
      {
        config: { auth: { scope: 'read' } },
        schema: {
          tags: ['timeline'],
          summary: `Timeline of a ${hub.type}: interactions, notes, tasks, stage changes and field changes, newest first`,
          params: idParams,
          querystring: query,
          response: {
            200: z.object({ items: z.array(TimelineItemSchema), nextCursor: z.string().nullable() }),
            404: ProblemSchema,
          },
        },
      },
      async (req) =>
        getTimeline(req.ctx, {
          hubType: hub.type,
          id: req.params.id,
          kinds: req.query.types ?? kinds,
          limit: req.query.limit,
          cursor: req.query.cursor,
        }),
    );
  }
};
