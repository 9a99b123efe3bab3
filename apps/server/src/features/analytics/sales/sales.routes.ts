import type { SalesAnalyticsEndpoint } from '@crm/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteCacheSpec } from '../../../platform/cache/response-cache.ts';
import type { Ctx, Deps } from '../../../platform/context.ts';
import { idParams } from '../../../platform/http/list.ts';
import { ProblemSchema } from '../../../platform/http/problem.schema.ts';
import {
  ActivitySchema,
  ActivityTrendsSchema,
  DealStatusSchema,
  EmailVolumeSchema,
  ForecastSchema,
  GeographySchema,
  LostReasonsSchema,
  OrganisationTypesSchema,
  PerformanceSchema,
  RevenueByCategorySchema,
  RevenueSchema,
  SalesFunnelSchema,
  type SalesInput,
  SalesQuery,
  SourcesSchema,
  TopOrganisationsSchema,
  TopQuery,
} from './sales.contracts.ts';
import {
  salesActivity,
  salesActivityTrends,
  salesDealStatus,
  salesEmailVolume,
  salesForecast,
  salesFunnel,
  salesGeography,
  salesLostReasons,
  salesOrganisationTypes,
  salesPerformance,
  salesRevenue,
  salesRevenueByCategory,
  salesSources,
  salesTopOrganisations,
} from './sales.service.ts';
import { PutTargetBody, TargetListQuery, TargetSchema } from './targets.contracts.ts';
import { deleteTarget, listTargets, putTarget } from './targets.service.ts';

/** The read cache's namespace of the sales analytics (docs/CACHE.md): cleared alone with `DELETE /cache?namespace=`. */
export const SALES_NAMESPACE = 'sales';

/**
 * Cached per caller's visibility like the lists they are computed from (docs/CACHE.md): a write on a mandate,
 * organisation or interaction evicts the answers of those who can see it, and two teams never share an entry.
 */
const cache = (dependsOn: string[]): RouteCacheSpec => ({
  namespace: SALES_NAMESPACE,
  kind: 'list',
  ttl: 'lists',
  dependsOn,
});
const MANDATS = ['mandats'];
/** The e-mail events (a contact's owner or team change moves its e-mails too). */
const EMAILS = ['email-events', 'people'];
const WITH_INTERACTIONS = ['mandats', 'interactions'];
const WITH_ORGANISATIONS = ['mandats', 'organisations'];

const tags = ['analytics'];
const errors = { 400: ProblemSchema, 401: ProblemSchema };

interface Endpoint<Q extends z.ZodObject> {
  path: SalesAnalyticsEndpoint;
  operationId: string;
  summary: string;
  querystring: Q;
  response: z.ZodType;
  dependsOn: string[];
  run: (ctx: Ctx, q: z.infer<Q>) => Promise<unknown>;
}

const endpoint = <Q extends z.ZodObject>(e: Endpoint<Q>) => e;

