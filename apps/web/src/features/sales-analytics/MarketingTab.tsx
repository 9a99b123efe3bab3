import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client.ts';
import { type Hub, useBucketLabel, useMoney } from '../../app/sales-analytics/hub.ts';
import { salesQuery } from '../../app/sales-analytics/queries.ts';
import { drill } from '../../app/sales-analytics/view.ts';
import { barChart, lineChart, mapChart, pieChart, sankeyChart } from '../../ui/charts/builders.ts';
import { Chart } from '../../ui/charts/Chart.tsx';

/**
 * Marketing: the campaign e-mails over time, where won and lost mandates come from, which kinds of organisations and
 * which places bring business.
 */
export function MarketingTab({ hub }: { hub: Hub }) {
  const { t } = useTranslation('sales-analytics');
  const { t: tc } = useTranslation();
  const money = useMoney();
  const { view, query, refresh, footer } = hub;
  const sources = useQuery(salesQuery('sources', query, refresh));
  const types = useQuery(salesQuery('organisation-types', query, refresh));
  const geography = useQuery(salesQuery('geography', query, refresh));
  const lostReasons = useQuery(salesQuery('lost-reasons', query, refresh));
  const emails = useQuery(salesQuery('email-volume', query, refresh));
  const label = useBucketLabel();

  const emailSeries = emails.data?.series ?? [];
  const emailSpec = useMemo(() => {
    const keys = ['sent', 'delivered', 'opened', 'clicked', 'bounced', 'unsubscribed'] as const;
    const spec = lineChart({
      categoryLabel: t('common.bucket'),
      categories: emailSeries.map((s) => label(s.bucket, view.granularity)),
      series: keys.map((k) => ({ name: t(`emails.${k}`), data: emailSeries.map((s) => s[k]) })),
      integers: true,
    });
    return { ...spec, empty: spec.empty || emailSeries.every((s) => s.sent === 0 && s.opened === 0) };
  }, [emailSeries, t, label, view.granularity]);

  const sourceRows = sources.data?.sources ?? [];
  const sourceName = useCallback(
    (s: Schemas['SalesSources']['sources'][number]['source']): string =>
      s ? tc(`enums.source.${s}`) : t('sources.none'),
    [t, tc],
  );
  const won = t('sources.won');
  const lost = t('sources.lost');
  const flows = useMemo(
    () =>
      sourceRows.flatMap((s) => [
        ...(s.won ? [{ source: sourceName(s.source), target: won, value: s.won, code: s.source, stage: 'gagne' }] : []),
        ...(s.lost
          ? [{ source: sourceName(s.source), target: lost, value: s.lost, code: s.source, stage: 'perdu' }]
          : []),
      ]),
    [sourceRows, won, lost, sourceName],
  );
  const flowDrill = (i: number) => {
    const flow = flows[i];
    return flow?.code ? drill.closed(view, view, { source: flow.code }, flow.stage) : null;
  };
  const sankeySpec = useMemo(
    () =>
      sankeyChart({
        sourceLabel: t('sources.source'),
        targetLabel: t('sources.outcome'),
        valueLabel: t('common.count'),
        links: flows.map(({ source, target, value }) => ({ source, target, value })),
      }),
    [flows, t],
  );

  const wonSources = sourceRows.filter((s) => s.wonAmount > 0);
  const sourceAmountSpec = useMemo(
    () =>
      pieChart({
        nameLabel: t('sources.source'),
        valueLabel: t('revenue.amount'),
        items: wonSources.map((s) => ({ name: sourceName(s.source), value: s.wonAmount })),
        format: money.short,
      }),
    [wonSources, t, sourceName, money],
  );
  const wonSourceDrill = (i: number) => {
    const s = wonSources[i];
    return s?.source ? drill.closed(view, view, { source: s.source }) : null;
  };

  const typeRows = types.data?.types ?? [];
  const typeSpec = useMemo(
    () =>
      pieChart({
        nameLabel: t('types.type'),
        valueLabel: t('geography.organisations'),
        items: typeRows.map((r) => ({ name: tc(`enums.organisationType.${r.type}`), value: r.organisations })),
        donut: true,
      }),
    [typeRows, t, tc],
  );
  const typeDrill = (i: number) => {
    const r = typeRows[i];
    return r ? drill.organisations({ type: r.type }) : null;
  };

  const regions = geography.data?.regions ?? [];
  const mapSpec = useMemo(
    () =>
      mapChart({
        map: 'france-regions',
        nameLabel: t('geography.region'),
        valueLabel: t('revenue.amount'),
        areas: regions.map((r) => ({ code: r.code, name: r.name, value: r.amount })),
        format: money.short,
      }),
    [regions, t, money],
  );

  const countries = geography.data?.countries ?? [];
  const countrySpec = useMemo(
    () =>
      barChart({
        categoryLabel: t('geography.country'),
        categories: countries.map((c) => c.countryCode),
        series: [{ name: t('geography.organisations'), data: countries.map((c) => c.organisations) }],
        horizontal: true,
        integers: true,
      }),
    [countries, t],
  );
  const countryDrill = (i: number) => {
    const c = countries[i];
    return c ? drill.organisations({ countryCode: c.countryCode }) : null;
  };
  const unknown = geography.data?.unknown.organisations ?? 0;

  const reasons = lostReasons.data?.reasons ?? [];
  const lostSpec = useMemo(
    () =>
      barChart({
        categoryLabel: t('lost.reason'),
        categories: reasons.map((r) => (r.code ? tc(`enums.lostReason.${r.code}`) : t('lost.none'))),
        series: [{ name: t('lost.count'), data: reasons.map((r) => r.count) }],
        horizontal: true,
        integers: true,
      }),
    [reasons, t, tc],
  );
  const lostDrill = (i: number) => {
    const code = reasons[i]?.code;
    return code ? drill.closed(view, view, { lostReasonCode: code }, 'perdu') : null;
  };

  return (
    <Stack gap="md">
      <Chart
        spec={emailSpec}
        label={t('emails.chart')}
        loading={emails.isPending}
        footer={footer}
        extra={
          <Text size="xs" c="dimmed">
            {t('emails.hint')}
          </Text>
        }
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Chart
          spec={sankeySpec}
          label={t('sources.chart')}
          loading={sources.isPending}
          footer={footer}
          height={320}
          extra={
            // Nothing to click in an empty chart.
            sankeySpec.empty ? null : (
              <Text size="xs" c="dimmed">
                {t('common.drillHint')}
              </Text>
            )
          }
          drill={{
            click: (c) => (c.dataType === 'edge' ? flowDrill(c.dataIndex) : null),
            rows: flows.map((_, i) => flowDrill(i)),
          }}
        />
        <Chart
          spec={sourceAmountSpec}
          label={t('sources.amountChart')}
          loading={sources.isPending}
          format={money.full}
          footer={footer}
          height={320}
          drill={{ click: (c) => wonSourceDrill(c.dataIndex), rows: wonSources.map((_, i) => wonSourceDrill(i)) }}
        />
      </SimpleGrid>
      <Chart
        spec={lostSpec}
        label={t('lost.chart')}
        loading={lostReasons.isPending}
        footer={footer}
        drill={{ click: (c) => lostDrill(c.dataIndex), rows: reasons.map((_, i) => lostDrill(i)) }}
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Chart
          spec={mapSpec}
          label={t('geography.map')}
          loading={geography.isPending}
          format={money.full}
          footer={footer}
          height={420}
          extra={
            unknown ? (
              <Text size="xs" c="dimmed">
                {t('geography.unknown', { count: unknown })}
              </Text>
            ) : null
          }
        />
        <Stack gap="md">
          <Chart
            spec={typeSpec}
            label={t('types.chart')}
            loading={types.isPending}
            footer={footer}
            drill={{ click: (c) => typeDrill(c.dataIndex), rows: typeRows.map((_, i) => typeDrill(i)) }}
          />
          <Chart
            spec={countrySpec}
            label={t('geography.countries')}
            loading={geography.isPending}
            footer={footer}
            height={220}
            drill={{ click: (c) => countryDrill(c.dataIndex), rows: countries.map((_, i) => countryDrill(i)) }}
          />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
