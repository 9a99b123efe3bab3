import { SimpleGrid } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { parisToday } from '../../../app/paris-time.ts';
import {
  useActivityTrendsChart,
  useDealStatusChart,
  useForecastChart,
  useRevenueChart,
} from '../../../app/sales-analytics/charts.ts';
import { useHub } from '../../../app/sales-analytics/hub.ts';
import { readView } from '../../../app/sales-analytics/view.ts';
import { Chart } from '../../../ui/charts/Chart.tsx';
import { SectionCard } from './SectionCard.tsx';

/**
 * Four charts of the sales analytics over the last 12 months, by month (the hub's default view): revenue won,
 * forecast, the status of the mandates created, the activity. Each drills through like on `/analytics`, which the
 * card links to.
 */
export function SalesChartsCard() {
  const { t } = useTranslation('home');
  const view = useMemo(() => readView(new URLSearchParams(), parisToday()), []);
  const hub = useHub(view, false);
  const revenue = useRevenueChart(hub).chart;
  const forecast = useForecastChart(hub).chart;
  const status = useDealStatusChart(hub).chart;
  const activity = useActivityTrendsChart(hub).chart;
  return (
    <SectionCard id="home-charts" title={t('charts.title')} link={{ to: '/analytics', label: t('charts.all') }}>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Chart {...revenue} height={240} />
        <Chart {...forecast} height={240} />
        <Chart {...status} height={240} />
        <Chart {...activity} height={240} />
      </SimpleGrid>
    </SectionCard>
  );
}
