import type { EChartsOption } from 'echarts';

/**
 * The chart kit's model (docs/ARCHITECTURE.md, "Web app: charts"). A chart is a `ChartSpec`: a pure builder of
 * ECharts options for a theme, and the same figures as a table (the accessible alternative, and the CSV export).
 * Only types come from `echarts` here: the library itself loads in a lazy chunk (`EChart.tsx`).
 */

/** A cell of the data table: text, a number, or nothing (not measured). */
export type ChartCell = string | number | null;

/** The figures a chart draws, as a table: one header per column, rows of cells. */
export interface ChartTable {
  columns: string[];
  rows: ChartCell[][];
}

/** The colours and type a chart is drawn with, read from the Mantine theme and the colour scheme. */
export interface ChartTheme {
  dark: boolean;
  /** The series' colours, in order. */
  palette: string[];
  text: string;
  dimmed: string;
  /** Axis lines and split lines. */
  border: string;
  /** The page's background (the PNG export's too). */
  background: string;
  fontFamily: string;
  /** Low and high ends of a heatmap's scale. */
  scale: [string, string];
}

export interface ChartSpec {
  /** The ECharts option for a theme: pure, so it is unit-tested without a canvas. */
  option: (theme: ChartTheme) => EChartsOption;
  table: ChartTable;
  /** Nothing to draw: the chart shows its empty state. */
  empty: boolean;
}

/** How a value reads in tooltips, labels and the table (`1 234`, `42 %`). */
export type ValueFormat = (value: number) => string;
