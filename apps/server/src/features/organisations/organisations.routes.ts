import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { asksExpand, expandRows, ownerExpander } from '../../platform/entities/expand.ts';
import { batchRoutes } from '../../platform/http/batch-routes.ts';
import { bulkRoutes } from '../../platform/http/bulk-routes.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { mergeOrganisations } from './merge.service.ts';
import {
  CreateOrganisationSchema,
  DuplicateCandidatesSchema,
  OrganisationListRouteQuery,
  OrganisationPageSchema,
  OrganisationSchema,
  UpdateOrganisationSchema,
  UpsertOrganisationResultSchema,
  UpsertOrganisationSchema,
} from './organisations.contracts.ts';
import {
  createOrganisation,
  deleteOrganisation,
  getOrganisation,
  listOrganisationsFor,
  organisationDuplicates,
  restoreOrganisation,
  updateOrganisation,
  upsertOrganisation,
} from './organisations.service.ts';

const tags = ['organisations'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };

export const organisationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/organisations',
    {
      config: { ...read, cache: { namespace: 'organisations', kind: 'list', ttl: 'lists', skipWhen: asksExpand } },
      schema: {
        tags,
        summary: 'List organisations (filters, sort, cursor pages, search)',
        querystring: OrganisationListRouteQuery,
        response: { 200: OrganisationPageSchema, 400: ProblemSchema },
      },
    },
    async (req) => {
      const r = await listOrganisationsFor(req.ctx, req.query);
      const items = await expandRows(req.ctx, r.rows, req.query.expand, { owner: ownerExpander() });
      return { items, nextCursor: r.nextCursor, total: r.total, totalIsEstimate: r.totalIsEstimate };
    },
  );

  app.get(
    '/organisations/duplicates',
    {
      config: read,
      schema: {
        tags,
        summary: 'Organisations whose name is close to `name` (duplicate check before creating)',
        querystring: z.object({ name: z.string().trim().min(1).max(200) }),
        response: { 200: DuplicateCandidatesSchema },
      },
    },
    async (req) => ({ candidates: await organisationDuplicates(req.ctx, req.query.name) }),
  );

  app.post(
    '/organisations',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create an organisation (409 organisation.duplicate with candidates unless `force`)',
        body: CreateOrganisationSchema,
        response: { 201: OrganisationSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createOrganisation(req.ctx, req.body)),
  );

  app.put(
    '/organisations/upsert',
    {
      config: write,
      schema: {
        operationId: 'upsertOrganisation',
        tags,
        summary: 'Create or update an organisation matched by normalised name (201 created, 200 updated)',
        description:
          'Matches a live organisation the caller may see whose normalised name (accents, case, punctuation and ' +
          'legal forms removed: "Société Générale S.A." = "societe generale") equals the body’s (docs/DOMAIN.md, ' +
          '"Upsert"); a name that is only close is no match. Found: the other fields are applied as by ' +
          '`PATCH /organisations/{id}` (same rights; the stored name is kept), 200 `created: false`. Not found: ' +
          'created as by `POST /organisations` (409 `organisation.duplicate` for close names unless `force`), 201 ' +
          '`created: true`. Two matches: 409 `organisation.upsert_ambiguous` with their `ids`.',
        body: UpsertOrganisationSchema,
        response: { 200: UpsertOrganisationResultSchema, 201: UpsertOrganisationResultSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => {
      const r = await upsertOrganisation(req.ctx, req.body);
      return reply.code(r.created ? 201 : 200).send(r);
    },
  );

  app.get(
    '/organisations/:id',
    {
      config: { ...read, cache: { namespace: 'organisations', kind: 'detail', ttl: 'lists' } },
      schema: {
        tags,
        summary: 'One organisation',
        params: idParams,
        response: { 200: OrganisationSchema, 404: ProblemSchema },
      },
    },
    async (req) => getOrganisation(req.ctx, req.params.id),
  );

  app.patch(
    '/organisations/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update fields of an organisation (owner, team rules of DOMAIN.md)',
        params: idParams,
        body: UpdateOrganisationSchema,
        response: { 200: OrganisationSchema, 404: ProblemSchema },
      },
    },
    async (req) => updateOrganisation(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/organisations/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Move an organisation to the recycle bin',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteOrganisation(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/organisations/:id/restore',
    {
      config: write,
      schema: {
        tags,
        summary: 'Restore an organisation from the recycle bin',
        params: idParams,
        response: { 200: OrganisationSchema },
      },
    },
    async (req) => restoreOrganisation(req.ctx, req.params.id),
  );

  app.post(
    '/organisations/:id/merge',
    {
      config: write,
      schema: {
        tags,
        summary: 'Merge a duplicate into this organisation (links, interactions, tasks, notes, files, mandates move)',
        params: idParams,
        body: z.object({ duplicateId: z.uuid() }).strict(),
        response: {
          200: z.object({
            organisation: OrganisationSchema,
            moved: z.record(z.string(), z.number().int()),
          }),
          404: ProblemSchema,
        },
      },
    },
    async (req) => mergeOrganisations(req.ctx, req.params.id, req.body.duplicateId),
  );

  await app.register(
    batchRoutes({
      path: 'organisations',
      tag: 'organisations',
      operationId: 'batchCreateOrganisations',
      create: {
        item: CreateOrganisationSchema,
        run: async (ctx, input) => ({ id: (await createOrganisation(ctx, input)).id, created: true }),
      },
      upsert: {
        item: UpsertOrganisationSchema,
        match: 'the normalised name',
        run: async (ctx, input) => {
          const r = await upsertOrganisation(ctx, input);
          return { id: r.organisation.id, created: r.created };
        },
      },
    }),
  );

  await app.register(
    bulkRoutes({
      path: 'organisations',
      tag: 'organisations',
      tags: true,
      get: getOrganisation,
      patch: UpdateOrganisationSchema,
      update: updateOrganisation,
      remove: deleteOrganisation,
    }),
  );
};
