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
  /** The maps the option draws on (`maps.ts`), registered before it is set. */
  maps?: MapName[];
}

/** The maps the kit bundles (GeoJSON, loaded with the first chart that needs one). */
export type MapName = 'france-regions';

/**
 * What a click on a chart hit: the series and the index of the item in its data (a bar, a slice, a day), its name,
 * and for a sankey whether it was a node or a flow (`edge`, whose `data` is the link `{ source, target, value }`).
 */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
  name: string;
  dataType?: 'node' | 'edge';
  data: unknown;
}

/** How a value reads in tooltips, labels and the table (`1 234`, `42 %`). */
export type ValueFormat = (value: number) => string;
