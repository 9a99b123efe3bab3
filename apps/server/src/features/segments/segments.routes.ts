import { SEGMENT_ENTITIES } from '@crm/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { idParams } from '../../platform/http/list.ts';
import {
  CreateSegmentSchema,
  SegmentListSchema,
  SegmentMembersSchema,
  SegmentSchema,
  UpdateSegmentSchema,
} from './segments.contracts.ts';
import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegmentsFor,
  segmentMembers,
  updateSegment,
} from './segments.service.ts';

const tags = ['segments'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };

/** Saved filters and views over the lists of SEGMENT_ENTITIES (private, or shared with the team). */
export const segmentRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/segments',
    {
      config: read,
      schema: {
        tags,
        summary: 'Segments you own and those your team shares',
        querystring: z.object({ entity: z.enum(SEGMENT_ENTITIES).optional() }),
        response: { 200: SegmentListSchema },
      },
    },
    async (req) => ({ items: await listSegmentsFor(req.ctx, req.query.entity) }),
  );
  app.post(
    '/segments',
    {
      config: write,
      schema: {
        tags,
        summary: 'Save a filter as a segment',
        body: CreateSegmentSchema,
        response: { 201: SegmentSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createSegment(req.ctx, req.body)),
  );
  app.get(
    '/segments/:id',
    { config: read, schema: { tags, summary: 'One segment', params: idParams, response: { 200: SegmentSchema } } },
    async (req) => getSegment(req.ctx, req.params.id),
  );
  app.patch(
    '/segments/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Rename, refilter or share a segment (owner)',
        params: idParams,
        body: UpdateSegmentSchema,
        response: { 200: SegmentSchema },
      },
    },
    async (req) => updateSegment(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/segments/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a segment (owner)', params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteSegment(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/segments/:id/members',
    {
      config: read,
      schema: {
        tags,
        summary: 'The records the segment selects (within your own scope), paged like the list',
        params: idParams,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().min(1).max(512).optional(),
        }),
        response: { 200: SegmentMembersSchema },
      },
    },
    async (req) => segmentMembers(req.ctx, req.params.id, req.query),
  );
};
