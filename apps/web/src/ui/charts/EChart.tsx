import type { EChartsOption } from 'echarts';
import { useEffect, useRef } from 'react';
import { echarts } from './echarts.ts';

export type EChartsInstance = ReturnType<typeof echarts.init>;

/**
 * The canvas of a chart: ECharts on a div that follows its size (ResizeObserver). Loaded lazily by `Chart.tsx`; the
 * instance is handed up (`onInstance`) for the PNG export.
 */
export default function EChart({
  option,
  height,
  label,
  onInstance,
}: {
  option: EChartsOption;
  height: number;
  label: string;
  onInstance?: (chart: EChartsInstance | null) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsInstance | null>(null);
  const handOver = useRef(onInstance);
  handOver.current = onInstance;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = instance;
    handOver.current?.(instance);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      handOver.current?.(null);
      chart.current = null;
      instance.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} data-testid="chart-canvas" />;
}
