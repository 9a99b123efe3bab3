import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.ts';
import { HomeSummarySchema } from './home.contracts.ts';
import { homeSummary } from './home.service.ts';

export const homeRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/home',
    {
      config: { auth: { scope: 'read' } },
      schema: {
        tags: ['home'],
        summary: 'My home page: my open tasks overdue and due today, the open pipeline and figures of my scope',
        response: { 200: HomeSummarySchema },
      },
    },
    async (req) => homeSummary(req.ctx),
  );
};
