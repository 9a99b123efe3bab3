import { Badge, Stack } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/format.ts';
import { intlLocale } from '../../../app/i18n.ts';
import { funnelChart } from '../../../ui/charts/builders.ts';
import { Chart } from '../../../ui/charts/Chart.tsx';
import { SimpleTable } from '../../../ui/SimpleTable.tsx';
import { durationText, stepLabel } from '../labels.ts';
import type { FunnelResult } from '../queries.ts';

/** A funnel's result: the funnel chart and, per step, users, conversions, drop-off and median time. */
export function FunnelResults({
  name,
  result,
  loading,
}: {
  name: string;
  result: FunnelResult | undefined;
  loading: boolean;
}) {
  const { t, i18n } = useTranslation('product-analytics');
  const fmt = useFormat();
  const locale = intlLocale(i18n.language);
  const steps = result?.steps ?? [];

  const spec = useMemo(
    () =>
      funnelChart({
        stepLabel: t('funnels.stepName'),
        valueLabel: t('funnels.users'),
        shareLabel: t('funnels.shareOfFirst'),
        steps: steps.map((s) => ({ name: stepLabel(t, s), value: s.users })),
        format: (v) => fmt.number(v),
        shareFormat: (v) => fmt.percent(v),
      }),
    [steps, t, fmt],
  );

  return (
    <Stack gap="md">
      <Chart
        spec={spec}
        label={t('funnels.chart', { name })}
        loading={loading}
        height={Math.max(240, steps.length * 64 + 40)}
        extra={
          result && (
            <Badge variant="light" data-testid="funnel-overall">
              {t('funnels.overall', { value: fmt.percent(result.overallConversion) })}
            </Badge>
          )
        }
      />
      <SimpleTable
        minWidth={760}
        rows={steps}
        pending={loading}
        rowKey={(s) => s.step}
        rowTestId="funnel-step"
        columns={[
          { key: 'step', header: '#', render: (s) => s.step, width: 40 },
          { key: 'name', header: t('funnels.stepName'), render: (s) => stepLabel(t, s) },
          {
            key: 'users',
            header: t('funnels.users'),
            align: 'right',
            nowrap: true,
            render: (s) => fmt.number(s.users),
          },
          {
            key: 'prev',
            header: t('funnels.fromPrevious'),
            align: 'right',
            nowrap: true,
            render: (s) => fmt.percent(s.conversionFromPrevious),
          },
          {
            key: 'first',
            header: t('funnels.fromFirst'),
            align: 'right',
            nowrap: true,
            render: (s) => fmt.percent(s.conversionFromFirst),
          },
          {
            key: 'drop',
            header: t('funnels.dropOff'),
            align: 'right',
            nowrap: true,
            render: (s) => fmt.number(s.dropOff),
          },
          {
            key: 'time',
            header: t('funnels.medianTime'),
            align: 'right',
            nowrap: true,
            render: (s) => durationText(t, locale, s.medianSecondsFromPrevious),
          },
        ]}
      />
    </Stack>
  );
}
