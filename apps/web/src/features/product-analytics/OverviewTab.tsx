import { Badge, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { lineChart } from '../../ui/charts/builders.ts';
import { Chart } from '../../ui/charts/Chart.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { change, type Period } from './period.ts';
import { overviewQuery } from './queries.ts';

const TOTALS = ['views', 'users', 'sessions'] as const;

/** Page views, unique users and sessions over time, with the totals against the previous period. */
export function OverviewTab({ period }: { period: Period }) {
  const { t } = useTranslation('product-analytics');
  const fmt = useFormat();
  const overview = useQuery(overviewQuery(period));
  const o = overview.data;

  const spec = useMemo(
    () =>
      lineChart({
        categoryLabel: t('overview.bucket'),
        categories: (o?.series ?? []).map((s) => fmt.date(`${s.bucket}T12:00:00`)),
        series: TOTALS.map((k) => ({ name: t(`overview.${k}`), data: (o?.series ?? []).map((s) => s[k]) })),
        format: (v) => fmt.number(v),
        integers: true,
      }),
    [o, t, fmt],
  );

  return (
    <>
      {overview.error && <ProblemAlert error={overview.error} />}
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
        {TOTALS.map((k) => {
          const value = o?.totals[k] ?? 0;
          const before = o?.previous.totals[k] ?? 0;
          const delta = o ? change(value, before) : null;
          return (
            <Paper key={k} withBorder p="md" radius="md" data-testid={`total-${k}`}>
              <Text size="sm" c="dimmed">
                {t(`overview.${k}`)}
              </Text>
              <Group gap="xs" align="baseline" wrap="wrap">
                <Text fz={28} fw={700} data-testid="total-value">
                  {o ? fmt.number(value) : '—'}
                </Text>
                {delta !== null && (
                  <Badge color={delta > 0 ? 'teal' : delta < 0 ? 'red' : 'gray'} variant="light">
                    {t('overview.change', { sign: delta > 0 ? '+' : '', value: fmt.number(delta, 1) })}
                  </Badge>
                )}
              </Group>
              {o && (
                <Text size="xs" c="dimmed">
                  {before === 0 ? t('overview.noPrevious') : t('overview.previous', { value: fmt.number(before) })}
                </Text>
              )}
            </Paper>
          );
        })}
      </SimpleGrid>
      <Chart spec={spec} label={t('overview.chart')} loading={overview.isPending} height={320} />
    </>
  );
}
