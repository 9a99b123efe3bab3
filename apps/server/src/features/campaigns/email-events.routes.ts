import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { EmailEventListQuery, EmailEventListSchema } from './email-events.contracts.ts';
import { listEmailEventsFor } from './email-events.ts';

/**
 * `GET /email-events`: what people did with the campaign e-mails of the contacts the caller may see, newest first
 * (machines' opens and clicks left out), each with the e-mail as the `email.*` events carry it: the history behind
 * a contact's e-mails and the polling fallback of the Zapier and Make triggers (docs/CAMPAIGNS.md, "Events").
 */
export const emailEventRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/email-events',
    {
      config: { auth: { scope: 'read' as const } },
      schema: {
        tags: ['campaigns'],
        summary: 'People’s e-mail events (sent, delivered, opened, clicked, bounced…), newest first',
        querystring: EmailEventListQuery,
        response: { 200: EmailEventListSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => listEmailEventsFor(req.ctx, req.query),
  );
};
