import type { SalesAnalyticsEndpoint } from '@crm/contracts';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client.ts';
import type { ApiQuery } from './view.ts';

/** The sales analytics' queries (docs/SALES_ANALYTICS.md): one per endpoint, keyed by the exact query. */
type Endpoint = SalesAnalyticsEndpoint;

export interface Answers extends Record<Endpoint, unknown> {
  revenue: Schemas['SalesRevenue'];
  forecast: Schemas['SalesForecast'];
  funnel: Schemas['SalesFunnel'];
  'deal-status': Schemas['SalesDealStatus'];
  'top-organisations': Schemas['SalesTopOrganisations'];
  performance: Schemas['SalesPerformance'];
  activity: Schemas['SalesActivity'];
  'activity-trends': Schemas['SalesActivityTrends'];
  'email-volume': Schemas['SalesEmailVolume'];
  'organisation-types': Schemas['SalesOrganisationTypes'];
  sources: Schemas['SalesSources'];
  geography: Schemas['SalesGeography'];
  'revenue-by-category': Schemas['SalesRevenueByCategory'];
  'lost-reasons': Schemas['SalesLostReasons'];
}

export const salesKeys = {
  all: ['sales-analytics'] as const,
  endpoint: <E extends Endpoint>(endpoint: E, query: ApiQuery) => ['sales-analytics', endpoint, query] as const,
};

/** The answer of one endpoint for a query; the previous answer stays on screen while the next loads. */
export function salesQuery<E extends Endpoint>(endpoint: E, query: ApiQuery, refreshMs: number | false = false) {
  return queryOptions({
    queryKey: salesKeys.endpoint(endpoint, query),
    queryFn: async ({ signal }): Promise<Answers[E]> =>
      data(
        await api.GET(`/api/v1/analytics/${endpoint}` as '/api/v1/analytics/revenue', {
          params: { query },
          signal,
        }),
      ) as Answers[E],
    placeholderData: keepPreviousData,
    // Polled while the tab is visible (TanStack pauses intervals in a hidden tab): the figures follow the day.
    refetchInterval: refreshMs,
  });
}

/** Mandates won since an instant, the latest first: what a colleague just closed (the hub's live update). */
export const recentWinsQuery = (since: string, refreshMs: number) =>
  queryOptions({
    queryKey: ['sales-analytics', 'recent-wins', since] as const,
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/mandats', {
          params: { query: { stage: ['gagne'], closedFrom: since, sort: '-closedAt', limit: 5 } },
          signal,
        }),
      ),
    refetchInterval: refreshMs,
  });
