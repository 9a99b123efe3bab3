import type { EChartsOption } from 'echarts';
import type { ChartCell, ChartSpec, ChartTheme, MapName, ValueFormat } from './types.ts';

/**
 * Typed builders of the chart kit: each takes the figures (already in the page's language: names, labels) and returns
 * a `ChartSpec`, the ECharts option for a theme and the same figures as a table. Pure: no canvas, no React.
 */

export interface Series {
  name: string;
  data: (number | null)[];
}

const plain: ValueFormat = (v) => String(v);

function base(theme: ChartTheme): EChartsOption {
  return {
    color: theme.palette,
    backgroundColor: 'transparent',
    textStyle: { color: theme.text, fontFamily: theme.fontFamily },
    animationDuration: 400,
  };
}

const tooltipStyle = (theme: ChartTheme) => ({
  backgroundColor: theme.background,
  borderColor: theme.border,
  textStyle: { color: theme.text, fontFamily: theme.fontFamily },
  confine: true,
});

const legend = (theme: ChartTheme, show: boolean) => ({
  show,
  type: 'scroll' as const,
  bottom: 0,
  textStyle: { color: theme.text },
  pageTextStyle: { color: theme.dimmed },
});

function categoryAxis(theme: ChartTheme, categories: string[]) {
  return {
    type: 'category' as const,
    data: categories,
    axisLine: { lineStyle: { color: theme.border } },
    axisTick: { show: false },
    axisLabel: { color: theme.dimmed, hideOverlap: true },
  };
}

function valueAxis(theme: ChartTheme, format: ValueFormat, extra: Record<string, unknown> = {}) {
  return {
    type: 'value' as const,
    // Amounts on a narrow horizontal axis (a phone) would overlap: those that would are left out.
    axisLabel: { color: theme.dimmed, formatter: (v: number) => format(v), hideOverlap: true },
    splitLine: { lineStyle: { color: theme.border, type: 'dashed' as const } },
    ...extra,
  };
}

/** One row per category, one column per series. */
function seriesTable(categoryLabel: string, categories: string[], series: Series[]) {
  return {
    columns: [categoryLabel, ...series.map((s) => s.name)],
    rows: categories.map((c, i) => [c, ...series.map((s) => s.data[i] ?? null)] as ChartCell[]),
  };
}

const noValue = (series: Series[]) => series.every((s) => s.data.every((v) => v === null || v === 0));

export interface CartesianInput {
  /** The header of the categories' column in the data table ("Jour"). */
  categoryLabel: string;
  categories: string[];
  series: Series[];
  format?: ValueFormat;
  /** Counts: the value axis steps by whole numbers (no `0, 1, 1, 2` from rounded halves). */
  integers?: boolean;
}

/** Lines over categories (time); `area` fills under them, `stacked` piles them up (a stacked area). */
export function lineChart(input: CartesianInput & { area?: boolean; stacked?: boolean }): ChartSpec {
  const format = input.format ?? plain;
  return {
    table: seriesTable(input.categoryLabel, input.categories, input.series),
    empty: input.categories.length === 0 || input.series.length === 0,
    option: (theme) => ({
      ...base(theme),
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => (typeof v === 'number' ? format(v) : '—'),
        ...tooltipStyle(theme),
      },
      legend: legend(theme, input.series.length > 1),
      grid: { left: 8, right: 16, top: 16, bottom: input.series.length > 1 ? 40 : 8, containLabel: true },
      xAxis: { ...categoryAxis(theme, input.categories), boundaryGap: false },
      yAxis: valueAxis(theme, format, input.integers ? { minInterval: 1 } : {}),
      series: input.series.map((s) => ({
        type: 'line' as const,
        name: s.name,
        data: s.data,
        smooth: true,
        showSymbol: input.categories.length <= 31,
        ...(input.stacked ? { stack: 'total' } : {}),
        ...(input.area || input.stacked ? { areaStyle: { opacity: 0.25 } } : {}),
      })),
    }),
  };
}

/** Bars over categories; `horizontal` lays them sideways (long labels: pages, features), `stacked` piles them. */
export function barChart(input: CartesianInput & { horizontal?: boolean; stacked?: boolean }): ChartSpec {
  const format = input.format ?? plain;
  return {
    table: seriesTable(input.categoryLabel, input.categories, input.series),
    empty: input.categories.length === 0 || noValue(input.series),
    option: (theme) => {
      const categories = categoryAxis(theme, input.categories);
      const values = valueAxis(theme, format, input.integers ? { minInterval: 1 } : {});
      return {
        ...base(theme),
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          valueFormatter: (v) => (typeof v === 'number' ? format(v) : '—'),
          ...tooltipStyle(theme),
        },
        legend: legend(theme, input.series.length > 1),
        grid: { left: 8, right: 24, top: 16, bottom: input.series.length > 1 ? 40 : 8, containLabel: true },
        xAxis: input.horizontal ? values : categories,
        yAxis: input.horizontal
          ? { ...categories, inverse: true, axisLabel: { ...categories.axisLabel, width: 160, overflow: 'truncate' } }
          : values,
        series: input.series.map((s) => ({
          type: 'bar' as const,
          name: s.name,
          data: s.data,
          barMaxWidth: 28,
          ...(input.stacked ? { stack: 'total' } : {}),
        })),
      };
    },
  };
}

