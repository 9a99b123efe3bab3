import { ActionIcon, Anchor, Group, Menu, Paper, Skeleton, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { useFullscreenElement } from '@mantine/hooks';
import { IconChartBar, IconDownload, IconMaximize, IconMinimize } from '@tabler/icons-react';
import { lazy, type ReactNode, Suspense, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EmptyState } from '../EmptyState.tsx';
import { TableScroll } from '../TableScroll.tsx';
import { chartCsv, chartFileName } from './csv.ts';
import type { EChartsInstance } from './EChart.tsx';
import { framedPng } from './png.ts';
import { useChartTheme } from './theme.ts';
import type { ChartCell, ChartClick, ChartSpec, ValueFormat } from './types.ts';

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
  /**
   * Drill-through: the address of the records behind a clicked item (a bar, a slice, a flow), null when there is
   * none; `rows` gives the same for each row of the data table, where they show as links.
   */
  drill?: { click: (click: ChartClick) => string | null; rows?: (string | null)[] };
  /** Lines under the chart in the PNG export: the filters and the period the figures are for. */
  footer?: string[];
}

/**
 * A chart of the kit (docs/ARCHITECTURE.md, "Web app: charts"): title, ECharts canvas loaded lazily, a skeleton while
 * the figures load, an empty state, "Voir les données" for the same figures as a table (the accessible alternative),
 * and the PNG and CSV exports.
 */
export function Chart({
  spec,
  label,
  height = 280,
  loading,
  emptyText,
  format,
  extra,
  hideTitle,
  drill,
  footer = [],
}: ChartProps) {
  const { t } = useTranslation();
  const theme = useChartTheme();
  const navigate = useNavigate();
  const screen = useFullscreenElement<HTMLDivElement>();
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
  const exportPng = async () => {
    const chart = instance.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: theme.background });
    if (!chart) return;
    const url = await framedPng({ chart, title: label, footer, ...theme, scale: 2 });
    download(url, chartFileName(label, 'png'));
  };
  const exportCsv = () => {
    const url = URL.createObjectURL(new Blob([chartCsv(spec.table)], { type: 'text/csv;charset=utf-8' }));
    download(url, chartFileName(label, 'csv'));
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const ready = !loading && !spec.empty;
  return (
    <Paper
      ref={screen.ref}
      withBorder
      p="sm"
      radius="md"
      data-testid="chart"
      data-chart={label}
      style={screen.fullscreen ? { background: 'var(--mantine-color-body)', overflow: 'auto' } : undefined}
    >
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
              <Tooltip label={screen.fullscreen ? t('charts.exitFullscreen') : t('charts.fullscreen')}>
                <ActionIcon
                  variant="subtle"
                  onClick={() => void screen.toggle()}
                  aria-label={screen.fullscreen ? t('charts.exitFullscreen') : t('charts.fullscreen')}
                >
                  {screen.fullscreen ? <IconMinimize size={18} /> : <IconMaximize size={18} />}
                </ActionIcon>
              </Tooltip>
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
                  <Menu.Item onClick={() => void exportPng()} disabled={showTable}>
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
            <ChartDataTable spec={spec} label={label} format={format} links={drill?.rows} />
          ) : (
            <Suspense fallback={<Skeleton height={height} aria-label={t('charts.loading')} />}>
              <EChart
                option={option}
                height={screen.fullscreen ? 'calc(100vh - 96px)' : height}
                label={label}
                maps={spec.maps}
                onInstance={(chart) => {
                  instance.current = chart;
                }}
                onItemClick={
                  drill
                    ? (click) => {
                        const to = drill.click(click);
                        if (!to) return;
                        if (document.fullscreenElement) void document.exitFullscreen();
                        navigate(to);
                      }
                    : undefined
                }
              />
            </Suspense>
          )}
        </div>
      </Stack>
    </Paper>
  );
}

/** The chart's figures as a table, numbers right-aligned in the page's language. */
function ChartDataTable({
  spec,
  label,
  format,
  links,
}: {
  spec: ChartSpec;
  label: string;
  format?: ValueFormat;
  /** Per row, the address of the records behind it: its first cell links there. */
  links?: (string | null)[];
}) {
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
                const href = i === 0 ? links?.[r] : null;
                return (
                  <Table.Td key={c} ta={typeof cell === 'number' ? 'right' : 'left'}>
                    {href ? (
                      <Anchor component={Link} to={href} size="sm">
                        {show(cell)}
                      </Anchor>
                    ) : (
                      show(cell)
                    )}
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
