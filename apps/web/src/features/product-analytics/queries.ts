import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client.ts';
import type { Period } from './period.ts';

/** The product analytics pages' queries (docs/ANALYTICS.md, "The analysis API"): admins only. */

type Days = Pick<Period, 'from' | 'to'>;
const days = (p: Days) => ({ from: p.from, to: p.to });

export const analyticsKeys = {
  all: ['product-analytics'] as const,
  overview: (p: Period) => ['product-analytics', 'overview', p] as const,
  pages: (p: Days) => ['product-analytics', 'pages', days(p)] as const,
  features: (p: Days) => ['product-analytics', 'features', days(p)] as const,
  funnels: ['product-analytics', 'funnels'] as const,
  funnelResults: (id: string, p: Days) => ['product-analytics', 'funnels', id, 'results', days(p)] as const,
  retention: (p: Days, weeks: number) => ['product-analytics', 'retention', days(p), weeks] as const,
  heatmap: (p: Days, route: string) => ['product-analytics', 'heatmap', days(p), route] as const,
  errors: (p: Days) => ['product-analytics', 'errors', days(p)] as const,
  recordings: (p: Days) => ['product-analytics', 'recordings', days(p)] as const,
  recording: (sessionId: string) => ['product-analytics', 'recording', sessionId] as const,
  flags: ['product-analytics', 'flags'] as const,
  experiment: (id: string) => ['product-analytics', 'flags', id, 'results'] as const,
  alerts: ['product-analytics', 'alerts'] as const,
};

export type Overview = Schemas['AnalyticsOverview'];
export type Funnel = Schemas['AnalyticsFunnel'];
export type FunnelResult = Schemas['AnalyticsFunnelResult'];
export type FunnelStep = Funnel['steps'][number];
export type Flag = Schemas['FeatureFlag'];
export type Alert = Schemas['AnalyticsAlert'];
export type RecordingSummary = Schemas['AnalyticsRecordingList']['items'][number];

export const overviewQuery = (p: Period) =>
  queryOptions({
    queryKey: analyticsKeys.overview(p),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/analytics/product/overview', { params: { query: p }, signal })),
    placeholderData: keepPreviousData,
  });

export const pagesQuery = (p: Days) =>
  queryOptions({
    queryKey: analyticsKeys.pages(p),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/analytics/product/pages', { params: { query: { ...days(p), limit: 50 } }, signal })),
    placeholderData: keepPreviousData,
  });

export const featuresQuery = (p: Days) =>
  queryOptions({
    queryKey: analyticsKeys.features(p),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/analytics/product/features', { params: { query: days(p) }, signal })),
    placeholderData: keepPreviousData,
  });

export const funnelsQuery = queryOptions({
  queryKey: analyticsKeys.funnels,
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/analytics/product/funnels', { signal })).items,
});

export const funnelResultsQuery = (id: string, p: Days) =>
  queryOptions({
    queryKey: analyticsKeys.funnelResults(id, p),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/analytics/product/funnels/{id}/results', {
          params: { path: { id }, query: days(p) },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });

export const retentionQuery = (p: Days, weeks: number) =>
  queryOptions({
    queryKey: analyticsKeys.retention(p, weeks),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/analytics/product/retention', { params: { query: { ...days(p), weeks } }, signal })),
    placeholderData: keepPreviousData,
  });

export const heatmapQuery = (p: Days, route: string) =>
  queryOptions({
    queryKey: analyticsKeys.heatmap(p, route),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/analytics/product/heatmap', { params: { query: { ...days(p), route } }, signal })),
    enabled: route !== '',
  });

export const errorsQuery = (p: Days) =>
  queryOptions({
    queryKey: analyticsKeys.errors(p),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/analytics/product/errors', { params: { query: { ...days(p), limit: 100 } }, signal }),
      ),
    placeholderData: keepPreviousData,
  });

export const recordingsQuery = (p: Days) =>
  infiniteQueryOptions({
    queryKey: analyticsKeys.recordings(p),
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/analytics/product/recordings', {
          params: { query: { ...days(p), limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

export const recordingQuery = (sessionId: string) =>
  queryOptions({
    queryKey: analyticsKeys.recording(sessionId),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/analytics/product/recordings/{sessionId}', { params: { path: { sessionId } }, signal }),
      ),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const flagsQuery = queryOptions({
  queryKey: analyticsKeys.flags,
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/analytics/flags', { signal })).items,
});

export const experimentQuery = (id: string) =>
  queryOptions({
    queryKey: analyticsKeys.experiment(id),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/analytics/flags/{id}/results', { params: { path: { id } }, signal })),
    retry: false,
  });

export const alertsQuery = queryOptions({
  queryKey: analyticsKeys.alerts,
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/analytics/alerts', { signal })).items,
});