/** Bars and lines on one chart, the lines on a second axis (amounts and a rate). */
export function comboChart(
  input: Omit<CartesianInput, 'series'> & {
    bars: Series[];
    lines: Series[];
    lineFormat?: ValueFormat;
    /** The lines read on the bars' axis (amounts against amounts: a target, last year's). */
    sameAxis?: boolean;
    /** The bars pile up (parts of a whole: weighted and the rest). */
    stackBars?: boolean;
  },
): ChartSpec {
  const format = input.format ?? plain;
  const lineFormat = input.sameAxis ? format : (input.lineFormat ?? plain);
  const all = [...input.bars, ...input.lines];
  return {
    table: seriesTable(input.categoryLabel, input.categories, all),
    empty: input.categories.length === 0 || noValue(all),
    option: (theme) => ({
      ...base(theme),
      tooltip: {
        trigger: 'axis',
        formatter: (p) => axisTooltip(p, input.bars.length, format, lineFormat),
        ...tooltipStyle(theme),
      },
      legend: legend(theme, true),
      grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
      xAxis: categoryAxis(theme, input.categories),
      yAxis: input.sameAxis
        ? valueAxis(theme, format)
        : [valueAxis(theme, format), valueAxis(theme, lineFormat, { splitLine: { show: false } })],
      series: [
        ...input.bars.map((s) => ({
          type: 'bar' as const,
          name: s.name,
          data: s.data,
          barMaxWidth: 28,
          ...(input.stackBars ? { stack: 'bars' } : {}),
        })),
        ...input.lines.map((s) => ({
          type: 'line' as const,
          name: s.name,
          data: s.data,
          yAxisIndex: input.sameAxis ? 0 : 1,
          smooth: true,
          connectNulls: true,
        })),
      ],
    }),
  };
}

/** An axis tooltip whose bars and lines read in their own formats. */
function axisTooltip(params: unknown, bars: number, format: ValueFormat, lineFormat: ValueFormat): string {
  const items = params as {
    axisValueLabel: string;
    seriesIndex: number;
    seriesName: string;
    marker: string;
    value: unknown;
  }[];
  if (!items.length) return '';
  const lines = items.map((i) => {
    const v = typeof i.value === 'number' ? (i.seriesIndex < bars ? format(i.value) : lineFormat(i.value)) : '—';
    return `${i.marker}${i.seriesName}&nbsp;&nbsp;<b>${v}</b>`;
  });
  return [items[0]?.axisValueLabel ?? '', ...lines].join('<br/>');
}

export interface NamedValue {
  name: string;
  value: number;
}

/** Shares of a whole; `donut` leaves a hole. */
export function pieChart(input: {
  nameLabel: string;
  valueLabel: string;
  items: NamedValue[];
  donut?: boolean;
  format?: ValueFormat;
}): ChartSpec {
  const format = input.format ?? plain;
  return {
    table: { columns: [input.nameLabel, input.valueLabel], rows: input.items.map((i) => [i.name, i.value]) },
    empty: input.items.every((i) => i.value === 0),
    option: (theme) => ({
      ...base(theme),
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const item = p as unknown as { name: string; value: number; percent: number };
          return `${item.name} : ${format(item.value)} (${item.percent} %)`;
        },
        ...tooltipStyle(theme),
      },
      legend: legend(theme, true),
      series: [
        {
          type: 'pie',
          radius: input.donut ? ['45%', '72%'] : '72%',
          center: ['50%', '45%'],
          data: input.items,
          label: { color: theme.text },
          itemStyle: { borderColor: theme.background, borderWidth: 2 },
        },
      ],
    }),
  };
}

