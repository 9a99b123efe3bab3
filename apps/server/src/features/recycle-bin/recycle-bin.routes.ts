import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../platform/db/keyset.ts';
import { type EntityDef, namesOf } from '../../platform/entities/entity.ts';
import { multi } from '../../platform/http/list.ts';
import { binnedEntities, listBin } from './recycle-bin.repo.ts';

const RETENTION_DAYS = 30;

/** The deleted records of the registered entities that have a bin, restorable at POST /<path>/{id}/restore. */
export const recycleBinRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const binned = binnedEntities(deps.entities.all);
  const types = z.enum(namesOf(binned, 'type'));
  const BinItemSchema = z
    .object({
      type: types,
      id: z.uuid(),
      label: z.string(),
      deletedAt: z.date(),
      deletedBy: z.string().nullable(),
      purgeAt: z.date().describe('When the maintenance job deletes it for good'),
      restorePath: z.string().describe('POST here to restore it'),
    })
    .meta({ id: 'RecycleBinItem' });

  app.get(
    '/recycle-bin',
    {
      config: { auth: { scope: 'read' } },
      schema: {
        operationId: 'listRecycleBin',
        tags: ['recycle-bin'],
        summary: `Deleted records you may see, restorable for ${RETENTION_DAYS} days`,
        querystring: z.object({
          type: multi(types).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().min(1).max(512).optional(),
        }),
        response: { 200: z.object({ items: z.array(BinItemSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const q = req.query;
      const asked = q.type ? binned.filter((e) => q.type?.includes(e.type)) : binned;
      const rows = await listBin(req.ctx.deps.database.db, req.actor, {
        entities: asked,
        limit: q.limit,
        before: q.cursor ? decodeTimeCursor(q.cursor) : undefined,
      });
      const pathOf = (type: string) => (deps.entities.byType(type) as EntityDef).path;
      const items = rows.slice(0, q.limit).map((r) => ({
        ...r,
        purgeAt: new Date(r.deletedAt.getTime() + RETENTION_DAYS * 86_400_000),
        restorePath: `/api/v1/${pathOf(r.type)}/${r.id}/restore`,
      }));
      const last = items.at(-1);
      const nextCursor = rows.length > q.limit && last ? encodeTimeCursor(last.deletedAt, last.id) : null;
      return { items, nextCursor };
    },
  );
};
