import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { IconZzz } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { barChart } from '../../ui/charts/builders.ts';
import { Chart } from '../../ui/charts/Chart.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { eventLabel } from './labels.ts';
import type { Period } from './period.ts';
import { featuresQuery } from './queries.ts';

/** Use per feature of the catalogue, and the features nobody used in the period. */
export function FeaturesTab({ period }: { period: Period }) {
  const { t } = useTranslation('product-analytics');
  const fmt = useFormat();
  const features = useQuery(featuresQuery(period));
  const used = useMemo(
    () => (features.data?.features ?? []).filter((f) => f.events > 0).sort((a, b) => b.events - a.events),
    [features.data],
  );
  const neverUsed = features.data?.neverUsed ?? [];

  const spec = useMemo(
    () =>
      barChart({
        categoryLabel: t('features.feature'),
        categories: used.map((f) => t(`featureNames.${f.feature}`)),
        series: [
          { name: t('features.events'), data: used.map((f) => f.events) },
          { name: t('features.users'), data: used.map((f) => f.users) },
        ],
        horizontal: true,
        format: (v) => fmt.number(v),
        integers: true,
      }),
    [used, t, fmt],
  );

  return (
    <Stack gap="md">
      {features.error && <ProblemAlert error={features.error} />}
      {features.data &&
        (neverUsed.length > 0 ? (
          <Alert color="orange" icon={<IconZzz size={18} />} title={t('features.neverUsed')} data-testid="never-used">
            <Text size="sm" mb="xs">
              {t('features.neverUsedHint')}
            </Text>
            <Group gap="xs">
              {neverUsed.map((f) => (
                <Badge key={f} color="orange" variant="light" size="lg" tt="none">
                  {t(`featureNames.${f}`)}
                </Badge>
              ))}
            </Group>
          </Alert>
        ) : (
          <Alert color="teal">{t('features.allUsed')}</Alert>
        ))}
      <Chart
        spec={spec}
        label={t('features.chart')}
        loading={features.isPending}
        height={Math.max(220, used.length * 36)}
      />
      <SimpleTable
        minWidth={640}
        rows={used}
        pending={features.isPending}
        rowKey={(f) => f.feature}
        columns={[
          { key: 'feature', header: t('features.feature'), render: (f) => t(`featureNames.${f.feature}`) },
          {
            key: 'events',
            header: t('features.events'),
            align: 'right',
            nowrap: true,
            render: (f) => fmt.number(f.events),
          },
          {
            key: 'users',
            header: t('features.users'),
            align: 'right',
            nowrap: true,
            render: (f) => fmt.number(f.users),
          },
          {
            key: 'detail',
            header: t('features.detail'),
            render: (f) => (
              <Text size="xs" c="dimmed">
                {f.byEvent.map((e) => `${eventLabel(t, e.event)} : ${fmt.number(e.count)}`).join(' · ')}
              </Text>
            ),
          },
        ]}
      />
    </Stack>
  );
}
