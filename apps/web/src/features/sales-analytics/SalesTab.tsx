import { Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { useDealStatusChart, useForecastChart, useRevenueChart } from '../../app/sales-analytics/charts.ts';
import { type Hub, useBucketLabel, useMoney } from '../../app/sales-analytics/hub.ts';
import { salesQuery } from '../../app/sales-analytics/queries.ts';
import { bucketDays, drill } from '../../app/sales-analytics/view.ts';
import { barChart, funnelChart, lineChart, type TreeItem, treemapChart } from '../../ui/charts/builders.ts';
import { Chart } from '../../ui/charts/Chart.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { Kpi, KpiGrid } from './Kpi.tsx';

/** The change from `previous` to `current` in %, one decimal; null when there was nothing before. */
export function change(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 1000) / 10;
}

/** Ventes: key figures, revenue, cumulative revenue, forecast, funnel, deal status, top organisations, funds. */
export function SalesTab({ hub }: { hub: Hub }) {
  const { t } = useTranslation('sales-analytics');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const label = useBucketLabel();
  const { view, query, refresh, footer } = hub;
  const { chart: revenueChart, revenue } = useRevenueChart(hub);
  const { chart: forecastChart, forecast } = useForecastChart(hub);
  const { chart: statusChart } = useDealStatusChart(hub);
  const funnel = useQuery(salesQuery('funnel', query, refresh));
  const top = useQuery(salesQuery('top-organisations', query, refresh));
  const funds = useQuery(salesQuery('revenue-by-category', query, refresh));

  const r = revenue.data;
  const f = forecast.data;
  const signed = (v: number | null) =>
    v === null ? t('kpi.noPrevious') : t('kpi.vsPrevious', { change: `${v > 0 ? '+' : ''}${fmt.number(v, 1)} %` });

  const cumulativeSpec = useMemo(() => {
    const series = r?.series ?? [];
    let won = 0;
    let target = 0;
    const hasTarget = series.some((s) => s.target !== null);
    const cumulative = series.map((s) => {
      won += s.amount;
      target += s.target ?? 0;
      return { won, target };
    });
    const spec = lineChart({
      categoryLabel: t('common.bucket'),
      categories: series.map((s) => label(s.bucket, view.granularity)),
      series: [
        { name: t('revenue.cumulative'), data: cumulative.map((c) => c.won) },
        ...(hasTarget ? [{ name: t('revenue.cumulativeTarget'), data: cumulative.map((c) => c.target) }] : []),
      ],
      format: money.short,
    });
    // Nothing won in the period: a flat line at zero says less than the empty state.
    return { ...spec, empty: spec.empty || won === 0 };
  }, [r, view, t, label, money]);

  const funnelSpec = useMemo(
    () =>
      funnelChart({
        stepLabel: t('funnel.stage'),
        valueLabel: t('funnel.reached'),
        shareLabel: t('funnel.share'),
        steps: (funnel.data?.steps ?? []).map((s) => ({ name: tc(`enums.stage.${s.stage}`), value: s.reached })),
        shareFormat: (v) => `${fmt.number(v, 1)} %`,
      }),
    [funnel.data, t, tc, fmt],
  );

  const topItems = top.data?.items ?? [];
  const topSpec = useMemo(
    () =>
      barChart({
        categoryLabel: t('top.organisation'),
        categories: topItems.map((o) => o.name),
        series: [{ name: t('revenue.amount'), data: topItems.map((o) => o.amount) }],
        format: money.short,
        horizontal: true,
      }),
    [topItems, t, money],
  );
  const topDrill = (i: number) => {
    const o = topItems[i];
    return o ? drill.closed(view, view, { organisationId: o.organisationId }) : null;
  };

  const fundSpec = useMemo(() => {
    const tree = new Map<string, Map<string, TreeItem[]>>();
    for (const item of funds.data?.items ?? []) {
      const asset = item.assetClass ?? t('category.none');
      const category = item.category ?? t('category.none');
      const byCategory = tree.get(asset) ?? new Map<string, TreeItem[]>();
      tree.set(asset, byCategory);
      const leaves = byCategory.get(category) ?? [];
      byCategory.set(category, leaves);
      leaves.push({
        name: item.name ?? t('category.noFund'),
        value: item.amount,
        ...(item.produitId ? { id: item.produitId } : {}),
      });
    }
    const sum = (items: TreeItem[]) => Math.round(items.reduce((a, i) => a + i.value, 0) * 100) / 100;
    const items = [...tree].map(([asset, byCategory]) => {
      const children = [...byCategory].map(([category, leaves]) => ({
        name: category,
        value: sum(leaves),
        children: leaves,
      }));
      return { name: asset, value: sum(children), children };
    });
    return treemapChart({ nameLabel: t('category.fund'), valueLabel: t('revenue.amount'), items });
  }, [funds.data, t]);

  const lastWeek = f?.lastWeek;
  const attainment = r?.target.total ? Math.round((r.totals.amount / r.target.total) * 1000) / 10 : null;

  return (
    <Stack gap="md">
      <KpiGrid>
        <Kpi
          label={t('kpi.wonAmount')}
          value={fmt.money(r?.totals.amount ?? 0)}
          loading={revenue.isPending}
          hint={
            r &&
            (view.compare
              ? signed(change(r.totals.amount, r.previous.totals.amount))
              : attainment !== null && r.target.total !== null
                ? t('kpi.target', { pct: `${fmt.number(attainment, 1)} %`, target: fmt.money(r.target.total) })
                : t('kpi.noTarget'))
          }
        />
        <Kpi
          label={t('kpi.wonCount')}
          value={fmt.number(r?.totals.won ?? 0)}
          loading={revenue.isPending}
          hint={
            r &&
            (r.otherCurrencies
              ? t('kpi.otherCurrencies', { count: r.otherCurrencies })
              : view.compare
                ? signed(change(r.totals.won, r.previous.totals.won))
                : undefined)
          }
        />
        <Kpi label={t('kpi.commission')} value={fmt.money(r?.totals.commission ?? 0)} loading={revenue.isPending} />
        <Kpi
          label={t('kpi.weighted')}
          value={fmt.money(f?.totals.weighted ?? 0)}
          loading={forecast.isPending}
          hint={f && t('kpi.openCount', { count: f.totals.count })}
        />
      </KpiGrid>
      <Chart
        {...revenueChart}
        extra={
          // Nothing to click in an empty chart.
          revenueChart.spec.empty ? null : (
            <Text size="xs" c="dimmed">
              {t('common.drillHint')}
            </Text>
          )
        }
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Chart
          spec={cumulativeSpec}
          label={t('revenue.cumulative')}
          loading={revenue.isPending}
          format={money.full}
          footer={footer}
          drill={{
            // The mandates won from the start of the period to the end of the bucket clicked.
            click: (c) => {
              const bucket = r?.series[c.dataIndex]?.bucket;
              return bucket
                ? drill.closed(view, { from: view.from, to: bucketDays(bucket, view.granularity, view).to })
                : null;
            },
          }}
        />
        <Chart {...forecastChart} />
      </SimpleGrid>
      {f && lastWeek && (
        <Paper withBorder p="sm" radius="md" data-testid="forecast-moves">
          <Text size="sm" fw={600} mb={4}>
            {t('forecast.lastWeek')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3, md: 6 }} spacing="xs">
            <Text size="sm">
              {t('common.labelled', {
                label: t('forecast.created'),
                value: `${lastWeek.created.count} · ${fmt.money(lastWeek.created.amount)}`,
              })}
            </Text>
            <Text size="sm">
              {t('common.labelled', {
                label: t('forecast.wonLastWeek'),
                value: `${lastWeek.won.count} · ${fmt.money(lastWeek.won.amount)}`,
              })}
            </Text>
            <Text size="sm">
              {t('common.labelled', {
                label: t('forecast.lost'),
                value: `${lastWeek.lost.count} · ${fmt.money(lastWeek.lost.amount)}`,
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('common.labelled', { label: t('forecast.overdue'), value: fmt.number(f.overdue.count) })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('common.labelled', { label: t('forecast.later'), value: fmt.number(f.later.count) })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('common.labelled', { label: t('forecast.undated'), value: fmt.number(f.undated.count) })}
            </Text>
          </SimpleGrid>
        </Paper>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Stack gap="xs">
          <Chart
            spec={funnelSpec}
            label={t('funnel.chart')}
            loading={funnel.isPending}
            footer={footer}
            extra={
              <Text size="xs" c="dimmed">
                {t('funnel.hint')}
              </Text>
            }
          />
          {/* Nothing created in the period: the funnel's empty state says it, not a table of zeros. */}
          {(funnel.isPending || funnel.data?.steps.some((s) => s.reached > 0)) && (
            <SimpleTable
              minWidth={640}
              rows={funnel.data?.steps}
              pending={funnel.isPending}
              rowKey={(s) => s.stage}
              rowTestId="funnel-row"
              columns={[
                { key: 'stage', header: t('funnel.stage'), render: (s) => tc(`enums.stage.${s.stage}`) },
                { key: 'reached', header: t('funnel.reached'), align: 'right', render: (s) => fmt.number(s.reached) },
                {
                  key: 'conversion',
                  header: t('funnel.conversion'),
                  align: 'right',
                  render: (s) =>
                    s.conversionFromPrevious === null ? '—' : `${fmt.number(s.conversionFromPrevious, 1)} %`,
                },
                { key: 'lost', header: t('funnel.lostFrom'), align: 'right', render: (s) => fmt.number(s.lostFrom) },
                {
                  key: 'median',
                  header: t('funnel.median'),
                  align: 'right',
                  nowrap: true,
                  render: (s) => (s.medianDays === null ? '—' : t('common.days', { n: fmt.number(s.medianDays, 1) })),
                },
                {
                  key: 'p80',
                  header: t('funnel.p80'),
                  align: 'right',
                  nowrap: true,
                  render: (s) => (s.p80Days === null ? '—' : t('common.days', { n: fmt.number(s.p80Days, 1) })),
                },
              ]}
            />
          )}
        </Stack>
        <Chart {...statusChart} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Chart
          spec={topSpec}
          label={t('top.chart')}
          loading={top.isPending}
          format={money.full}
          footer={footer}
          height={320}
          drill={{ click: (c) => topDrill(c.dataIndex), rows: topItems.map((_, i) => topDrill(i)) }}
        />
        <Chart
          spec={fundSpec}
          label={t('category.chart')}
          loading={funds.isPending}
          format={money.full}
          footer={footer}
          height={320}
          drill={{
            // A fund (a leaf) opens its page; a class or a category zooms in.
            click: (c) => {
              const id = (c.data as { id?: string } | null)?.id;
              return id ? `/produits/${id}` : null;
            },
          }}
        />
      </SimpleGrid>
    </Stack>
  );
}