const ENDPOINTS = [
  endpoint({
    path: 'revenue',
    operationId: 'getSalesRevenue',
    summary: 'Won amounts and commissions per bucket, with the previous period and the year before',
    querystring: SalesQuery,
    response: RevenueSchema,
    dependsOn: MANDATS,
    run: salesRevenue,
  }),
  endpoint({
    path: 'forecast',
    operationId: 'getSalesForecast',
    summary: 'Open pipeline by month of expected closing, weighted by probability; what moved in the last 7 days',
    querystring: SalesQuery,
    response: ForecastSchema,
    dependsOn: MANDATS,
    run: salesForecast,
  }),
  endpoint({
    path: 'funnel',
    operationId: 'getSalesFunnel',
    summary: 'Stage funnel of the mandates created in the period: reached, conversion, lost, time in each stage',
    querystring: SalesQuery,
    response: SalesFunnelSchema,
    dependsOn: MANDATS,
    run: salesFunnel,
  }),
  endpoint({
    path: 'deal-status',
    operationId: 'getSalesDealStatus',
    summary: 'Mandates created in the period by their current stage',
    querystring: SalesQuery,
    response: DealStatusSchema,
    dependsOn: MANDATS,
    run: salesDealStatus,
  }),
  endpoint({
    path: 'top-organisations',
    operationId: 'getSalesTopOrganisations',
    summary: 'Organisations with the largest won amount in the period',
    querystring: TopQuery,
    response: TopOrganisationsSchema,
    dependsOn: WITH_ORGANISATIONS,
    run: salesTopOrganisations,
  }),
  endpoint({
    path: 'performance',
    operationId: 'getSalesPerformance',
    summary: 'Per user: interactions, mandates opened, won and lost, win rate, average deal, cycle length',
    querystring: SalesQuery,
    response: PerformanceSchema,
    dependsOn: WITH_INTERACTIONS,
    run: salesPerformance,
  }),
  endpoint({
    path: 'activity',
    operationId: 'getSalesActivity',
    summary: 'Interactions per day and type (calendar heatmap)',
    querystring: SalesQuery,
    response: ActivitySchema,
    dependsOn: WITH_INTERACTIONS,
    run: salesActivity,
  }),
  endpoint({
    path: 'activity-trends',
    operationId: 'getSalesActivityTrends',
    summary: 'Meetings, pitches, calls, e-mails and closings per bucket',
    querystring: SalesQuery,
    response: ActivityTrendsSchema,
    dependsOn: WITH_INTERACTIONS,
    run: salesActivityTrends,
  }),
  endpoint({
    path: 'email-volume',
    operationId: 'getSalesEmailVolume',
    summary: 'Campaign e-mails sent, delivered, opened, clicked, bounced and unsubscribed from, per bucket',
    querystring: SalesQuery,
    response: EmailVolumeSchema,
    dependsOn: EMAILS,
    run: salesEmailVolume,
  }),
  endpoint({
    path: 'organisation-types',
    operationId: 'getSalesOrganisationTypes',
    summary: 'Organisations per type and what was won with each type',
    querystring: SalesQuery,
    response: OrganisationTypesSchema,
    dependsOn: WITH_ORGANISATIONS,
    run: salesOrganisationTypes,
  }),
  endpoint({
    path: 'sources',
    operationId: 'getSalesSources',
    summary: 'Mandates closed in the period by source, won and lost (sankey)',
    querystring: SalesQuery,
    response: SourcesSchema,
    dependsOn: MANDATS,
    run: salesSources,
  }),
  endpoint({
    path: 'lost-reasons',
    operationId: 'getSalesLostReasons',
    summary: 'Mandates lost in the period by reason: count, amount, share, and the stages they were lost from',
    querystring: SalesQuery,
    response: LostReasonsSchema,
    dependsOn: MANDATS,
    run: salesLostReasons,
  }),
  endpoint({
    path: 'geography',
    operationId: 'getSalesGeography',
    summary: 'Organisations and won amounts by country, French region and department (from postal codes)',
    querystring: SalesQuery,
    response: GeographySchema,
    dependsOn: WITH_ORGANISATIONS,
    run: salesGeography,
  }),
  endpoint({
    path: 'revenue-by-category',
    operationId: 'getSalesRevenueByCategory',
    summary: 'Won amounts by fund with asset class and category (treemap)',
    querystring: SalesQuery,
    response: RevenueByCategorySchema,
    // Funds are a shared catalogue: a fund renamed or reclassed bumps the produits lists.
    dependsOn: ['mandats', 'produits'],
    run: salesRevenueByCategory,
  }),
];

/** The sales analytics (docs/SALES_ANALYTICS.md): any signed-in user, figures scoped to what they see. */
export const salesAnalyticsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/analytics/targets',
    {
      config: { auth: { scope: 'read' as const } },
      schema: {
        operationId: 'listSalesTargets',
        tags,
        summary: 'Sales targets of the firm, the caller’s team and its members, by month (administrators: all)',
        querystring: TargetListQuery,
        response: { 200: z.object({ items: z.array(TargetSchema) }), ...errors },
      },
    },
    async (req) => listTargets(req.ctx, req.query),
  );
  app.put(
    '/analytics/targets',
    {
      config: { auth: { scope: 'write' as const } },
      schema: {
        operationId: 'putSalesTarget',
        tags,
        summary: 'Set the target of a month for the firm, a team or a user (administrators; managers for their team)',
        body: PutTargetBody,
        response: { 200: TargetSchema, 201: TargetSchema, ...errors, 403: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { target, created } = await putTarget(req.ctx, req.body);
      return reply.code(created ? 201 : 200).send(target);
    },
  );
  app.delete(
    '/analytics/targets/:id',
    {
      config: { auth: { scope: 'write' as const } },
      schema: {
        operationId: 'deleteSalesTarget',
        tags,
        summary: 'Remove a target',
        params: idParams,
        response: { 204: z.null(), ...errors, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await deleteTarget(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  for (const e of ENDPOINTS) {
    app.get(
      `/analytics/${e.path}`,
      {
        config: { auth: { scope: 'read' as const }, cache: cache(e.dependsOn) },
        schema: {
          operationId: e.operationId,
          tags,
          summary: e.summary,
          querystring: e.querystring,
          response: { 200: e.response, ...errors },
        },
      },
      async (req) => (e.run as (ctx: Ctx, q: SalesInput) => Promise<unknown>)(req.ctx, req.query as SalesInput),
    );
  }
};
