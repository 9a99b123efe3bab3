import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { rateLimitGroup } from '../../platform/http/rate-limit.ts';
import { CSV_DIALECTS, type CsvDialect } from '../../platform/tabular/index.ts';
import { exportList } from './exports.service.ts';

/**
 * `GET /api/v1/<entity>/export?format=csv|xlsx&dialect=standard|excel-fr&<the list's filters>`: streamed, neutralised, audited; one route per
 * registered entity with a list (its query schema, list function and columns: the entity registry).
 */
export const exportRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  for (const e of deps.entities.all) {
    const list = e.list;
    if (!list) continue;
    const query = list.query.omit({ cursor: true, limit: true }).extend({
      format: z.enum(['csv', 'xlsx']).default('csv'),
      dialect: z
        .enum(CSV_DIALECTS)
        .default('standard')
        .describe(
          'CSV only. `excel-fr`: semicolons, a UTF-8 BOM, the French names of codes, dates dd/mm/yyyy (times in Paris), decimal commas, Oui/Non: what a French Excel opens with a double-click',
        ),
    });
    app.get(
      `/${e.path}/export`,
      {
        config: { auth: { scope: 'read' }, rateLimit: rateLimitGroup('expensive') },
        schema: {
          operationId: `export${e.path[0]?.toUpperCase()}${e.path.slice(1)}`,
          tags: ['exports'],
          summary: `Export the ${e.path} list with its current filters (CSV or XLSX, streamed)`,
          querystring: query,
          produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { 200: z.string().describe('The file') },
        },
      },
      async (req, reply) => {
        const { format, dialect, ...filter } = req.query as {
          format: 'csv' | 'xlsx';
          dialect: CsvDialect;
        } & Record<string, unknown>;
        const file = await exportList(req.ctx, {
          entity: e.path,
          format,
          dialect,
          filter,
          columns: list.columns,
          list: list.run,
        });
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('cache-control', 'no-store')
          .send(file.stream as unknown as string); // streamed as it is produced, never serialised
      },
    );
  }
};
