import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { NoteBodySchema, NoteListSchema, NoteSchema, PARENT_ROUTES } from './notes.contracts.ts';
import { createNote, deleteNote, listNotes, updateNote } from './notes.service.ts';

const tags = ['notes'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };

export const noteRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  for (const [segment, entityType] of PARENT_ROUTES) {
    app.get(
      `/${segment}/:id/notes`,
      {
        config: read,
        schema: {
          tags,
          summary: `Notes of a ${entityType}, newest first`,
          params: idParams,
          response: { 200: NoteListSchema, 404: ProblemSchema },
        },
      },
      async (req) => ({ items: await listNotes(req.ctx, entityType, req.params.id) }),
    );

    app.post(
      `/${segment}/:id/notes`,
      {
        config: write,
        schema: {
          tags,
          summary: `Add a note (sanitised HTML) to a ${entityType}`,
          params: idParams,
          body: NoteBodySchema,
          response: { 201: NoteSchema, 400: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createNote(req.ctx, entityType, req.params.id, req.body)),
    );
  }

  app.patch(
    '/notes/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a note (author, admin or team manager)',
        params: idParams,
        body: NoteBodySchema,
        response: { 200: NoteSchema, 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => updateNote(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/notes/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a note (author, admin or team manager)',
        params: idParams,
        response: { 204: z.null(), 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await deleteNote(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
