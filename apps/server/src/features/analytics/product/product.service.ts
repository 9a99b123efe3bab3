import { ANALYTICS_EVENTS, PRODUCT_FEATURES, type ProductFeature } from '@crm/contracts';
import { authorize } from '../../../platform/auth/permissions.ts';
import type { Ctx } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import {
  addDays,
  bucketsOf,
  type Granularity,
  periodDto,
  previousPeriod,
  resolvePeriod,
} from '../../../platform/time/period.ts';
import {
  DEFAULT_START_EVENTS,
  type ErrorsDto,
  type FeaturesDto,
  type HeatmapDto,
  type HeatmapInput,
  type OverviewDto,
  type PagesDto,
  type PeriodInput,
  type RecordingDto,
  type RecordingListDto,
  type RecordingsInput,
  type RetentionDto,
  type RetentionInput,
} from './product.contracts.ts';
import * as repo from './product.repo.ts';
import { topSelectors } from './selectors.ts';

/** Services re-check the routes' rule (admins only), so a caller other than a route cannot skip it. */
export const requireAdmin = (ctx: Ctx) => authorize(ctx.actor, { scope: 'admin' });

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
/** `part` of `whole` as a percentage with two decimals; null when the whole is 0. */
export const percentOf = (part: number, whole: number) => (whole > 0 ? round((100 * part) / whole) : null);
const roundOrNull = (v: number | null, digits = 2) => (v === null ? null : round(v, digits));

/** The product analysis' periods: at most MAX_DAYS, errors `product_analytics.*`. */
export const PRODUCT_PERIOD = { errorPrefix: 'product_analytics' };
const periodFor = (ctx: Ctx, q: PeriodInput) => resolvePeriod(q, ctx.deps.clock.now(), PRODUCT_PERIOD);

/** Page views and unique users per bucket, the period's totals and those of the period just before. */
export async function productOverview(ctx: Ctx, q: PeriodInput & { granularity: Granularity }): Promise<OverviewDto> {
  requireAdmin(ctx);
  const db = ctx.deps.database.db;
  const period = periodFor(ctx, q);
  const before = previousPeriod(period);
  const [series, totals, previous] = await Promise.all([
    repo.pageViewSeries(db, period, q.granularity),
    repo.pageViewTotals(db, period),
    repo.pageViewTotals(db, before),
  ]);
  const byBucket = new Map(series.map((s) => [s.bucket, s]));
  return {
    period: periodDto(period, q.granularity),
    series: bucketsOf(period, q.granularity).map(
      (bucket) => byBucket.get(bucket) ?? { bucket, views: 0, users: 0, sessions: 0 },
    ),
    totals,
    previous: { period: periodDto(before), totals: previous },
  };
}

/** The most viewed routes with users, time on page and scroll depth. */
export async function productPages(ctx: Ctx, q: PeriodInput & { limit: number }): Promise<PagesDto> {
  requireAdmin(ctx);
  const period = periodFor(ctx, q);
  const rows = await repo.topPages(ctx.deps.database.db, period, q.limit);
  return {
    period: periodDto(period),
    items: rows.map((r) => ({
      route: r.route,
      views: r.views,
      users: r.users,
      timedViews: r.timedViews,
      medianSeconds: roundOrNull(r.medianSeconds, 1),
      p80Seconds: roundOrNull(r.p80Seconds, 1),
      avgScrollPercent: r.avgScroll === null ? null : round(r.avgScroll * 100, 1),
    })),
  };
}

/**
 * The events of the catalogue that show use of a feature. `api_error` is left out: an error the API answered is not
 * use of the feature it is filed under.
 */
export const FEATURE_EVENTS: { event: string; feature: ProductFeature }[] = Object.entries(ANALYTICS_EVENTS)
  .filter(([event]) => event !== 'api_error')
  .map(([event, def]) => ({ event, feature: def.feature }));

