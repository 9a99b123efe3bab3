import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { dateQuery, multi } from '../../platform/http/list.ts';
import { listEvents } from './event-log.repo.ts';

const EventSchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    occurredAt: z.date(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    payload: z.unknown(),
    schemaVersion: z.number().int(),
  })
  .meta({ id: 'DomainEvent' });

/** The outbox as an admin sees it: recent domain events, newest first. */
export const eventLogRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/events',
    {
      config: { auth: { scope: 'admin' } },
      schema: {
        tags: ['events'],
        summary: 'Recent domain events (admin), newest first, filterable by type',
        querystring: z.object({
          type: multi(z.string().regex(/^[a-z_]+\.[a-z_.0-9]+$/)).optional(),
          from: dateQuery.optional(),
          to: dateQuery.optional(),
          cursor: z.uuid().optional().describe('`nextCursor` of the previous page'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(EventSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await listEvents(req.ctx.deps.database.db, {
        types: q.type,
        from: q.from,
        to: q.to,
        beforeId: q.cursor,
        limit: q.limit,
      });
      const items = rows.slice(0, q.limit);
      return { items, nextCursor: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
    },
  );
};
