import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { CreateTeamBody, TeamIdParams, TeamSchema, toTeamDto, UpdateTeamBody } from './teams.schema-api.ts';
import * as service from './teams.service.ts';

const admin = { auth: { scope: 'admin' as const } };
const read = { auth: { scope: 'read' as const } };
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

/** Teams: any signed-in user reads them, only admins change them. */
export const teamRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/teams',
    {
      config: read,
      schema: {
        tags: ['teams'],
        summary: 'All teams',
        response: { 200: z.object({ items: z.array(TeamSchema) }), ...errors },
      },
    },
    async (req) => ({ items: (await service.listTeams(req.ctx)).map(toTeamDto) }),
  );

  app.get(
    '/teams/:id',
    {
      config: read,
      schema: { tags: ['teams'], summary: 'One team', params: TeamIdParams, response: { 200: TeamSchema, ...errors } },
    },
    async (req) => toTeamDto(await service.getTeam(req.ctx, req.params)),
  );

  app.post(
    '/teams',
    {
      config: admin,
      schema: {
        tags: ['teams'],
        summary: 'Create a team (409 team.already_exists on a taken name)',
        body: CreateTeamBody,
        response: { 201: TeamSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(toTeamDto(await service.createTeam(req.ctx, req.body))),
  );

  app.patch(
    '/teams/:id',
    {
      config: admin,
      schema: {
        tags: ['teams'],
        summary: 'Rename or describe a team',
        params: TeamIdParams,
        body: UpdateTeamBody,
        response: { 200: TeamSchema, ...errors },
      },
    },
    async (req) => toTeamDto(await service.updateTeam(req.ctx, { id: req.params.id, patch: req.body })),
  );

  app.delete(
    '/teams/:id',
    {
      config: admin,
      schema: {
        tags: ['teams'],
        summary: 'Delete an empty team (409 team.not_empty while it has users)',
        params: TeamIdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await service.deleteTeam(req.ctx, req.params);
      return reply.code(204).send(null);
    },
  );
};