/** Use per feature of the catalogue (events, distinct users, per event) and the features nobody used. */
export async function productFeatures(ctx: Ctx, q: PeriodInput): Promise<FeaturesDto> {
  requireAdmin(ctx);
  const db = ctx.deps.database.db;
  const period = periodFor(ctx, q);
  const [perEvent, perFeature] = await Promise.all([
    repo.eventUse(
      db,
      period,
      FEATURE_EVENTS.map((e) => e.event),
    ),
    repo.usersPerGroup(
      db,
      period,
      FEATURE_EVENTS.map((e) => ({ group: e.feature, event: e.event })),
    ),
  ]);
  const useOf = new Map(perEvent.map((u) => [u.event, u]));
  const features = PRODUCT_FEATURES.map((feature) => {
    const byEvent = FEATURE_EVENTS.filter((e) => e.feature === feature)
      .map((e) => useOf.get(e.event) ?? { event: e.event, count: 0, users: 0 })
      .sort((a, b) => b.count - a.count || a.event.localeCompare(b.event));
    return {
      feature,
      events: byEvent.reduce((sum, e) => sum + e.count, 0),
      users: perFeature.get(feature) ?? 0,
      byEvent,
    };
  }).sort((a, b) => b.events - a.events || a.feature.localeCompare(b.feature));
  return {
    period: periodDto(period),
    features,
    neverUsed: features.filter((f) => f.events === 0).map((f) => f.feature),
  };
}

/** Weekly first-time retention cohorts. */
export async function productRetention(ctx: Ctx, q: RetentionInput): Promise<RetentionDto> {
  requireAdmin(ctx);
  const period = periodFor(ctx, q);
  const startEvents = q.startEvent ? [q.startEvent] : DEFAULT_START_EVENTS;
  const returnEvent = q.returnEvent ?? null;
  const { cohorts, cells } = await repo.retention(ctx.deps.database.db, period, startEvents, returnEvent, q.weeks);
  const active = new Map(cells.map((c) => [`${c.cohort}|${c.week}`, c.users]));
  return {
    period: periodDto(period),
    startEvents,
    returnEvent,
    weeks: q.weeks,
    cohorts: [...cohorts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([week, users]) => ({
        week,
        users,
        retention: Array.from({ length: q.weeks + 1 }, (_, k) => {
          // A week that starts after the period's last day is not observed yet.
          if (addDays(week, 7 * k) > period.to) return { week: k, users: null, percent: null };
          const n = active.get(`${week}|${k}`) ?? 0;
          return { week: k, users: n, percent: percentOf(n, users) };
        }),
      })),
  };
}

/** Side of a heatmap cell, as a share of the viewport width. */
export const HEATMAP_CELL = 0.05;
const HEATMAP_COLUMNS = Math.round(1 / HEATMAP_CELL);

/** Click points of a route in a grid, how deep its views scrolled, and its most clicked elements. */
export async function productHeatmap(ctx: Ctx, q: HeatmapInput): Promise<HeatmapDto> {
  requireAdmin(ctx);
  const db = ctx.deps.database.db;
  const period = periodFor(ctx, q);
  const [cells, scroll, elements] = await Promise.all([
    repo.heatmapCells(db, period, q.route, HEATMAP_CELL, HEATMAP_COLUMNS),
    repo.scrollDistribution(db, period, q.route),
    repo.clickedElements(db, period, q.route),
  ]);
  const clicks = cells.filter((c) => c.type === 'click');
  const scrolled = scroll.reduce((sum, s) => sum + s.views, 0);
  const tenths = new Map(scroll.map((s) => [s.tenth, s.views]));
  return {
    period: periodDto(period),
    route: q.route,
    clicks: clicks.reduce((sum, c) => sum + c.count, 0),
    rageClicks: cells.filter((c) => c.type === 'rageclick').reduce((sum, c) => sum + c.count, 0),
    grid: {
      cellSize: HEATMAP_CELL,
      columns: HEATMAP_COLUMNS,
      cells: clicks
        .map(({ column, row, count }) => ({ column, row, count }))
        .sort((a, b) => a.row - b.row || a.column - b.column),
    },
    scroll: {
      views: scrolled,
      avgPercent: scrolled > 0 ? round((100 * scroll.reduce((sum, s) => sum + s.total, 0)) / scrolled, 1) : null,
      distribution: Array.from({ length: 10 }, (_, i) => ({
        fromPercent: i * 10,
        toPercent: i * 10 + 10,
        views: tenths.get(i) ?? 0,
      })),
    },
    selectors: topSelectors(elements, 20),
  };
}

