import type { EChartsOption } from 'echarts';
import { useEffect, useRef } from 'react';
import { echarts } from './echarts.ts';
import { ensureMaps } from './maps.ts';
import type { ChartClick, MapName } from './types.ts';

export type EChartsInstance = ReturnType<typeof echarts.init>;

/**
 * The canvas of a chart: ECharts on a div that follows its size (ResizeObserver). Loaded lazily by `Chart.tsx`; the
 * instance is handed up (`onInstance`) for the PNG export; a click on an item goes to `onItemClick` (drill-through),
 * and the pointer shows a hand over items only when there is one. Maps are registered before the option is set.
 */
export default function EChart({
  option,
  height,
  label,
  maps,
  onInstance,
  onItemClick,
}: {
  option: EChartsOption;
  height: number | string;
  label: string;
  maps?: MapName[];
  onInstance?: (chart: EChartsInstance | null) => void;
  onItemClick?: (click: ChartClick) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsInstance | null>(null);
  const handOver = useRef(onInstance);
  handOver.current = onInstance;
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = instance;
    handOver.current?.(instance);
    instance.on('click', (p) => {
      const e = p as unknown as {
        seriesIndex?: number;
        dataIndex?: number;
        name?: string;
        dataType?: string;
        data?: unknown;
      };
      if (e.dataIndex === undefined || e.dataIndex < 0) return;
      click.current?.({
        seriesIndex: e.seriesIndex ?? 0,
        dataIndex: e.dataIndex,
        name: e.name ?? '',
        dataType: e.dataType === 'edge' || e.dataType === 'node' ? e.dataType : undefined,
        data: e.data,
      });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      handOver.current?.(null);
      chart.current = null;
      instance.dispose();
    };
  }, []);

  const clickable = Boolean(onItemClick);
  useEffect(() => {
    let live = true;
    void ensureMaps(maps).then(() => {
      if (!live || !chart.current) return;
      chart.current.setOption(clickable ? option : { ...option, ...noHand(option) }, { notMerge: true });
    });
    return () => {
      live = false;
    };
  }, [option, maps, clickable]);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      style={{ width: '100%', height }}
      data-testid="chart-canvas"
      data-clickable={clickable || undefined}
    />
  );
}

/** Without drill-through, items keep the arrow pointer: a hand would promise a click that does nothing. */
function noHand(option: EChartsOption): EChartsOption {
  const series = option.series;
  if (!series) return {};
  const list = Array.isArray(series) ? series : [series];
  return { series: list.map((s) => ({ ...s, cursor: 'default' })) as EChartsOption['series'] };
}
