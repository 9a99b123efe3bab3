// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import '../paris-time.ts';
import { wonPerBucketDrill } from './charts.ts';
import { drill, readView } from './view.ts';

const click = (seriesIndex: number, dataIndex: number) => ({ seriesIndex, dataIndex, name: '', data: null });

describe('the drill-through of the mandates won per bucket', () => {
  // Weeks from Monday 2 November; the period ends on Wednesday 18 November.
  const view = readView(new URLSearchParams('from=2026-11-02&to=2026-11-18&granularity=week'), '2026-12-07');
  const buckets = ['2026-11-02', '2026-11-09', '2026-11-16'];

  it('opens the mandates won in the days of the bucket clicked, clipped to the period, and links each row', () => {
    const d = wonPerBucketDrill(view, buckets);
    expect(d.click(click(0, 1))).toBe(drill.closed(view, { from: '2026-11-09', to: '2026-11-15' }));
    expect(d.click(click(0, 2))).toBe(drill.closed(view, { from: '2026-11-16', to: '2026-11-18' }));
    expect(d.rows).toEqual([
      drill.closed(view, { from: '2026-11-02', to: '2026-11-08' }),
      drill.closed(view, { from: '2026-11-09', to: '2026-11-15' }),
      drill.closed(view, { from: '2026-11-16', to: '2026-11-18' }),
    ]);
  });

  it('opens nothing from the other series (the comparison, the target) or past the buckets', () => {
    const d = wonPerBucketDrill(view, buckets);
    expect(d.click(click(1, 0))).toBeNull();
    expect(d.click(click(0, 3))).toBeNull();
  });

  it('passes its extra filters to every address (the closings: every currency)', () => {
    const d = wonPerBucketDrill(view, buckets, { currency: '' });
    const url = new URL(d.click(click(0, 0)) ?? '', 'http://x');
    expect(url.searchParams.has('currency')).toBe(false);
    expect(url.searchParams.get('stage')).toBe('gagne');
    expect(d.rows?.every((row) => row !== null && !row.includes('currency='))).toBe(true);
  });
});