/** Web exceptions and API errors grouped by type or code. */
export async function productErrors(ctx: Ctx, q: PeriodInput & { limit: number }): Promise<ErrorsDto> {
  requireAdmin(ctx);
  const db = ctx.deps.database.db;
  const period = periodFor(ctx, q);
  const [items, totals] = await Promise.all([repo.errorGroups(db, period, q.limit), repo.errorTotals(db, period)]);
  return { period: periodDto(period), totals, items };
}

const invalidCursor = () =>
  new AppError('list.invalid_cursor', 'The cursor is not one this list gave', {
    fields: [{ path: 'querystring.cursor', message: 'not a cursor of this list', code: 'invalid_cursor' }],
  });

function decodeRecordingCursor(cursor: string): { epoch: string; sessionId: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      /^\d{1,12}(\.\d{1,6})?$/.test(parsed[0]) &&
      typeof parsed[1] === 'string' &&
      /^[A-Za-z0-9_-]{1,100}$/.test(parsed[1])
    ) {
      return { epoch: parsed[0], sessionId: parsed[1] };
    }
  } catch {
    // falls through
  }
  throw invalidCursor();
}

const encodeRecordingCursor = (epoch: string, sessionId: string) =>
  Buffer.from(JSON.stringify([epoch, sessionId])).toString('base64url');

/** Sessions of the period that have a replay, newest first. */
export async function listRecordings(ctx: Ctx, q: RecordingsInput): Promise<RecordingListDto> {
  requireAdmin(ctx);
  const db = ctx.deps.database.db;
  const period = periodFor(ctx, q);
  const after = q.cursor ? decodeRecordingCursor(q.cursor) : undefined;
  const { rows, total } = await repo.recordingSessions(db, period, q.limit + 1, after);
  const page = rows.slice(0, q.limit);
  const pages = await repo.sessionPages(db, page);
  const last = page.at(-1);
  return {
    period: periodDto(period),
    items: page.map((r) => ({
      sessionId: r.sessionId,
      userId: r.userId,
      userName: r.userName,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      durationSeconds: round((r.endedAt.getTime() - r.startedAt.getTime()) / 1000, 3),
      pageViews: pages.get(r.sessionId)?.views ?? 0,
      pages: pages.get(r.sessionId)?.routes ?? [],
    })),
    nextCursor: rows.length > q.limit && last ? encodeRecordingCursor(last.startedEpoch, last.sessionId) : null,
    total,
  };
}

const timestampOf = (e: unknown) => {
  const t = (e as { timestamp?: unknown } | null)?.timestamp;
  return typeof t === 'number' ? t : Number.POSITIVE_INFINITY;
};

/** The rrweb events of a session's replay, in time order (chunk order breaks ties), for playback. */
export async function getRecording(ctx: Ctx, sessionId: string): Promise<RecordingDto> {
  requireAdmin(ctx);
  const chunks = await repo.recordingChunks(ctx.deps.database.db, sessionId);
  const [first] = chunks;
  if (!first) {
    throw new AppError('product_analytics.recording_not_found', `No replay of session ${sessionId} is kept`, {
      status: 404,
    });
  }
  const events = chunks
    .flatMap((c) => (Array.isArray(c.data) ? c.data : []))
    .map((e, i) => ({ e, i, t: timestampOf(e) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
  const startedAt = new Date(Math.min(...chunks.map((c) => c.firstAt.getTime())));
  const endedAt = new Date(Math.max(...chunks.map((c) => c.lastAt.getTime())));
  const user = chunks.find((c) => c.userId);
  return {
    sessionId,
    userId: user?.userId ?? null,
    userName: user?.userName ?? null,
    startedAt,
    endedAt,
    durationSeconds: round((endedAt.getTime() - startedAt.getTime()) / 1000, 3),
    windowIds: [...new Set(chunks.map((c) => c.windowId).filter((w): w is string => w !== null))],
    events,
  };
}
