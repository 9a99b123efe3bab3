import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { logDataAccess } from '../../platform/audit/data-access.ts';
import type { RouteCacheSpec } from '../../platform/cache/response-cache.ts';
import type { Deps } from '../../platform/context.ts';
import { asksExpand, expandRows, ownerExpander } from '../../platform/entities/expand.ts';
import { batchRoutes } from '../../platform/http/batch-routes.ts';
import { bulkRoutes } from '../../platform/http/bulk-routes.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { linkRoutes } from './links.routes.ts';
import {
  CreatePersonSchema,
  PersonListRouteQuery,
  PersonPageSchema,
  PersonSchema,
  UpdatePersonSchema,
  UpsertPersonResultSchema,
  UpsertPersonSchema,
} from './people.contracts.ts';
import {
  createPerson,
  deletePerson,
  getPerson,
  listPeopleFor,
  primaryOrganisationExpander,
  restorePerson,
  updatePerson,
  upsertPerson,
} from './people.service.ts';
import { PERSON_ENTITY } from './person-access.ts';
import { personRecordRoutes } from './person-records.routes.ts';

const tags = ['people'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };
/** A person's page from the read cache still goes to the RGPD data-access log, like a read from the database. */
const peopleDetailCache: RouteCacheSpec = {
  namespace: 'people',
  kind: 'detail',
  ttl: 'lists',
  onHit: (req) =>
    logDataAccess(req.ctx, {
      subjectType: PERSON_ENTITY,
      subjectId: (req.params as { id: string }).id,
      action: 'read',
    }),
};

export const peopleRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, opts) => {
  app.get(
    '/people',
    {
      config: { ...read, cache: { namespace: 'people', kind: 'list', ttl: 'lists', skipWhen: asksExpand } },
      schema: {
        tags,
        summary: 'List people (filters, sort, cursor pages, search)',
        querystring: PersonListRouteQuery,
        response: { 200: PersonPageSchema, 400: ProblemSchema },
      },
    },
    async (req) => {
      const r = await listPeopleFor(req.ctx, req.query);
      const items = await expandRows(req.ctx, r.rows, req.query.expand, {
        organisation: primaryOrganisationExpander,
        owner: ownerExpander(),
      });
      return { items, nextCursor: r.nextCursor, total: r.total, totalIsEstimate: r.totalIsEstimate };
    },
  );

  app.post(
    '/people',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a person (409 person.duplicate with candidates unless `force`; 409 person.email_taken)',
        body: CreatePersonSchema,
        response: { 201: PersonSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createPerson(req.ctx, req.body)),
  );

  app.put(
    '/people/upsert',
    {
      config: write,
      schema: {
        operationId: 'upsertPerson',
        tags,
        summary: 'Create or update a person matched by work e-mail (201 created, 200 updated)',
        description:
          'Matches a live contact the caller may see whose `email` is the body’s, without case (docs/DOMAIN.md, ' +
          '"Upsert"). Found: the other fields are applied as by `PATCH /people/{id}` (same rights: 403 ' +
          '`auth.forbidden` on a contact the caller may not change; the stored e-mail keeps its case), 200 ' +
          '`created: false`. Not found: created as by `POST /people` (`force`, `organisationId`, `role` apply to a ' +
          'creation only), 201 `created: true`. Two matches (an admin sees every team): 409 ' +
          '`person.upsert_ambiguous` with their `ids`. A PUT because a repeated call changes nothing more.',
        body: UpsertPersonSchema,
        response: { 200: UpsertPersonResultSchema, 201: UpsertPersonResultSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => {
      const r = await upsertPerson(req.ctx, req.body);
      return reply.code(r.created ? 201 : 200).send(r);
    },
  );

  app.get(
    '/people/:id',
    {
      config: { ...read, cache: peopleDetailCache },
      schema: {
        tags,
        summary: 'One person (the read is written to the RGPD data-access log)',
        params: idParams,
        response: { 200: PersonSchema, 404: ProblemSchema },
      },
    },
    async (req) => getPerson(req.ctx, req.params.id),
  );

  app.patch(
    '/people/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update fields of a person (owner, team rules of DOMAIN.md)',
        params: idParams,
        body: UpdatePersonSchema,
        response: { 200: PersonSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req) => updatePerson(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/people/:id',
    {
      config: write,
      schema: { tags, summary: 'Move a person to the recycle bin', params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deletePerson(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/people/:id/restore',
    {
      config: write,
      schema: {
        tags,
        summary: 'Restore a person from the recycle bin',
        params: idParams,
        response: { 200: PersonSchema, 409: ProblemSchema },
      },
    },
    async (req) => restorePerson(req.ctx, req.params.id),
  );

  await app.register(linkRoutes, opts);
  await app.register(personRecordRoutes, opts);

  await app.register(
    batchRoutes({
      path: 'people',
      tag: 'people',
      operationId: 'batchCreatePeople',
      create: {
        item: CreatePersonSchema,
        run: async (ctx, input) => ({ id: (await createPerson(ctx, input)).id, created: true }),
      },
      upsert: {
        item: UpsertPersonSchema,
        match: 'the work e-mail',
        run: async (ctx, input) => {
          const r = await upsertPerson(ctx, input);
          return { id: r.person.id, created: r.created };
        },
      },
    }),
  );

  await app.register(
    bulkRoutes({
      path: 'people',
      tag: 'people',
      get: getPerson,
      patch: UpdatePersonSchema,
      update: updatePerson,
      remove: deletePerson,
    }),
  );
};
