import { describe, expect, it, vi } from 'vitest';
import { collectPages, usageExportDocument, usageExportFileName } from './usage-export.ts';

describe('collectPages', () => {
  it('follows nextCursor to the last page, in order', async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | null; recordings: number }> = {
      first: { items: [5, 4], nextCursor: 'b', recordings: 3 },
      b: { items: [3, 2], nextCursor: 'c', recordings: 3 },
      c: { items: [1], nextCursor: null, recordings: 3 },
    };
    const fetchPage = vi.fn(async (cursor: string | undefined) => pages[cursor ?? 'first'] as (typeof pages)['b']);
    expect(await collectPages(fetchPage)).toEqual({ events: [5, 4, 3, 2, 1], recordings: 3 });
    expect(fetchPage.mock.calls.map((c) => c[0])).toEqual([undefined, 'b', 'c']);
  });

  it('stops on a cursor that repeats, and after maxPages', async () => {
    const loop = vi.fn(async () => ({ items: [1], nextCursor: 'same', recordings: 0 }));
    expect((await collectPages(loop)).events).toEqual([1, 1]);
    let n = 0;
    const endless = vi.fn(async () => ({ items: [n], nextCursor: `c${++n}`, recordings: 0 }));
    expect((await collectPages(endless, 4)).events).toEqual([0, 1, 2, 3]);
  });

  it('an empty export is one empty page', async () => {
    expect(await collectPages(async () => ({ items: [], nextCursor: null, recordings: 0 }))).toEqual({
      events: [],
      recordings: 0,
    });
  });
});

describe('usageExportDocument and its file name', () => {
  it('says when, how many, and holds every event', () => {
    const at = new Date('2026-12-07T10:00:00Z');
    expect(usageExportDocument({ events: [{ id: 'a' }, { id: 'b' }], recordings: 2 }, at)).toEqual({
      exportedAt: '2026-12-07T10:00:00.000Z',
      events: 2,
      recordingChunks: 2,
      items: [{ id: 'a' }, { id: 'b' }],
    });
  });

  it('names the file by the day in Paris', () => {
    expect(usageExportFileName(new Date('2026-12-07T10:00:00Z'))).toBe('donnees-usage-2026-12-07.json');
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(usageExportFileName(new Date('2026-12-31T23:30:00Z'))).toBe('donnees-usage-2027-01-01.json');
  });
});
