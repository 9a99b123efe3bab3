import { beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';

// The lazy chunk (posthog-js) replaced by spies: what matters here is when it is loaded and what it is told.
const chunk = vi.hoisted(() => ({ loaded: 0, start: vi.fn(), stop: vi.fn(), capture: vi.fn() }));
vi.mock('./posthog.ts', () => {
  chunk.loaded++;
  return { start: chunk.start, stop: chunk.stop, capture: chunk.capture };
});

const config = { apiHost: '/ingest', token: 'crm', distinctId: '0190a1b2-0000-7000-8000-000000000001' };
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the analytics runtime', () => {
  beforeEach(() => {
    vi.resetModules();
    chunk.loaded = 0;
    chunk.start.mockClear();
    chunk.stop.mockClear();
    chunk.capture.mockClear();
  });

  it('loads nothing and sends nothing before consent, nor after a refusal', async () => {
    const { applyCapturePlan, track } = await import('./runtime.ts');
    track('search_performed', { length: 4, results: 1 });
    applyCapturePlan({ capture: false, record: false, ask: true }, config);
    applyCapturePlan({ capture: false, record: false, ask: false }, config);
    track('search_performed', { length: 4, results: 1 });
    await flush();
    expect(chunk.loaded).toBe(0);
    expect(chunk.capture).not.toHaveBeenCalled();
    expect(chunk.start).not.toHaveBeenCalled();
  });

  it('starts on consent (recording as told), sends tracked events, stops at once on withdrawal', async () => {
    const { applyCapturePlan, track } = await import('./runtime.ts');
    applyCapturePlan({ capture: true, record: true, ask: false }, config);
    track('saved_view_applied', { entity: 'people' });
    await flush();
    expect(chunk.loaded).toBe(1);
    expect(chunk.start).toHaveBeenCalledWith(config, true);
    expect(chunk.capture).toHaveBeenCalledWith('saved_view_applied', { entity: 'people' });

    applyCapturePlan({ capture: false, record: false, ask: false }, config);
    track('saved_view_applied', { entity: 'people' });
    await flush();
    expect(chunk.stop).toHaveBeenCalledTimes(1);
    expect(chunk.capture).toHaveBeenCalledTimes(1);
  });

  it('forgets the user on sign-out', async () => {
    const { applyCapturePlan, endAnalyticsSession, track } = await import('./runtime.ts');
    applyCapturePlan({ capture: true, record: false, ask: false }, config);
    endAnalyticsSession();
    track('search_performed', { length: 2, results: 0 });
    await flush();
    expect(chunk.stop).toHaveBeenCalledWith({ forget: true });
    expect(chunk.capture).not.toHaveBeenCalled();
  });
});

describe('track() typing (checked by tsc)', () => {
  it("takes the catalogue's web events only, with their properties", async () => {
    const { track } = await import('./runtime.ts');
    expectTypeOf(track)
      .parameter(0)
      .toEqualTypeOf<'search_performed' | 'search_result_opened' | 'saved_view_applied'>();
    // Never called: tsc reads it.
    const typing = () => {
      track('search_performed', { length: 3, results: 2 });
      track('search_result_opened', { type: 'organisation', rank: 1 });
      track('saved_view_applied', { entity: 'mandats' });
      // @ts-expect-error a server event cannot be sent by the web
      track('deal_won', { mandatId: '0190a1b2-0000-7000-8000-000000000000' });
      // @ts-expect-error not in the catalogue
      track('button_clicked', {});
      // @ts-expect-error the query's text is no property of search_performed
      track('search_performed', { length: 3, results: 2, query: 'Dupont' });
      // @ts-expect-error a count is a number
      track('search_performed', { length: '3', results: 2 });
      // @ts-expect-error results is required
      track('search_performed', { length: 3 });
    };
    expect(typing).toBeTypeOf('function');
  });
});
