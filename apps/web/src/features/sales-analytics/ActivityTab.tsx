import { Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useActivityTrendsChart, wonPerBucketDrill } from '../../app/sales-analytics/charts.ts';
import { type Hub, useBucketLabel, useCalendarNames } from '../../app/sales-analytics/hub.ts';
import { salesQuery } from '../../app/sales-analytics/queries.ts';
import { apiQuery, laterDay, previousRange } from '../../app/sales-analytics/view.ts';
import { calendarChart, lineChart, pieChart } from '../../ui/charts/builders.ts';
import { Chart } from '../../ui/charts/Chart.tsx';

/** FullCalendar and its plugins: a chunk of its own, fetched when the Activité tab opens. */
const PlanningCalendar = lazy(() => import('./PlanningCalendar.tsx'));

/** The calendar heatmap draws one year at most: the last 366 days of a longer period. */
const CALENDAR_DAYS = 366;

/** Activité: interactions per day (calendar heatmap), meetings, pitches and closings over time, the planning. */
export function ActivityTab({ hub }: { hub: Hub }) {
  const { t } = useTranslation('sales-analytics');
  const { t: tc } = useTranslation();
  const label = useBucketLabel();
  const names = useCalendarNames();
  const { view, query, refresh, footer } = hub;
  const activity = useQuery(salesQuery('activity', query, refresh));
  const { chart: trendChart, trends } = useActivityTrendsChart(hub);
  const previousQuery = useMemo(() => apiQuery({ ...view, ...previousRange(view) }), [view]);
  const previous = useQuery({ ...salesQuery('activity-trends', previousQuery, refresh), enabled: view.compare });

  const calendarSpec = useMemo(() => {
    const days = activity.data?.days ?? [];
    const first = dayjs(view.to)
      .subtract(CALENDAR_DAYS - 1, 'day')
      .format('YYYY-MM-DD');
    const from = laterDay(view.from, first);
    return calendarChart({
      dayLabel: t('activity.day'),
      valueLabel: t('activity.interactions'),
      range: [from, view.to],
      days: days.filter((d) => d.day >= from).map((d) => [d.day, d.total] as [string, number]),
      names,
    });
  }, [activity.data, view, t, names]);

  const series = trends.data?.series ?? [];
  const closingsSpec = useMemo(() => {
    const before = previous.data?.series ?? [];
    const spec = lineChart({
      categoryLabel: t('common.bucket'),
      categories: series.map((s) => label(s.bucket, view.granularity)),
      series: [
        { name: t('activity.closings'), data: series.map((s) => s.closings) },
        ...(view.compare
          ? [{ name: t('activity.previousClosings'), data: series.map((_, i) => before[i]?.closings ?? null) }]
          : []),
      ],
      integers: true,
    });
    const none = (rows: { closings: number }[]) => rows.every((r) => r.closings === 0);
    return { ...spec, empty: spec.empty || (none(series) && none(before)) };
  }, [series, previous.data, view, t, label]);

  const totals = activity.data?.totals ?? {};
  const typeSpec = useMemo(
    () =>
      pieChart({
        nameLabel: t('activity.type'),
        valueLabel: t('activity.interactions'),
        items: Object.entries(totals)
          .filter(([, n]) => n > 0)
          .map(([type, n]) => ({ name: tc(`enums.interactionType.${type as 'appel'}`), value: n })),
      }),
    [totals, t, tc],
  );
  // The mandates won in the bucket, whatever their currency (the series counts them all).
  const closingsDrill = wonPerBucketDrill(
    view,
    series.map((s) => s.bucket),
    { currency: '' },
  );

  return (
    <Stack gap="md">
      <Chart
        spec={calendarSpec}
        label={t('activity.calendar')}
        loading={activity.isPending}
        footer={footer}
        height={200}
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Chart {...trendChart} />
        <Chart spec={typeSpec} label={t('activity.byType')} loading={activity.isPending} footer={footer} />
      </SimpleGrid>
      <Chart
        spec={closingsSpec}
        label={t('activity.closings')}
        loading={trends.isPending}
        footer={footer}
        extra={
          // Nothing to click in an empty chart.
          closingsSpec.empty ? null : (
            <Text size="xs" c="dimmed">
              {t('common.drillHint')}
            </Text>
          )
        }
        drill={closingsDrill}
      />
      <Paper withBorder p="sm" radius="md">
        <Text fw={600} size="sm" mb="xs">
          {t('planning.title')}
        </Text>
        <Suspense fallback={<Skeleton height={480} aria-label={t('planning.loading')} />}>
          <PlanningCalendar view={view} />
        </Suspense>
      </Paper>
    </Stack>
  );
}
