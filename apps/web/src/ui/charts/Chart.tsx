import { ActionIcon, Group, Menu, Paper, Skeleton, Stack, Switch, Table, Text } from '@mantine/core';
import { IconChartBar, IconDownload } from '@tabler/icons-react';
import { lazy, type ReactNode, Suspense, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../EmptyState.tsx';
import { TableScroll } from '../TableScroll.tsx';
import { chartCsv, chartFileName } from './csv.ts';
import type { EChartsInstance } from './EChart.tsx';
import { useChartTheme } from './theme.ts';
import type { ChartCell, ChartSpec, ValueFormat } from './types.ts';

/** ECharts and its canvas: a chunk of its own, fetched when the first chart shows. */
const EChart = lazy(() => import('./EChart.tsx'));

export interface ChartProps {
  spec: ChartSpec;
  /** What the chart shows: its title, its `aria-label` and the exported files' name. */
  label: string;
  height?: number;
  /** The figures are still loading: a skeleton. */
  loading?: boolean;
  /** Instead of the default "no data" text. */
  emptyText?: string;
  /** How the table shows numbers (the chart's own tooltips use the builder's format). */
  format?: ValueFormat;
  /** Beside the title (a total, a filter). */
  extra?: ReactNode;
  /** Hide the title (the page shows it already); the label stays for screen readers. */
  hideTitle?: boolean;
}

/**
 * A chart of the kit (docs/ARCHITECTURE.md, "Web app: charts"): title, ECharts canvas loaded lazily, a skeleton while
 * the figures load, an empty state, "Voir les données" for the same figures as a table (the accessible alternative),
 * and the PNG and CSV exports.
 */
export function Chart({ spec, label, height = 280, loading, emptyText, format, extra, hideTitle }: ChartProps) {
  const { t } = useTranslation();
  const theme = useChartTheme();
  const [showTable, setShowTable] = useState(false);
  const instance = useRef<EChartsInstance | null>(null);
  const option = useMemo(() => spec.option(theme), [spec, theme]);
  /** The chart or its table: what the "Voir les données" switch controls. */
  const bodyId = useId();

  const download = (href: string, name: string) => {
    const a = document.createElement('a');
    a.href = href;
    a.download = name;
    a.click();
  };
  const exportPng = () => {
    const url = instance.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: theme.background });
    if (url) download(url, chartFileName(label, 'png'));
  };
  const exportCsv = () => {
    const url = URL.createObjectURL(new Blob([chartCsv(spec.table)], { type: 'text/csv;charset=utf-8' }));
    download(url, chartFileName(label, 'csv'));
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const ready = !loading && !spec.empty;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="chart">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            {hideTitle ? null : (
              <Text fw={600} size="sm">
                {label}
              </Text>
            )}
            {extra}
          </Group>
          {ready && (
            <Group gap="xs" wrap="nowrap">
              <Switch
                size="xs"
                label={t('charts.showData')}
                checked={showTable}
                onChange={(e) => setShowTable(e.currentTarget.checked)}
                aria-controls={bodyId}
              />
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" aria-label={t('charts.actions')}>
                    <IconDownload size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={exportPng} disabled={showTable}>
                    {t('charts.exportPng')}
                  </Menu.Item>
                  <Menu.Item onClick={exportCsv}>{t('charts.exportCsv')}</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          )}
        </Group>
        <div id={bodyId}>
          {loading ? (
            <Skeleton height={height} aria-label={t('charts.loading')} />
          ) : spec.empty ? (
            <EmptyState icon={<IconChartBar size={26} />} title={emptyText ?? t('charts.empty')} />
          ) : showTable ? (
            <ChartDataTable spec={spec} label={label} format={format} />
          ) : (
            <Suspense fallback={<Skeleton height={height} aria-label={t('charts.loading')} />}>
              <EChart
                option={option}
                height={height}
                label={label}
                onInstance={(chart) => {
                  instance.current = chart;
                }}
              />
            </Suspense>
          )}
        </div>
      </Stack>
    </Paper>
  );
}

/** The chart's figures as a table, numbers right-aligned in the page's language. */
function ChartDataTable({ spec, label, format }: { spec: ChartSpec; label: string; format?: ValueFormat }) {
  const { t, i18n } = useTranslation();
  const show = (cell: ChartCell) =>
    cell === null
      ? '—'
      : typeof cell === 'number'
        ? (format ?? ((v: number) => v.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'fr-FR')))(cell)
        : cell;
  return (
    <TableScroll minWidth={Math.min(900, 160 * spec.table.columns.length)} label={t('charts.table', { label })}>
      <Table striped withTableBorder fz="sm" data-testid="chart-table">
        <Table.Caption>{label}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {spec.table.columns.map((c, i) => (
              <Table.Th key={c} ta={i === 0 ? 'left' : 'right'}>
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {spec.table.rows.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
            <Table.Tr key={r}>
              {spec.table.columns.map((c, i) => {
                const cell = row[i] ?? null;
                return (
                  <Table.Td key={c} ta={typeof cell === 'number' ? 'right' : 'left'}>
                    {show(cell)}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