/** Steps of a funnel, widest first; the label shows each step's share of the first. */
export function funnelChart(input: {
  stepLabel: string;
  valueLabel: string;
  shareLabel: string;
  steps: NamedValue[];
  format?: ValueFormat;
  /** How a share of the first step reads on a band (`66,67 %`). */
  shareFormat?: ValueFormat;
}): ChartSpec {
  const format = input.format ?? plain;
  const shareFormat = input.shareFormat ?? ((v: number) => `${v} %`);
  const first = input.steps[0]?.value ?? 0;
  const share = (v: number) => (first > 0 ? Math.round((v / first) * 10_000) / 100 : null);
  return {
    table: {
      columns: [input.stepLabel, input.valueLabel, input.shareLabel],
      rows: input.steps.map((s) => [s.name, s.value, share(s.value)]),
    },
    empty: first === 0,
    option: (theme) => ({
      ...base(theme),
      tooltip: { trigger: 'item', valueFormatter: (v) => format(Number(v)), ...tooltipStyle(theme) },
      // The steps' names in the legend, each band labelled with its value and share (short enough for a thin band).
      legend: { ...legend(theme, true), data: input.steps.map((s) => s.name) },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '5%',
          width: '90%',
          top: 8,
          bottom: 40,
          minSize: '12%',
          gap: 2,
          data: input.steps,
          label: {
            position: 'inside',
            color: '#fff',
            fontWeight: 600,
            formatter: (p) => {
              const item = p as unknown as { value: number };
              const s = share(item.value);
              return `${format(item.value)}${s === null ? '' : ` · ${shareFormat(s)}`}`;
            },
          },
          itemStyle: { borderColor: theme.background, borderWidth: 1 },
        },
      ],
    }),
  };
}

/** Values on a grid of two categories (hours × days, cohorts × weeks); null cells are not drawn. */
export function heatmapChart(input: {
  xLabel: string;
  yLabel: string;
  valueLabel: string;
  xCategories: string[];
  yCategories: string[];
  /** [x index, y index, value]. */
  cells: [number, number, number | null][];
  format?: ValueFormat;
}): ChartSpec {
  const format = input.format ?? plain;
  const values = input.cells.map((c) => c[2]).filter((v): v is number => v !== null);
  return {
    table: {
      columns: [input.yLabel, input.xLabel, input.valueLabel],
      rows: input.cells.map(([x, y, v]) => [input.yCategories[y] ?? '', input.xCategories[x] ?? '', v]),
    },
    empty: values.length === 0,
    option: (theme) => ({
      ...base(theme),
      tooltip: { position: 'top', valueFormatter: (v) => format(Number(v)), ...tooltipStyle(theme) },
      grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
      xAxis: { ...categoryAxis(theme, input.xCategories), splitArea: { show: true } },
      yAxis: { ...categoryAxis(theme, input.yCategories), inverse: true },
      visualMap: {
        min: Math.min(0, ...values),
        max: Math.max(1, ...values),
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        inRange: { color: theme.scale },
        textStyle: { color: theme.dimmed },
      },
      series: [
        {
          type: 'heatmap',
          data: input.cells.filter((c) => c[2] !== null),
          label: { show: input.cells.length <= 200, formatter: (p) => format(Number((p.value as number[])[2])) },
        },
      ],
    }),
  };
}

/** Several series over the same axes (a profile per team, per product). */
export function radarChart(input: {
  indicators: { name: string; max?: number }[];
  series: { name: string; values: number[] }[];
}): ChartSpec {
  return {
    table: {
      columns: ['', ...input.indicators.map((i) => i.name)],
      rows: input.series.map((s) => [s.name, ...s.values]),
    },
    empty: input.series.length === 0,
    option: (theme) => ({
      ...base(theme),
      tooltip: { trigger: 'item', ...tooltipStyle(theme) },
      legend: legend(theme, input.series.length > 1),
      radar: {
        indicator: input.indicators,
        axisName: { color: theme.dimmed },
        splitLine: { lineStyle: { color: theme.border } },
        splitArea: { show: false },
      },
      series: [
        {
          type: 'radar',
          data: input.series.map((s) => ({ name: s.name, value: s.values })),
          areaStyle: { opacity: 0.15 },
        },
      ],
    }),
  };
}

/** Flows between stages (a pipeline's moves): nodes by name, links with a value. */
export function sankeyChart(input: {
  sourceLabel: string;
  targetLabel: string;
  valueLabel: string;
  links: { source: string; target: string; value: number }[];
}): ChartSpec {
  const names = [...new Set(input.links.flatMap((l) => [l.source, l.target]))];
  return {
    table: {
      columns: [input.sourceLabel, input.targetLabel, input.valueLabel],
      rows: input.links.map((l) => [l.source, l.target, l.value]),
    },
    empty: input.links.length === 0,
    option: (theme) => ({
      ...base(theme),
      tooltip: { trigger: 'item', ...tooltipStyle(theme) },
      series: [
        {
          type: 'sankey',
          data: names.map((name) => ({ name })),
          links: input.links,
          emphasis: { focus: 'adjacency' },
          label: { color: theme.text },
          lineStyle: { color: 'gradient', opacity: 0.4 },
        },
      ],
    }),
  };
}

