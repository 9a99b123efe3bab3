/** The chart kit (docs/ARCHITECTURE.md, "Web app: charts"): `<Chart spec={lineChart(…)} label="…" />`. */
export * from './builders.ts';
export { Chart, type ChartProps } from './Chart.tsx';
export { chartCsv, chartFileName } from './csv.ts';
export type { ChartCell, ChartSpec, ChartTable, ChartTheme, ValueFormat } from './types.ts';
