import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import {
  CreateUserBody,
  DirectoryEntrySchema,
  DirectoryQuery,
  ListUsersQuery,
  PasswordLinkSentSchema,
  toUserDto,
  UpdateMeBody,
  UpdateUserBody,
  UserIdParams,
  UserListSchema,
  UserSchema,
} from './users.schema-api.ts';
import * as service from './users.service.ts';

const admin = { auth: { scope: 'admin' as const } };
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

/** Users administration (admin only) and the directory every signed-in user reads for owner pickers. */
export const userRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/users/directory',
    {
      config: { auth: { scope: 'read' } },
      schema: {
        tags: ['users'],
        summary: 'Active users the caller may see (admins: all; others: their team), for owner pickers',
        querystring: DirectoryQuery,
        response: { 200: z.object({ items: z.array(DirectoryEntrySchema) }), ...errors },
      },
    },
    async (req) => ({ items: await service.listUserDirectory(req.ctx, req.query) }),
  );

  app.patch(
    '/users/me',
    {
      // Any role may change its own profile from a session; an API key needs the `write` scope.
      config: { auth: { scope: 'write', ownAccount: true } },
      schema: {
        operationId: 'updateOwnProfile',
        tags: ['users'],
        summary: 'Change my own name or language (any signed-in user; role and team stay with administrators)',
        body: UpdateMeBody,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (req) => toUserDto(await service.updateMe(req.ctx, req.body)),
  );

  app.get(
    '/users',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'List users (cursor pagination; filters role, teamId, isActive, q on name and e-mail)',
        querystring: ListUsersQuery,
        response: { 200: UserListSchema, ...errors },
      },
    },
    async (req) => {
      const page = await service.listUsers(req.ctx, req.query);
      return { ...page, items: page.items.map(toUserDto) };
    },
  );

  app.get(
    '/users/:id',
    {
      config: admin,
      schema: { tags: ['users'], summary: 'One user', params: UserIdParams, response: { 200: UserSchema, ...errors } },
    },
    async (req) => toUserDto(await service.getUser(req.ctx, req.params)),
  );

  app.post(
    '/users',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary:
          'Create a user: with `password` (policy enforced) they sign in at once; without it they are mailed an ' +
          'invitation to choose one (link valid 7 days). 409 user.already_exists on a taken e-mail',
        body: CreateUserBody,
        response: { 201: UserSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(toUserDto(await service.createUser(req.ctx, req.body))),
  );

  app.post(
    '/users/:id/invitation',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary:
          'Send the invitation again to a user who has not chosen a password yet (new link valid 7 days; the old ' +
          'one stops working). 409 user.invitation_not_pending once they have one, user.inactive when deactivated',
        params: UserIdParams,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (req) => toUserDto(await service.resendInvitation(req.ctx, req.params)),
  );

  app.post(
    '/users/:id/password-reset',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary:
          'Mail the user a password-reset link (valid one hour); the password is neither shown nor changed until ' +
          'the link is used. 409 user.inactive when deactivated, user.invitation_pending without a password yet',
        params: UserIdParams,
        response: { 202: PasswordLinkSentSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { expiresAt } = await service.sendPasswordReset(req.ctx, req.params);
      return reply.code(202).send({ status: 'sent' as const, expiresAt: expiresAt.toISOString() });
    },
  );

  app.patch(
    '/users/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Change name, role, team, active flag or locale (409 user.last_admin for the last admin)',
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (req) => toUserDto(await service.updateUser(req.ctx, { id: req.params.id, patch: req.body })),
  );

  app.delete(
    '/users/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Deactivate a user (users are never deleted); their sessions are revoked',
        params: UserIdParams,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (req) => toUserDto(await service.deactivateUser(req.ctx, req.params)),
  );
};
