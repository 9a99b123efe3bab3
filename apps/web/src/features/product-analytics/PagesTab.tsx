import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { intlLocale } from '../../app/i18n.ts';
import { barChart } from '../../ui/charts/builders.ts';
import { Chart } from '../../ui/charts/Chart.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { durationText } from './labels.ts';
import type { Period } from './period.ts';
import { pagesQuery } from './queries.ts';

/** The most viewed pages: views, users, median and 80th percentile of the time on page, average scroll. */
export function PagesTab({ period }: { period: Period }) {
  const { t, i18n } = useTranslation('product-analytics');
  const fmt = useFormat();
  const pages = useQuery(pagesQuery(period));
  const items = pages.data?.items;
  const locale = intlLocale(i18n.language);

  const spec = useMemo(() => {
    const top = (items ?? []).slice(0, 10);
    return barChart({
      categoryLabel: t('pages.route'),
      categories: top.map((p) => p.route),
      series: [
        { name: t('pages.views'), data: top.map((p) => p.views) },
        { name: t('pages.users'), data: top.map((p) => p.users) },
      ],
      horizontal: true,
      format: (v) => fmt.number(v),
      integers: true,
    });
  }, [items, t, fmt]);

  return (
    <Stack gap="md">
      {pages.error && <ProblemAlert error={pages.error} />}
      <Chart spec={spec} label={t('pages.chart')} loading={pages.isPending} height={340} />
      <SimpleTable
        minWidth={760}
        rows={items}
        pending={pages.isPending}
        rowKey={(p) => p.route}
        rowTestId="page-row"
        empty={<EmptyState title={t('pages.empty')} />}
        columns={[
          {
            key: 'route',
            header: t('pages.route'),
            render: (p) => (
              <Text size="sm" ff="monospace">
                {p.route}
              </Text>
            ),
          },
          { key: 'views', header: t('pages.views'), align: 'right', nowrap: true, render: (p) => fmt.number(p.views) },
          { key: 'users', header: t('pages.users'), align: 'right', nowrap: true, render: (p) => fmt.number(p.users) },
          {
            key: 'median',
            header: t('pages.median'),
            align: 'right',
            nowrap: true,
            render: (p) => durationText(t, locale, p.medianSeconds),
          },
          {
            key: 'p80',
            header: t('pages.p80'),
            align: 'right',
            nowrap: true,
            render: (p) => durationText(t, locale, p.p80Seconds),
          },
          {
            key: 'scroll',
            header: t('pages.scroll'),
            align: 'right',
            nowrap: true,
            render: (p) => fmt.percent(p.avgScrollPercent),
          },
        ]}
      />
    </Stack>
  );
}
