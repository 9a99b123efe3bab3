import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertMayBulkDelete, forEachRow } from '../bulk.ts';
import type { Ctx, Role } from '../context.ts';
import { bulkIds, bulkReport } from './list.ts';

/**
 * `POST /<path>/bulk-update` and `POST /<path>/bulk-delete` for an entity, from its one-row service functions:
 * each row in its own transaction, with a per-row report. Bulk delete is for managers and admins.
 */
export function bulkRoutes<P extends z.ZodType>(def: {
  path: string;
  tag: string;
  patch: P;
  roles?: Role[];
  update(ctx: Ctx, id: string, patch: z.infer<P>): Promise<unknown>;
  remove(ctx: Ctx, id: string): Promise<unknown>;
}): FastifyPluginAsyncZod {
  const config = { auth: { scope: 'write' as const, ...(def.roles ? { roles: def.roles } : {}) } };
  return async (app) => {
    app.post(
      `/${def.path}/bulk-update`,
      {
        config,
        schema: {
          tags: [def.tag],
          summary: `Apply one change to many ${def.path}; per-row report`,
          body: z.object({ ids: bulkIds, patch: def.patch }),
          response: { 200: bulkReport },
        },
      },
      async (req) => {
        const body = req.body as { ids: string[]; patch: z.infer<P> };
        return forEachRow(body.ids, (id) => def.update(req.ctx, id, body.patch));
      },
    );
    app.post(
      `/${def.path}/bulk-delete`,
      {
        config,
        schema: {
          tags: [def.tag],
          summary: `Move many ${def.path} to the recycle bin (managers and admins); per-row report`,
          body: z.object({ ids: bulkIds }),
          response: { 200: bulkReport },
        },
      },
      async (req) => {
        assertMayBulkDelete(req.ctx);
        return forEachRow(req.body.ids, (id) => def.remove(req.ctx, id));
      },
    );
  };
}
