import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { idParams, multi } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { TIMELINE_KINDS, type TimelineParent } from './timeline.repo.ts';
import { getTimeline } from './timeline.service.ts';

const TimelineItemSchema = z
  .object({
    kind: z.enum(TIMELINE_KINDS),
    id: z.string(),
    at: z.date(),
    title: z.string(),
    body: z.string().nullable(),
    actorId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineItem' });

const query = z.object({
  types: multi(z.enum(TIMELINE_KINDS)).optional().describe('Kinds of items; all by default'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

const paths: [string, TimelineParent][] = [
  ['/organisations/:id/timeline', 'organisation'],
  ['/people/:id/timeline', 'person'],
  ['/mandats/:id/timeline', 'mandat'],
];

export const timelineRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  for (const [path, parent] of paths) {
    app.get(
      path,
      {
        config: { auth: { scope: 'read' } },
        schema: {
          tags: ['timeline'],
          summary: `Timeline of a ${parent}: interactions, notes, tasks, stage changes and field changes, newest first`,
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
          parent,
          id: req.params.id,
          kinds: req.query.types ?? [...TIMELINE_KINDS],
          limit: req.query.limit,
          cursor: req.query.cursor,
        }),
    );
  }
};
