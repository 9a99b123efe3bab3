import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import {
  NotificationListQuery,
  NotificationListSchema,
  NotificationSchema,
  ReadAllResultSchema,
} from './notifications.contracts.ts';
import {
  deleteNotification,
  listNotificationsFor,
  markAllNotificationsRead,
  markNotificationRead,
} from './notifications.service.ts';

const tags = ['notifications'];
/** Every signed-in user, viewers included, reads their own notifications: the `read` scope. */
const own = { auth: { scope: 'read' as const } };
/** Marking read and deleting change the caller's own data: any role from a session, an API key with `write`. */
const ownWrite = { auth: { scope: 'write' as const, ownAccount: true } };

export const notificationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/notifications',
    {
      config: own,
      schema: {
        tags,
        summary: 'My notifications, newest first, with my unread count',
        querystring: NotificationListQuery,
        response: { 200: NotificationListSchema, 400: ProblemSchema },
      },
    },
    async (req) => listNotificationsFor(req.ctx, req.query),
  );

  app.post(
    '/notifications/read-all',
    {
      config: ownWrite,
      schema: { tags, summary: 'Mark all my notifications read', response: { 200: ReadAllResultSchema } },
    },
    async (req) => markAllNotificationsRead(req.ctx),
  );

  app.post(
    '/notifications/:id/read',
    {
      config: ownWrite,
      schema: {
        tags,
        summary: 'Mark one of my notifications read',
        params: idParams,
        response: { 200: NotificationSchema, 404: ProblemSchema },
      },
    },
    async (req) => markNotificationRead(req.ctx, req.params.id),
  );

  app.delete(
    '/notifications/:id',
    {
      config: ownWrite,
      schema: {
        tags,
        summary: 'Delete one of my notifications',
        params: idParams,
        response: { 204: z.null(), 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await deleteNotification(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
