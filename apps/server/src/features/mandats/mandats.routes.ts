import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { asksExpand, expandRows, ownerExpander, recordExpander } from '../../platform/entities/expand.ts';
import { batchRoutes } from '../../platform/http/batch-routes.ts';
import { bulkRoutes } from '../../platform/http/bulk-routes.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { ProduitSchema } from '../produits/produits.contracts.ts';
import { attachProduitToMandat, detachProduitFromMandat, listMandatProduits } from './mandat-produits.service.ts';
import { moveMandatToStage } from './mandat-stage.service.ts';
import {
  AttachProduitSchema,
  CreateMandatSchema,
  MandatListQuery,
  MandatListRouteQuery,
  MandatListSchema,
  MandatPageSchema,
  MandatProduitParams,
  MandatProduitsSchema,
  MandatSchema,
  MoveStageSchema,
  PipelineQuery,
  PipelineSchema,
  StageHistorySchema,
  UpdateMandatSchema,
} from './mandats.contracts.ts';
import {
  createMandat,
  deleteMandat,
  getMandat,
  listMandatsFor,
  mandatStageHistory,
  pipelineSummary,
  restoreMandat,
  updateMandat,
} from './mandats.service.ts';

const tags = ['mandats'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };

export const mandatRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/mandats',
    {
      config: { ...read, cache: { namespace: 'mandats', kind: 'list', ttl: 'lists', skipWhen: asksExpand } },
      schema: {
        tags,
        summary: 'List mandates (filters, sort, cursor pages, search)',
        querystring: MandatListRouteQuery,
        response: { 200: MandatPageSchema, 400: ProblemSchema },
      },
    },
    async (req) => {
      const page = await listMandatsFor(req.ctx, req.query);
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
    '/mandats/recycle-bin',
    {
      config: read,
      schema: {
        operationId: 'listDeletedMandats',
        tags,
        summary: 'Mandates in the recycle bin that the caller may see',
        querystring: MandatListQuery,
        response: { 200: MandatListSchema, 400: ProblemSchema },
      },
    },
    async (req) => listMandatsFor(req.ctx, req.query, { deleted: true }),
  );

  app.get(
    '/mandats/pipeline',
    {
      config: { ...read, cache: { namespace: 'mandats', kind: 'list', ttl: 'lists' } },
      schema: {
        tags,
        summary: 'Count and total amount per stage, in pipeline order, within the caller’s scope',
        querystring: PipelineQuery,
        response: { 200: PipelineSchema },
      },
    },
    async (req) => ({ stages: await pipelineSummary(req.ctx, req.query) }),
  );

  app.post(
    '/mandats',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a mandate (emits deal.created)',
        body: CreateMandatSchema,
        response: { 201: MandatSchema, 400: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createMandat(req.ctx, req.body)),
  );

  app.get(
    '/mandats/:id',
    {
      config: { ...read, cache: { namespace: 'mandats', kind: 'detail', ttl: 'lists' } },
      schema: { tags, summary: 'One mandate', params: idParams, response: { 200: MandatSchema, 404: ProblemSchema } },
    },
    async (req) => getMandat(req.ctx, req.params.id),
  );

  app.patch(
    '/mandats/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update a mandate (emits deal.updated; a new `stage` is a pipeline move)',
        params: idParams,
        body: UpdateMandatSchema,
        response: { 200: MandatSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => updateMandat(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/mandats/:id',
    {
      config: write,
      schema: { tags, summary: 'Move a mandate to the recycle bin', params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteMandat(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/mandats/:id/restore',
    {
      config: write,
      schema: {
        tags,
        summary: 'Restore a mandate from the recycle bin',
        params: idParams,
        response: { 200: MandatSchema },
      },
    },
    async (req) => restoreMandat(req.ctx, req.params.id),
  );

  app.post(
    '/mandats/:id/stage',
    {
      config: write,
      schema: {
        operationId: 'moveMandatStage',
        tags,
        summary: 'Move a mandate in the pipeline (history, default probability, deal.stage_changed/won/lost)',
        params: idParams,
        body: MoveStageSchema,
        response: { 200: MandatSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => moveMandatToStage(req.ctx, { id: req.params.id, ...req.body }),
  );

  app.get(
    '/mandats/:id/stage-history',
    {
      config: read,
      schema: {
        tags,
        summary: 'Stage changes of a mandate (from, to, at, by), oldest first',
        params: idParams,
        response: { 200: StageHistorySchema, 404: ProblemSchema },
      },
    },
    async (req) => ({ items: await mandatStageHistory(req.ctx, req.params.id) }),
  );

  app.get(
    '/mandats/:id/produits',
    {
      config: read,
      schema: {
        tags,
        summary: 'Products attached to a mandate',
        params: idParams,
        response: { 200: MandatProduitsSchema, 404: ProblemSchema },
      },
    },
    async (req) => ({ items: await listMandatProduits(req.ctx, req.params.id) }),
  );

  app.post(
    '/mandats/:id/produits',
    {
      config: write,
      schema: {
        tags,
        summary: 'Attach a product by id or ISIN (won mandates; placements at an open stage)',
        params: idParams,
        body: AttachProduitSchema,
        response: { 201: ProduitSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await attachProduitToMandat(req.ctx, req.params.id, req.body)),
  );

  app.delete(
    '/mandats/:id/produits/:produitId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Detach a product from a mandate',
        params: MandatProduitParams,
        response: { 204: z.null(), 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await detachProduitFromMandat(req.ctx, req.params.id, req.params.produitId);
      return reply.code(204).send(null);
    },
  );

  await app.register(
    batchRoutes({
      path: 'mandats',
      tag: 'mandats',
      operationId: 'batchCreateMandats',
      create: {
        item: CreateMandatSchema,
        run: async (ctx, input) => ({ id: (await createMandat(ctx, input)).id, created: true }),
      },
    }),
  );

  await app.register(
    bulkRoutes({
      path: 'mandats',
      tag: 'mandats',
      get: getMandat,
      patch: UpdateMandatSchema,
      update: updateMandat,
      remove: deleteMandat,
    }),
  );
};
