import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import {
  addPersonLink,
  deletePersonLink,
  listOrganisationPeople,
  listPersonLinks,
  updatePersonLink,
} from './links.service.ts';
import {
  CreateLinkSchema,
  linkParams,
  OrganisationPeopleListSchema,
  OrganisationPeopleQuery,
  PersonOrganisationSchema,
  UpdateLinkSchema,
} from './people.contracts.ts';

const tags = ['people'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };

/** Person-organisation links, from both sides. */
export const linkRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/people/:id/organisations',
    {
      config: read,
      schema: {
        tags,
        summary: 'The organisations a person works with (primary first)',
        params: idParams,
        response: { 200: z.object({ items: z.array(PersonOrganisationSchema) }), 404: ProblemSchema },
      },
    },
    async (req) => ({ items: await listPersonLinks(req.ctx, req.params.id) }),
  );

  app.post(
    '/people/:id/organisations',
    {
      config: write,
      schema: {
        tags,
        summary: 'Link a person to an organisation (a new primary link unsets the previous one)',
        params: idParams,
        body: CreateLinkSchema,
        response: { 201: PersonOrganisationSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await addPersonLink(req.ctx, req.params.id, req.body)),
  );

  app.patch(
    '/people/:id/organisations/:linkId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a link (role, primary, job title, work e-mail and phone)',
        params: linkParams,
        body: UpdateLinkSchema,
        response: { 200: PersonOrganisationSchema, 404: ProblemSchema },
      },
    },
    async (req) => updatePersonLink(req.ctx, req.params.id, req.params.linkId, req.body),
  );

  app.delete(
    '/people/:id/organisations/:linkId',
    {
      config: write,
      schema: { tags, summary: 'Remove a link', params: linkParams, response: { 204: z.null(), 404: ProblemSchema } },
    },
    async (req, reply) => {
      await deletePersonLink(req.ctx, req.params.id, req.params.linkId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/organisations/:id/people',
    {
      config: read,
      schema: {
        tags: ['people', 'organisations'],
        summary: "An organisation's contacts with their link (same filters, sort and pages as /people)",
        params: idParams,
        querystring: OrganisationPeopleQuery,
        response: { 200: OrganisationPeopleListSchema, 404: ProblemSchema },
      },
    },
    async (req) => listOrganisationPeople(req.ctx, req.params.id, req.query),
  );
};
