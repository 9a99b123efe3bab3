import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../../platform/context.ts';
import { idParams } from '../../../platform/http/list.ts';
import { ProblemSchema } from '../../../platform/http/problem.schema.ts';
import { analyticsCache } from '../product/analytics-cache.ts';
import {
  CreateFlagBody,
  ExperimentQuery,
  ExperimentResultSchema,
  FlagListSchema,
  FlagSchema,
  MyFlagsSchema,
  UpdateFlagBody,
} from './flags.contracts.ts';
import { createFlag, deleteFlag, experimentResults, getFlag, listFlags, myFlags, updateFlag } from './flags.service.ts';

const tags = ['analytics'];
const admin = { auth: { scope: 'admin' as const } };
const P = '/analytics/flags';

/**
 * Feature flags and A/B tests (docs/ANALYTICS.md): administrators manage them; every signed-in user reads their own
 * (`/mine`). posthog-js reads them at `/ingest/flags/` (flags-ingest.routes.ts).
 */
export const flagRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    `${P}/mine`,
    {
      config: { auth: { scope: 'read' } },
      schema: {
        operationId: 'getMyFeatureFlags',
        tags,
        summary: 'The active flags evaluated for me: false, true or my variant',
        response: { 200: MyFlagsSchema },
      },
    },
    async (req) => myFlags(req.ctx),
  );

  app.get(
    P,
    {
      config: admin,
      schema: {
        operationId: 'listFeatureFlags',
        tags,
        summary: 'Feature flags, by key',
        response: { 200: FlagListSchema },
      },
    },
    async (req) => listFlags(req.ctx),
  );

  app.post(
    P,
    {
      config: admin,
      schema: {
        operationId: 'createFeatureFlag',
        tags,
        summary: 'Create a feature flag or an experiment (variants, goal event, dates); the key is unique',
        body: CreateFlagBody,
        response: { 201: FlagSchema, 400: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createFlag(req.ctx, req.body)),
  );

  app.get(
    `${P}/:id`,
    {
      config: admin,
      schema: {
        operationId: 'getFeatureFlag',
        tags,
        summary: 'One feature flag',
        params: idParams,
        response: { 200: FlagSchema, 404: ProblemSchema },
      },
    },
    async (req) => getFlag(req.ctx, req.params.id),
  );

  app.patch(
    `${P}/:id`,
    {
      config: admin,
      schema: {
        operationId: 'updateFeatureFlag',
        tags,
        summary: 'Change a feature flag (on/off, rollout, teams, variants, experiment)',
        params: idParams,
        body: UpdateFlagBody,
        response: { 200: FlagSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req) => updateFlag(req.ctx, req.params.id, req.body),
  );

  app.delete(
    `${P}/:id`,
    {
      config: admin,
      schema: {
        operationId: 'deleteFeatureFlag',
        tags,
        summary: 'Delete a feature flag',
        params: idParams,
        response: { 204: z.null().describe('Deleted'), 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await deleteFlag(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${P}/:id/results`,
    {
      config: { ...admin, cache: analyticsCache },
      schema: {
        operationId: 'getExperimentResults',
        tags,
        summary: 'An experiment’s results: exposures, conversions and rate per variant, z-test against the control',
        params: idParams,
        querystring: ExperimentQuery,
        response: { 200: ExperimentResultSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req) => experimentResults(req.ctx, req.params.id, req.query),
  );
};
