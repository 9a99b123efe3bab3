import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { comboChart, lineChart, pieChart } from '../../ui/charts/builders.ts';
import type { ChartProps } from '../../ui/charts/Chart.tsx';
import { type Hub, useBucketLabel, useMoney } from './hub.ts';
import { salesQuery } from './queries.ts';
import { bucketDays, drill, type SalesView } from './view.ts';

/**
 * The sales charts shown both on the `/analytics` hub and on the home page: each hook fetches its endpoint for the
 * hub's view and returns the props of a `<Chart>` (spec, label, loading state, table format, drill-through, footer),
 * so that both pages draw, export and drill the same way (docs/SALES_ANALYTICS.md, "Web app").
 */
type SalesChart = Pick<ChartProps, 'spec' | 'label' | 'loading' | 'format' | 'drill' | 'footer'>;

/**
 * The drill-through of a series over the view's buckets whose first series counts mandates won (the revenue's bars,
 * the closings' line): a click on it, or a row of the data table, opens the mandates won in that bucket's days.
 * `extra` adds to (or, with '', takes off) the list's filters.
 */
export function wonPerBucketDrill(
  view: SalesView,
  buckets: string[],
  extra: Record<string, string> = {},
): NonNullable<ChartProps['drill']> {
  const days = buckets.map((bucket) => bucketDays(bucket, view.granularity, view));
  return {
    click: (c) => {
      const d = days[c.dataIndex];
      return c.seriesIndex === 0 && d ? drill.closed(view, d, extra) : null;
    },
    rows: days.map((d) => drill.closed(view, d, extra)),
  };
}

/** Revenue won per bucket (bars), with the previous period and a year before when comparing, and the target. */
export function useRevenueChart(hub: Hub) {
  const { t } = useTranslation('sales-analytics');
  const money = useMoney();
  const label = useBucketLabel();
  const { view, query, refresh, footer } = hub;
  const revenue = useQuery(salesQuery('revenue', query, refresh));
  const r = revenue.data;
  const chart = useMemo((): SalesChart => {
    const series = r?.series ?? [];
    const hasTarget = series.some((s) => s.target !== null);
    return {
      label: t('revenue.chart'),
      loading: revenue.isPending,
      format: money.full,
      footer,
      spec: comboChart({
        categoryLabel: t('common.bucket'),
        categories: series.map((s) => label(s.bucket, view.granularity)),
        bars: [{ name: t('revenue.amount'), data: series.map((s) => s.amount) }],
        lines: [
          ...(view.compare
            ? [
                { name: t('revenue.previous'), data: series.map((s) => s.previousAmount) },
                { name: t('revenue.yearAgo'), data: series.map((s) => s.yearAgoAmount) },
              ]
            : []),
          ...(hasTarget ? [{ name: t('revenue.target'), data: series.map((s) => s.target) }] : []),
        ],
        format: money.short,
        sameAxis: true,
      }),
      drill: wonPerBucketDrill(
        view,
        series.map((s) => s.bucket),
      ),
    };
  }, [r, revenue.isPending, view, footer, t, label, money]);
  return { chart, revenue };
}

/** The open pipeline by month of expected closing: already won, weighted, the unweighted rest, and the target. */
export function useForecastChart(hub: Hub) {
  const { t } = useTranslation('sales-analytics');
  const money = useMoney();
  const label = useBucketLabel();
  const { view, query, refresh, footer } = hub;
  const forecast = useQuery(salesQuery('forecast', query, refresh));
  const f = forecast.data;
  const chart = useMemo((): SalesChart => {
    const months = f?.months ?? [];
    const hasTarget = months.some((m) => m.target !== null);
    const days = months.map((m) => bucketDays(m.bucket, 'month', view));
    return {
      label: t('forecast.chart'),
      loading: forecast.isPending,
      format: money.full,
      footer,
      spec: comboChart({
        categoryLabel: t('forecast.month'),
        categories: months.map((m) => label(m.bucket, 'month')),
        bars: [
          { name: t('forecast.won'), data: months.map((m) => m.won) },
          { name: t('forecast.weighted'), data: months.map((m) => m.weighted) },
          { name: t('forecast.rest'), data: months.map((m) => Math.round((m.amount - m.weighted) * 100) / 100) },
        ],
        lines: hasTarget ? [{ name: t('forecast.target'), data: months.map((m) => m.target) }] : [],
        format: money.short,
        sameAxis: true,
        stackBars: true,
      }),
      drill: {
        // The open mandates expected that month (the weighted and unweighted bars; "already won" are closed).
        click: (c) => {
          const d = days[c.dataIndex];
          return c.seriesIndex > 0 && d ? drill.expected(view, d) : null;
        },
        rows: days.map((d) => drill.expected(view, d)),
      },
    };
  }, [f, forecast.isPending, view, footer, t, label, money]);
  return { chart, forecast };
}

/** The mandates created in the period by their current stage (a donut). */
export function useDealStatusChart(hub: Hub) {
  const { t } = useTranslation('sales-analytics');
  const { t: tc } = useTranslation();
  const { view, query, refresh, footer } = hub;
  const status = useQuery(salesQuery('deal-status', query, refresh));
  const chart = useMemo((): SalesChart => {
    const stages = status.data?.stages ?? [];
    return {
      label: t('dealStatus.chart'),
      loading: status.isPending,
      footer,
      spec: pieChart({
        nameLabel: t('dealStatus.stage'),
        valueLabel: t('common.count'),
        items: stages.map((s) => ({ name: tc(`enums.stage.${s.stage}`), value: s.count })),
        donut: true,
      }),
      drill: {
        click: (c) => {
          const stage = stages[c.dataIndex]?.stage;
          return stage ? drill.created(view, stage) : null;
        },
        rows: stages.map((s) => drill.created(view, s.stage)),
      },
    };
  }, [status.data, status.isPending, view, footer, t, tc]);
  return { chart };
}

/** Meetings, pitches, calls and e-mails logged per bucket, stacked. */
export function useActivityTrendsChart(hub: Hub) {
  const { t } = useTranslation('sales-analytics');
  const label = useBucketLabel();
  const { view, query, refresh, footer } = hub;
  const trends = useQuery(salesQuery('activity-trends', query, refresh));
  const chart = useMemo((): SalesChart => {
    const series = trends.data?.series ?? [];
    const chart: SalesChart = {
      label: t('activity.trends'),
      loading: trends.isPending,
      footer,
      spec: lineChart({
        categoryLabel: t('common.bucket'),
        categories: series.map((s) => label(s.bucket, view.granularity)),
        series: [
          { name: t('activity.meetings'), data: series.map((s) => s.meetings) },
          { name: t('activity.pitches'), data: series.map((s) => s.pitches) },
          { name: t('activity.calls'), data: series.map((s) => s.calls) },
          { name: t('activity.emails'), data: series.map((s) => s.emails) },
        ],
        area: true,
        stacked: true,
        integers: true,
      }),
    };
    // Nothing logged in the period: the empty state rather than flat lines at zero.
    const quiet = series.every((s) => s.meetings + s.pitches + s.calls + s.emails === 0);
    return { ...chart, spec: { ...chart.spec, empty: chart.spec.empty || quiet } };
  }, [trends.data, trends.isPending, view, footer, t, label]);
  return { chart, trends };
}
