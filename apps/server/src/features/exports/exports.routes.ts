import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx, Deps } from '../../platform/context.ts';
import { rateLimitGroup } from '../../platform/http/rate-limit.ts';
import { InteractionListQuery } from '../interactions/interactions.contracts.ts';
import { listInteractionsFor } from '../interactions/interactions.service.ts';
import { MandatListQuery } from '../mandats/mandats.contracts.ts';
import { listMandatsFor } from '../mandats/mandats.service.ts';
import { OrganisationListQuery } from '../organisations/organisations.contracts.ts';
import { listOrganisationsFor } from '../organisations/organisations.service.ts';
import { PersonListQuery } from '../people/people.contracts.ts';
import { listPeopleFor } from '../people/people.service.ts';
import { ProduitListQuery } from '../produits/produits.contracts.ts';
import { listProduitsFor } from '../produits/produits.service.ts';
import { TaskListQuery } from '../tasks/tasks.contracts.ts';
import { listTasksFor } from '../tasks/tasks.service.ts';
import { exportColumns } from './export-columns.ts';
import { exportList, type ListPage } from './exports.service.ts';

// biome-ignore lint/suspicious/noExplicitAny: each list function has its own filter type; the query schema parsed it
type Lister = (ctx: Ctx, filter: any) => Promise<ListPage>;

const exportables: { path: string; query: z.ZodObject; list: Lister }[] = [
  { path: 'organisations', query: OrganisationListQuery, list: listOrganisationsFor },
  { path: 'people', query: PersonListQuery, list: listPeopleFor },
  { path: 'mandats', query: MandatListQuery, list: listMandatsFor },
  { path: 'produits', query: ProduitListQuery, list: listProduitsFor },
  { path: 'interactions', query: InteractionListQuery, list: listInteractionsFor },
  { path: 'tasks', query: TaskListQuery, list: listTasksFor },
];

/** `GET /api/v1/<entity>/export?format=csv|xlsx&<the list's filters>`: streamed, neutralised, audited. */
export const exportRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  for (const e of exportables) {
    const query = e.query
      .omit({ cursor: true, limit: true })
      .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });
    app.get(
      `/${e.path}/export`,
      {
        config: { auth: { scope: 'read' }, rateLimit: rateLimitGroup('expensive') },
        schema: {
          tags: ['exports'],
          summary: `Export the ${e.path} list with its current filters (CSV or XLSX, streamed)`,
          querystring: query,
          produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { 200: z.string().describe('The file') },
        },
      },
      async (req, reply) => {
        const { format, ...filter } = req.query as { format: 'csv' | 'xlsx' } & Record<string, unknown>;
        const file = await exportList(req.ctx, {
          entity: e.path,
          format,
          filter,
          columns: exportColumns[e.path] ?? [],
          list: e.list,
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
