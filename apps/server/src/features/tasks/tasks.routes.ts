import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { expandRows, ownerExpander, recordExpander } from '../../platform/entities/expand.ts';
import { batchRoutes } from '../../platform/http/batch-routes.ts';
import { bulkRoutes } from '../../platform/http/bulk-routes.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import {
  CompleteTaskSchema,
  CreateTaskSchema,
  SnoozeTaskSchema,
  TaskListQuery,
  TaskListRouteQuery,
  TaskListSchema,
  TaskPageSchema,
  TaskSchema,
  UpdateTaskSchema,
} from './tasks.contracts.ts';
import {
  completeTask,
  createTask,
  deleteTask,
  getTask,
  listTasksFor,
  reopenTask,
  restoreTask,
  snoozeTask,
  updateTask,
} from './tasks.service.ts';

const tags = ['tasks'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };
const one = { 200: TaskSchema, 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

export const taskRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/tasks',
    {
      config: read,
      schema: {
        tags,
        summary: 'List tasks: views overdue/today/next7, filters, sort dueAt/priority/createdAt/updatedAt, search',
        querystring: TaskListRouteQuery,
        response: { 200: TaskPageSchema, 400: ProblemSchema },
      },
    },
    async (req) => {
      const page = await listTasksFor(req.ctx, req.query);
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
    '/tasks/deleted',
    {
      config: read,
      schema: {
        operationId: 'listDeletedTasks',
        tags,
        summary: 'Recycle bin: deleted tasks the caller may see',
        querystring: TaskListQuery,
        response: { 200: TaskListSchema, 400: ProblemSchema },
      },
    },
    async (req) => listTasksFor(req.ctx, req.query, { deleted: true }),
  );

  app.post(
    '/tasks',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a task (assigned to the caller unless assigneeId is given)',
        body: CreateTaskSchema,
        response: { 201: TaskSchema, 400: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createTask(req.ctx, req.body)),
  );

  app.get(
    '/tasks/:id',
    { config: read, schema: { tags, summary: 'One task', params: idParams, response: one } },
    async (req) => getTask(req.ctx, req.params.id),
  );

  app.patch(
    '/tasks/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update a task (owner, assignee or team manager)',
        params: idParams,
        body: UpdateTaskSchema,
        response: one,
      },
    },
    async (req) => updateTask(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/tasks/:id',
    {
      config: write,
      schema: { tags, summary: 'Move a task to the recycle bin', params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteTask(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/tasks/:id/restore',
    {
      config: write,
      schema: { tags, summary: 'Restore a task from the recycle bin', params: idParams, response: one },
    },
    async (req) => restoreTask(req.ctx, req.params.id),
  );

  app.post(
    '/tasks/:id/complete',
    {
      config: write,
      schema: {
        tags,
        summary: 'Complete a task, optionally logging the matching interaction',
        params: idParams,
        body: CompleteTaskSchema,
        response: one,
      },
    },
    async (req) => completeTask(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/tasks/:id/snooze',
    {
      config: write,
      schema: {
        tags,
        summary: 'Move the due date (`until` or `days`)',
        params: idParams,
        body: SnoozeTaskSchema,
        response: one,
      },
    },
    async (req) => snoozeTask(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/tasks/:id/reopen',
    { config: write, schema: { tags, summary: 'Reopen a done or cancelled task', params: idParams, response: one } },
    async (req) => reopenTask(req.ctx, req.params.id),
  );

  await app.register(
    batchRoutes({
      path: 'tasks',
      tag: 'tasks',
      operationId: 'batchCreateTasks',
      create: {
        item: CreateTaskSchema,
        run: async (ctx, input) => ({ id: (await createTask(ctx, input)).id, created: true }),
      },
    }),
  );

  await app.register(
    bulkRoutes({
      path: 'tasks',
      tag: 'tasks',
      patch: UpdateTaskSchema,
      get: getTask,
      update: updateTask,
      remove: deleteTask,
    }),
  );
};
