import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { bulkRoutes } from '../../platform/http/bulk-routes.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import {
  CreateProduitSchema,
  IsinParams,
  ProduitListQuery,
  ProduitListSchema,
  ProduitSchema,
  UpdateProduitSchema,
} from './produits.contracts.ts';
import {
  createProduit,
  deleteProduit,
  getProduit,
  getProduitByIsin,
  listDeletedProduits,
  listProduitsFor,
  restoreProduit,
  updateProduit,
} from './produits.service.ts';

const tags = ['produits'];
const read = { auth: { scope: 'read' as const } };
const editors = ['admin' as const, 'manager' as const];
const write = { auth: { scope: 'write' as const, roles: editors } };
const readBin = { auth: { scope: 'read' as const, roles: editors } };

export const produitRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/produits',
    {
      config: { ...read, cache: { namespace: 'produits', kind: 'list', ttl: 'funds' } },
      schema: {
        tags,
        summary: 'List products (the catalogue: filters, sort, cursor pages, search)',
        querystring: ProduitListQuery,
        response: { 200: ProduitListSchema, 400: ProblemSchema },
      },
    },
    async (req) => {
      const r = await listProduitsFor(req.ctx, req.query);
      return { items: r.rows, nextCursor: r.nextCursor, total: r.total };
    },
  );

  app.get(
    '/produits/recycle-bin',
    {
      config: readBin,
      schema: {
        operationId: 'listDeletedProduits',
        tags,
        summary: 'Products in the recycle bin (admins and managers)',
        querystring: ProduitListQuery,
        response: { 200: ProduitListSchema, 400: ProblemSchema },
      },
    },
    async (req) => {
      const r = await listDeletedProduits(req.ctx, req.query);
      return { items: r.rows, nextCursor: r.nextCursor, total: r.total };
    },
  );

  app.get(
    '/produits/by-isin/:isin',
    {
      config: { ...read, cache: { namespace: 'produits', kind: 'list', ttl: 'funds' } },
      schema: {
        tags,
        summary: 'The product with this ISIN (any case)',
        params: IsinParams,
        response: { 200: ProduitSchema, 404: ProblemSchema },
      },
    },
    async (req) => getProduitByIsin(req.ctx, req.params.isin),
  );

  app.post(
    '/produits',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a product (400 produit.invalid_isin, 409 produit.isin_taken)',
        body: CreateProduitSchema,
        response: { 201: ProduitSchema, 400: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createProduit(req.ctx, req.body)),
  );

  app.get(
    '/produits/:id',
    {
      config: { ...read, cache: { namespace: 'produits', kind: 'detail', ttl: 'funds' } },
      schema: { tags, summary: 'One product', params: idParams, response: { 200: ProduitSchema, 404: ProblemSchema } },
    },
    async (req) => getProduit(req.ctx, req.params.id),
  );

  app.patch(
    '/produits/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update fields of a product',
        params: idParams,
        body: UpdateProduitSchema,
        response: { 200: ProduitSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req) => updateProduit(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/produits/:id',
    {
      config: write,
      schema: { tags, summary: 'Move a product to the recycle bin', params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteProduit(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/produits/:id/restore',
    {
      config: write,
      schema: {
        tags,
        summary: 'Restore a product from the recycle bin',
        params: idParams,
        response: { 200: ProduitSchema },
      },
    },
    async (req) => restoreProduit(req.ctx, req.params.id),
  );
  await app.register(
    bulkRoutes({
      path: 'produits',
      tag: 'produits',
      get: getProduit,
      patch: UpdateProduitSchema,
      roles: editors,
      update: updateProduit,
      remove: deleteProduit,
    }),
  );
};
