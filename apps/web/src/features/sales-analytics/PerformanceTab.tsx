import { Anchor, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Schemas } from '../../api/client.ts';
import { useFormat } from '../../app/format.ts';
import { type Hub, useMoney } from '../../app/sales-analytics/hub.ts';
import { salesQuery } from '../../app/sales-analytics/queries.ts';
import { drill } from '../../app/sales-analytics/view.ts';
import { barChart, comboChart, radarChart } from '../../ui/charts/builders.ts';
import { Chart } from '../../ui/charts/Chart.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { Kpi, KpiGrid } from './Kpi.tsx';

/** The radar compares this many people at most (the first by amount won): more would be unreadable. */
const RADAR_PEOPLE = 6;

type Person = Schemas['SalesPerformance']['users'][number];

/**
 * Performance: per sales person, a profile (radar), the amount won, wins and losses with the win rate, the detail.
 * One person alone (a sales person who sees only their own records, or one picked): their figures, nothing to
 * compare with. Nobody active in the period: the charts' empty states, no empty table.
 */
export function PerformanceTab({ hub }: { hub: Hub }) {
  const { t } = useTranslation('sales-analytics');
  const fmt = useFormat();
  const money = useMoney();
  const { view, query, refresh, footer } = hub;
  const performance = useQuery(salesQuery('performance', query, refresh));
  const users = performance.data?.users ?? [];

  const radarSpec = useMemo(() => {
    const axes = [
      { name: t('performance.interactions'), value: (u: (typeof users)[number]) => u.interactions },
      { name: t('performance.opened'), value: (u: (typeof users)[number]) => u.opened },
      { name: t('performance.won'), value: (u: (typeof users)[number]) => u.won },
      { name: t('performance.winRate'), value: (u: (typeof users)[number]) => u.winRate ?? 0 },
      { name: t('performance.wonAmount'), value: (u: (typeof users)[number]) => u.wonAmount },
      { name: t('performance.averageDeal'), value: (u: (typeof users)[number]) => u.averageDeal ?? 0 },
    ];
    // Each axis runs from 0 to the best of the people shown: a profile reads as shares of the best.
    return radarChart({
      indicators: axes.map((a) => ({ name: a.name, max: Math.max(1, ...users.map(a.value)) })),
      series: users.slice(0, RADAR_PEOPLE).map((u) => ({ name: u.name, values: axes.map((a) => a.value(u)) })),
    });
  }, [users, t]);

  const wonSpec = useMemo(
    () =>
      barChart({
        categoryLabel: t('performance.user'),
        categories: users.map((u) => u.name),
        series: [{ name: t('performance.wonAmount'), data: users.map((u) => u.wonAmount) }],
        format: money.short,
        horizontal: true,
      }),
    [users, t, money],
  );

  const outcomesSpec = useMemo(
    () =>
      comboChart({
        categoryLabel: t('performance.user'),
        categories: users.map((u) => u.name),
        bars: [
          { name: t('performance.won'), data: users.map((u) => u.won) },
          { name: t('performance.lost'), data: users.map((u) => u.lost) },
        ],
        lines: [{ name: t('performance.winRate'), data: users.map((u) => u.winRate) }],
        lineFormat: (v) => `${fmt.number(v, 1)} %`,
        integers: true,
      }),
    [users, t, fmt],
  );

  const userDrill = (i: number) => {
    const u = users[i];
    return u ? drill.ownerWon(view, u.userId) : null;
  };

  const [alone] = users;
  if (alone && users.length === 1) return <OnePerson person={alone} hub={hub} />;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Chart
          spec={radarSpec}
          label={t('performance.radar')}
          loading={performance.isPending}
          footer={footer}
          height={340}
          extra={
            <Text size="xs" c="dimmed">
              {t('performance.radarHint')}
            </Text>
          }
          drill={{ click: (c) => userDrill(c.dataIndex) }}
        />
        <Chart
          spec={wonSpec}
          label={t('performance.wonChart')}
          loading={performance.isPending}
          format={money.full}
          footer={footer}
          height={340}
          drill={{ click: (c) => userDrill(c.dataIndex), rows: users.map((_, i) => userDrill(i)) }}
        />
      </SimpleGrid>
      <Chart
        spec={outcomesSpec}
        label={t('performance.outcomes')}
        loading={performance.isPending}
        footer={footer}
        drill={{ click: (c) => (c.seriesIndex === 0 ? userDrill(c.dataIndex) : null) }}
      />
      {(performance.isPending || users.length > 0) && (
        <>
          <Text fw={600} size="sm">
            {t('performance.table')}
          </Text>
          <SimpleTable
            minWidth={900}
            rows={users}
            pending={performance.isPending}
            rowKey={(u) => u.userId}
            rowTestId="performance-row"
            columns={[
              {
                key: 'user',
                header: t('performance.user'),
                render: (u) => (
                  <Anchor component={Link} to={drill.ownerWon(view, u.userId)} size="sm">
                    {u.name}
                  </Anchor>
                ),
              },
              {
                key: 'interactions',
                header: t('performance.interactions'),
                align: 'right',
                render: (u) => fmt.number(u.interactions),
              },
              { key: 'opened', header: t('performance.opened'), align: 'right', render: (u) => fmt.number(u.opened) },
              { key: 'won', header: t('performance.won'), align: 'right', render: (u) => fmt.number(u.won) },
              { key: 'lost', header: t('performance.lost'), align: 'right', render: (u) => fmt.number(u.lost) },
              {
                key: 'winRate',
                header: t('performance.winRate'),
                align: 'right',
                render: (u) => (u.winRate === null ? '—' : `${fmt.number(u.winRate, 1)} %`),
              },
              {
                key: 'wonAmount',
                header: t('performance.wonAmount'),
                align: 'right',
                nowrap: true,
                render: (u) => fmt.money(u.wonAmount),
              },
              {
                key: 'averageDeal',
                header: t('performance.averageDeal'),
                align: 'right',
                nowrap: true,
                render: (u) => (u.averageDeal === null ? '—' : fmt.money(u.averageDeal)),
              },
              {
                key: 'cycle',
                header: t('performance.cycle'),
                align: 'right',
                nowrap: true,
                render: (u) => (u.cycleDays === null ? '—' : t('common.days', { n: fmt.number(u.cycleDays, 1) })),
              },
            ]}
          />
        </>
      )}
    </Stack>
  );
}

