import { Badge, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/format.ts';
import { barChart } from '../../../ui/charts/builders.ts';
import { Chart } from '../../../ui/charts/Chart.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../../ui/SimpleTable.tsx';
import { eventLabel } from '../labels.ts';
import { experimentQuery, type Flag } from '../queries.ts';

/** An experiment's results per variant: exposed, conversions, rate, and against the control lift and confidence. */
export function ExperimentResults({ flag }: { flag: Flag }) {
  const { t } = useTranslation('product-analytics');
  const fmt = useFormat();
  const results = useQuery(experimentQuery(flag.id));
  const r = results.data;
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${fmt.number(v, 1)} %`);

  const spec = useMemo(
    () =>
      barChart({
        categoryLabel: t('flags.variant'),
        categories: (r?.variants ?? []).map((v) => v.key),
        series: [{ name: t('flags.rate'), data: (r?.variants ?? []).map((v) => v.conversionRate) }],
        format: (v) => `${fmt.number(v, 1)} %`,
      }),
    [r, t, fmt],
  );

  if (results.error) return <ProblemAlert error={results.error} />;
  return (
    <Stack gap="sm" data-testid="experiment-results">
      {r && (
        <Text size="sm" c="dimmed">
          {t('flags.experimentTitle', { key: r.key, goal: eventLabel(t, r.goalEvent) })} ·{' '}
          {t('flags.window', { from: fmt.dateTime(r.start), to: fmt.dateTime(r.end) })}
        </Text>
      )}
      <SimpleTable
        minWidth={720}
        rows={r?.variants}
        pending={results.isPending}
        rowKey={(v) => v.key}
        rowTestId="variant-row"
        columns={[
          {
            key: 'key',
            header: t('flags.variant'),
            render: (v) => (
              <Text size="sm">
                <b>{v.key}</b>
                {v.key === r?.control ? ` (${t('flags.control')})` : ''}
              </Text>
            ),
          },
          { key: 'exposed', header: t('flags.exposed'), align: 'right', render: (v) => fmt.number(v.exposed) },
          { key: 'conv', header: t('flags.conversions'), align: 'right', render: (v) => fmt.number(v.conversions) },
          { key: 'rate', header: t('flags.rate'), align: 'right', nowrap: true, render: (v) => pct(v.conversionRate) },
          {
            key: 'lift',
            header: t('flags.lift'),
            align: 'right',
            nowrap: true,
            render: (v) =>
              v.vsControl?.lift == null ? '—' : `${v.vsControl.lift > 0 ? '+' : ''}${pct(v.vsControl.lift)}`,
          },
          {
            key: 'confidence',
            header: t('flags.confidence'),
            align: 'right',
            nowrap: true,
            render: (v) => pct(v.vsControl?.confidence),
          },
          {
            key: 'significant',
            header: t('flags.significance'),
            render: (v) =>
              v.key === r?.control ? (
                '—'
              ) : !v.vsControl ? (
                <Badge color="gray" variant="light">
                  {t('flags.untested')}
                </Badge>
              ) : v.vsControl.significant ? (
                <Badge color="teal">{t('flags.significant')}</Badge>
              ) : (
                <Badge color="orange" variant="light">
                  {t('flags.notSignificant')}
                </Badge>
              ),
          },
        ]}
      />
      <Chart spec={spec} label={t('flags.resultsFor', { key: flag.key })} loading={results.isPending} height={220} />
    </Stack>
  );
}
