import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { expandRows, ownerExpander, recordExpander } from '../../platform/entities/expand.ts';
import { batchRoutes } from '../../platform/http/batch-routes.ts';
import { bulkRoutes } from '../../platform/http/bulk-routes.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import {
  CreateInteractionSchema,
  InteractionListQuery,
  InteractionListRouteQuery,
  InteractionListSchema,
  InteractionPageSchema,
  InteractionSchema,
  UpdateInteractionSchema,
} from './interactions.contracts.ts';
import {
  createInteraction,
  deleteInteraction,
  getInteraction,
  listInteractionsFor,
  restoreInteraction,
  updateInteraction,
} from './interactions.service.ts';

const tags = ['interactions'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };

export const interactionRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/interactions',
    {
      config: read,
      schema: {
        tags,
        summary: 'List interactions (filters, sort occurredAt/createdAt, cursor pages, search in title and body)',
        querystring: InteractionListRouteQuery,
        response: { 200: InteractionPageSchema, 400: ProblemSchema },
      },
    },
    async (req) => {
      const page = await listInteractionsFor(req.ctx, req.query);
      return {
        ...page,
        items: await expandRows(req.ctx, page.items, req.query.expand, {
          organisation: recordExpander('organisation', 'organisationId'),
          owner: ownerExpander(),
        }),
      };
    },
  );

  app.get(
    '/interactions/deleted',
    {
      config: read,
      schema: {
        operationId: 'listDeletedInteractions',
        tags,
        summary: 'Recycle bin: deleted interactions the caller may see',
        querystring: InteractionListQuery,
        response: { 200: InteractionListSchema, 400: ProblemSchema },
      },
    },
    async (req) => listInteractionsFor(req.ctx, req.query, { deleted: true }),
  );

  app.post(
    '/interactions',
    {
      config: write,
      schema: {
        tags,
        summary: 'Log an interaction (idempotent on externalSource + externalId: 200 with the existing one)',
        body: CreateInteractionSchema,
        response: { 200: InteractionSchema, 201: InteractionSchema, 400: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => {
      const r = await createInteraction(req.ctx, req.body);
      return reply.code(r.created ? 201 : 200).send(r.interaction);
    },
  );

  app.get(
    '/interactions/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One interaction with its participants',
        params: idParams,
        response: { 200: InteractionSchema, 404: ProblemSchema },
      },
    },
    async (req) => getInteraction(req.ctx, req.params.id),
  );

  app.patch(
    '/interactions/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update an interaction (participants, when given, replace the list)',
        params: idParams,
        body: UpdateInteractionSchema,
        response: { 200: InteractionSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => updateInteraction(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/interactions/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Move an interaction to the recycle bin',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteInteraction(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/interactions/:id/restore',
    {
      config: write,
      schema: {
        tags,
        summary: 'Restore an interaction from the recycle bin',
        params: idParams,
        response: { 200: InteractionSchema, 404: ProblemSchema },
      },
    },
    async (req) => restoreInteraction(req.ctx, req.params.id),
  );
  await app.register(
    batchRoutes({
      path: 'interactions',
      tag: 'interactions',
      operationId: 'batchCreateInteractions',
      create: {
        item: CreateInteractionSchema,
        run: async (ctx, input) => {
          const r = await createInteraction(ctx, input);
          return { id: r.interaction.id, created: r.created };
        },
      },
    }),
  );

  await app.register(
    bulkRoutes({
      path: 'interactions',
      tag: 'interactions',
      get: getInteraction,
      patch: UpdateInteractionSchema,
      update: updateInteraction,
      remove: deleteInteraction,
    }),
  );
};