/** One person's figures over the period, as key figures; the mandates won open the list behind them. */
function OnePerson({ person: u, hub }: { person: Person; hub: Hub }) {
  const { t } = useTranslation('sales-analytics');
  const fmt = useFormat();
  const navigate = useNavigate();
  const days = (n: number | null) => (n === null ? '—' : t('common.days', { n: fmt.number(n, 1) }));
  return (
    <Stack gap="sm" data-testid="performance-one">
      <Text fw={600} size="sm">
        {t('performance.one', { name: u.name })}
      </Text>
      <KpiGrid>
        <Kpi label={t('performance.interactions')} value={fmt.number(u.interactions)} />
        <Kpi label={t('performance.opened')} value={fmt.number(u.opened)} />
        <Kpi
          label={t('performance.won')}
          value={fmt.number(u.won)}
          onClick={u.won ? () => navigate(drill.ownerWon(hub.view, u.userId)) : undefined}
        />
        <Kpi label={t('performance.lost')} value={fmt.number(u.lost)} />
        <Kpi label={t('performance.winRate')} value={u.winRate === null ? '—' : `${fmt.number(u.winRate, 1)} %`} />
        <Kpi label={t('performance.wonAmount')} value={fmt.money(u.wonAmount)} />
        <Kpi label={t('performance.averageDeal')} value={u.averageDeal === null ? '—' : fmt.money(u.averageDeal)} />
        <Kpi label={t('performance.cycle')} value={days(u.cycleDays)} />
      </KpiGrid>
    </Stack>
  );
}
