import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../../platform/context.ts';
import { idParams } from '../../../platform/http/list.ts';
import { ProblemSchema } from '../../../platform/http/problem.schema.ts';
import { analyticsCache } from './analytics-cache.ts';
import {
  createFunnel,
  deleteFunnel,
  getFunnel,
  listFunnels,
  queryFunnel,
  savedFunnelResult,
  updateFunnel,
} from './funnels.service.ts';
import {
  CreateFunnelBody,
  ErrorsQuery,
  ErrorsSchema,
  FeaturesSchema,
  FunnelListSchema,
  FunnelQueryBody,
  FunnelResultSchema,
  FunnelSchema,
  HeatmapQuery,
  HeatmapSchema,
  OverviewQuery,
  OverviewSchema,
  PagesQuery,
  PagesSchema,
  PeriodQuery,
  RecordingListSchema,
  RecordingParams,
  RecordingSchema,
  RecordingsQuery,
  RetentionQuery,
  RetentionSchema,
  UpdateFunnelBody,
} from './product.contracts.ts';
import {
  getRecording,
  listRecordings,
  productErrors,
  productFeatures,
  productHeatmap,
  productOverview,
  productPages,
  productRetention,
} from './product.service.ts';

const tags = ['analytics'];
const admin = { auth: { scope: 'admin' as const } };
/** Analysis answers are cached (namespace `analytics`): a few minutes behind the newest events at most. */
const cachedRead = { ...admin, cache: analyticsCache };
const P = '/analytics/product';

/** Product analytics, the analysis side (docs/ANALYTICS.md, "Analysis, flags and alerts"): administrators only. */
export const productAnalyticsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    `${P}/overview`,
    {
      config: cachedRead,
      schema: {
        operationId: 'getProductOverview',
        tags,
        summary: 'Page views and unique users per day, week or month, with the previous period for comparison',
        querystring: OverviewQuery,
        response: { 200: OverviewSchema, 400: ProblemSchema },
      },
    },
    async (req) => productOverview(req.ctx, req.query),
  );

  app.get(
    `${P}/pages`,
    {
      config: cachedRead,
      schema: {
        operationId: 'listProductPages',
        tags,
        summary: 'Most viewed routes: views, unique users, median and 80th percentile time on page, scroll depth',
        querystring: PagesQuery,
        response: { 200: PagesSchema, 400: ProblemSchema },
      },
    },
    async (req) => productPages(req.ctx, req.query),
  );

  app.get(
    `${P}/features`,
    {
      config: cachedRead,
      schema: {
        operationId: 'listProductFeatures',
        tags,
        summary: 'Use of each feature of the event catalogue (events, unique users) and the features never used',
        querystring: PeriodQuery,
        response: { 200: FeaturesSchema, 400: ProblemSchema },
      },
    },
    async (req) => productFeatures(req.ctx, req.query),
  );

  app.post(
    `${P}/funnel`,
    {
      config: admin,
      schema: {
        operationId: 'queryProductFunnel',
        tags,
        summary: 'Compute a funnel given by its steps (strict order, first occurrence, within windowDays)',
        body: FunnelQueryBody,
        response: { 200: FunnelResultSchema, 400: ProblemSchema },
      },
    },
    async (req) => queryFunnel(req.ctx, req.body),
  );

  app.get(
    `${P}/funnels`,
    {
      config: admin,
      schema: {
        operationId: 'listProductFunnels',
        tags,
        summary: 'Saved funnels, by name',
        response: { 200: FunnelListSchema },
      },
    },
    async (req) => listFunnels(req.ctx),
  );

  app.post(
    `${P}/funnels`,
    {
      config: admin,
      schema: {
        operationId: 'createProductFunnel',
        tags,
        summary: 'Save a funnel',
        body: CreateFunnelBody,
        response: { 201: FunnelSchema, 400: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createFunnel(req.ctx, req.body)),
  );

  app.get(
    `${P}/funnels/:id`,
    {
      config: admin,
      schema: {
        operationId: 'getProductFunnel',
        tags,
        summary: 'One saved funnel',
        params: idParams,
        response: { 200: FunnelSchema, 404: ProblemSchema },
      },
    },
    async (req) => getFunnel(req.ctx, req.params.id),
  );

  app.patch(
    `${P}/funnels/:id`,
    {
      config: admin,
      schema: {
        operationId: 'updateProductFunnel',
        tags,
        summary: 'Change a saved funnel (name, steps, window)',
        params: idParams,
        body: UpdateFunnelBody,
        response: { 200: FunnelSchema, 404: ProblemSchema },
      },
    },
    async (req) => updateFunnel(req.ctx, req.params.id, req.body),
  );

  app.delete(
    `${P}/funnels/:id`,
    {
      config: admin,
      schema: {
        operationId: 'deleteProductFunnel',
        tags,
        summary: 'Delete a saved funnel (and the alerts that watch it)',
        params: idParams,
        response: { 204: z.null().describe('Deleted'), 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await deleteFunnel(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${P}/funnels/:id/results`,
    {
      config: cachedRead,
      schema: {
        operationId: 'getProductFunnelResults',
        tags,
        summary: 'A saved funnel’s results over a period',
        params: idParams,
        querystring: PeriodQuery,
        response: { 200: FunnelResultSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => savedFunnelResult(req.ctx, req.params.id, req.query),
  );

  app.get(
    `${P}/retention`,
    {
      config: cachedRead,
      schema: {
        operationId: 'getProductRetention',
        tags,
        summary: 'Weekly cohorts (week of the first start event) and their share active in the weeks after',
        querystring: RetentionQuery,
        response: { 200: RetentionSchema, 400: ProblemSchema },
      },
    },
    async (req) => productRetention(req.ctx, req.query),
  );

  app.get(
    `${P}/heatmap`,
    {
      config: cachedRead,
      schema: {
        operationId: 'getProductHeatmap',
        tags,
        summary: 'Clicks of a route in a grid (relative to the viewport width), scroll depth, most clicked elements',
        querystring: HeatmapQuery,
        response: { 200: HeatmapSchema, 400: ProblemSchema },
      },
    },
    async (req) => productHeatmap(req.ctx, req.query),
  );

  app.get(
    `${P}/errors`,
    {
      config: cachedRead,
      schema: {
        operationId: 'listProductErrors',
        tags,
        summary: 'Web exceptions and API errors grouped by type or code, with counts and last seen',
        querystring: ErrorsQuery,
        response: { 200: ErrorsSchema, 400: ProblemSchema },
      },
    },
    async (req) => productErrors(req.ctx, req.query),
  );

  app.get(
    `${P}/recordings`,
    {
      config: admin,
      schema: {
        operationId: 'listProductRecordings',
        tags,
        summary: 'Sessions with a replay (user, start, duration, pages), newest first',
        querystring: RecordingsQuery,
        response: { 200: RecordingListSchema, 400: ProblemSchema },
      },
    },
    async (req) => listRecordings(req.ctx, req.query),
  );

  app.get(
    `${P}/recordings/:sessionId`,
    {
      config: admin,
      schema: {
        operationId: 'getProductRecording',
        tags,
        summary: 'The rrweb events of a session’s replay, in order, for playback',
        params: RecordingParams,
        response: { 200: RecordingSchema, 404: ProblemSchema },
      },
    },
    async (req) => getRecording(req.ctx, req.params.sessionId),
  );
};
