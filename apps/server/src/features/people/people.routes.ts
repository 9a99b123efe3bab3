import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { logDataAccess } from '../../platform/audit/data-access.ts';
import type { RouteCacheSpec } from '../../platform/cache/response-cache.ts';
import type { Deps } from '../../platform/context.ts';
import { bulkRoutes } from '../../platform/http/bulk-routes.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { linkRoutes } from './links.routes.ts';
import {
  CreatePersonSchema,
  PersonListQuery,
  PersonListSchema,
  PersonSchema,
  UpdatePersonSchema,
} from './people.contracts.ts';
import { createPerson, deletePerson, getPerson, listPeopleFor, restorePerson, updatePerson } from './people.service.ts';
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
      config: { ...read, cache: { namespace: 'people', kind: 'list', ttl: 'lists' } },
      schema: {
        tags,
        summary: 'List people (filters, sort, cursor pages, search)',
        querystring: PersonListQuery,
        response: { 200: PersonListSchema, 400: ProblemSchema },
      },
    },
    async (req) => {
      const r = await listPeopleFor(req.ctx, req.query);
      return { items: r.rows, nextCursor: r.nextCursor, total: r.total, totalIsEstimate: r.totalIsEstimate };
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
    bulkRoutes({
      path: 'people',
      tag: 'people',
      patch: UpdatePersonSchema,
      update: updatePerson,
      remove: deletePerson,
    }),
  );
};