export interface TreeItem {
  name: string;
  value: number;
  children?: TreeItem[];
  /** What the item stands for (a fund's id): handed back by a click (`ChartClick.data`). */
  id?: string;
}

/** Nested shares (assets by fund and share class). */
export function treemapChart(input: { nameLabel: string; valueLabel: string; items: TreeItem[] }): ChartSpec {
  const rows: ChartCell[][] = [];
  const walk = (items: TreeItem[], path: string[]) => {
    for (const item of items) {
      rows.push([[...path, item.name].join(' › '), item.value]);
      if (item.children) walk(item.children, [...path, item.name]);
    }
  };
  walk(input.items, []);
  return {
    table: { columns: [input.nameLabel, input.valueLabel], rows },
    empty: input.items.length === 0,
    option: (theme) => ({
      ...base(theme),
      tooltip: { ...tooltipStyle(theme) },
      series: [
        {
          type: 'treemap',
          data: input.items,
          roam: false,
          nodeClick: 'zoomToNode',
          breadcrumb: { itemStyle: { color: theme.background, textStyle: { color: theme.text } } },
          itemStyle: { borderColor: theme.background },
        },
      ],
    }),
  };
}

/** A value per calendar day over a range (activity per day), as GitHub draws contributions. */
export function calendarChart(input: {
  dayLabel: string;
  valueLabel: string;
  range: [string, string];
  days: [string, number][];
  format?: ValueFormat;
  /** The names of the days (Sunday first) and of the months (January first), in the page's language. */
  names?: { days: string[]; months: string[] };
}): ChartSpec {
  const format = input.format ?? plain;
  const values = input.days.map((d) => d[1]);
  return {
    table: { columns: [input.dayLabel, input.valueLabel], rows: input.days.map(([d, v]) => [d, v]) },
    empty: values.every((v) => v === 0),
    option: (theme) => ({
      ...base(theme),
      tooltip: { valueFormatter: (v) => format(Number(v)), ...tooltipStyle(theme) },
      visualMap: {
        min: 0,
        max: Math.max(1, ...values),
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        inRange: { color: theme.scale },
        textStyle: { color: theme.dimmed },
      },
      calendar: {
        range: input.range,
        cellSize: ['auto', 14],
        top: 24,
        left: 32,
        right: 8,
        itemStyle: { borderColor: theme.background, color: 'transparent' },
        dayLabel: { color: theme.dimmed, firstDay: 1, ...(input.names ? { nameMap: input.names.days } : {}) },
        monthLabel: { color: theme.dimmed, ...(input.names ? { nameMap: input.names.months } : {}) },
        yearLabel: { show: false },
        splitLine: { lineStyle: { color: theme.border } },
      },
      series: [{ type: 'heatmap', coordinateSystem: 'calendar', data: input.days }],
    }),
  };
}

/**
 * Values on the areas of a bundled map (`maps.ts`): `code` names the area as the map does (an INSEE region code),
 * `name` is what the tooltip and the table say. Areas absent from the map stay in the table.
 */
export function mapChart(input: {
  map: MapName;
  nameLabel: string;
  valueLabel: string;
  areas: { code: string; name: string; value: number }[];
  format?: ValueFormat;
}): ChartSpec {
  const format = input.format ?? plain;
  const values = input.areas.map((a) => a.value);
  const names = new Map(input.areas.map((a) => [a.code, a.name]));
  return {
    maps: [input.map],
    table: { columns: [input.nameLabel, input.valueLabel], rows: input.areas.map((a) => [a.name, a.value]) },
    empty: values.every((v) => v === 0),
    option: (theme) => ({
      ...base(theme),
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const item = p as unknown as { name: string; value: number };
          const value = Number.isFinite(item.value) ? format(item.value) : '—';
          return `${names.get(item.name) ?? item.name}<br/><b>${value}</b>`;
        },
        ...tooltipStyle(theme),
      },
      visualMap: {
        min: 0,
        max: Math.max(1, ...values),
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        calculable: true,
        inRange: { color: theme.scale },
        textStyle: { color: theme.dimmed },
        formatter: (v: unknown) => format(Number(v)),
      },
      series: [
        {
          type: 'map',
          map: input.map,
          roam: false,
          top: 8,
          bottom: 48,
          data: input.areas.map((a) => ({ name: a.code, value: a.value })),
          label: { show: false },
          itemStyle: { areaColor: theme.border, borderColor: theme.background },
          emphasis: { label: { show: false }, itemStyle: { areaColor: theme.palette[1] } },
          select: { disabled: true },
        },
      ],
    }),
  };
}
