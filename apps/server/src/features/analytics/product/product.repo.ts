import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../platform/db/client.ts';
import type { Granularity, Period } from '../../../platform/time/period.ts';

/**
 * The SQL of the analysis (docs/ANALYTICS.md, "Analysis, flags and alerts"). Every query reads `analytics_events`
 * on an `occurred_at` range (its index) and aggregates in the database; days, weeks and months are those of
 * Europe/Paris. Numbers read from `properties` go through `num()`, so a property of the wrong type is ignored rather
 * than failing the query.
 */

const iso = (d: Date) => d.toISOString();
const at = (d: Date) => sql`${iso(d)}::timestamptz`;
const inPeriod = (p: Pick<Period, 'start' | 'end'>, column = sql.raw('occurred_at')) =>
  sql`${column} >= ${at(p.start)} and ${column} < ${at(p.end)}`;

/** A JSON number as float8 (bounded), null for anything else. */
export const num = (json: SQL) =>
  sql`(case when jsonb_typeof(${json}) = 'number' then least(greatest((${json} #>> '{}')::numeric, -1e12), 1e12)::float8 end)`;

/** Bounded to 0..1; null stays null (`greatest` alone would turn it into 0). */
const clamp01 = (v: SQL) => sql`(case when ${v} is null then null else least(greatest(${v}, 0), 1) end)`;

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const nOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

function bucketSql(granularity: Granularity): SQL {
  if (granularity === 'day') return sql`to_char(occurred_at at time zone 'Europe/Paris', 'YYYY-MM-DD')`;
  return sql`to_char(date_trunc(${granularity}, occurred_at at time zone 'Europe/Paris'), 'YYYY-MM-DD')`;
}

export interface ViewTotals {
  views: number;
  users: number;
  sessions: number;
}

/** Page views, distinct users and sessions of a period, per bucket (only the buckets that have some). */
export async function pageViewSeries(
  db: Queryable,
  period: Period,
  granularity: Granularity,
): Promise<(ViewTotals & { bucket: string })[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select ${bucketSql(granularity)} as bucket, count(*)::int as views, count(distinct user_id)::int as users,
        count(distinct session_id)::int as sessions
      from analytics_events where event = '$pageview' and ${inPeriod(period)}
      group by 1`),
  );
  return rows.map((r) => ({ bucket: String(r.bucket), views: n(r.views), users: n(r.users), sessions: n(r.sessions) }));
}

export async function pageViewTotals(db: Queryable, period: Period): Promise<ViewTotals> {
  const [r] = rowsOf(
    await db.execute(sql`
      select count(*)::int as views, count(distinct user_id)::int as users, count(distinct session_id)::int as sessions
      from analytics_events where event = '$pageview' and ${inPeriod(period)}`),
  );
  return { views: n(r?.views), users: n(r?.users), sessions: n(r?.sessions) };
}

/**
 * Every page view of the period with its time on page and deepest scroll (CTE `views`: route, user_id, seconds,
 * scroll 0-1). A view is closed by the next `$pageview` or `$pageleave` of its session and window, whose
 * `$prev_pageview_duration` and `$prev_pageview_max_scroll_percentage` (posthog-js) describe it, unless that event
 * names another view (`$prev_pageview_id` differs from the view's `$pageview_id`). Without a usable duration, the
 * time on page is the gap to the next event of the same session and window. Events up to a day after the period
 * may close its last views.
 */
function pageViewsCte(period: Period, route?: string): SQL {
  const horizon = new Date(period.end.getTime() + 86_400_000);
  const matched = sql`(p.closing is not null and (p.properties->>'$pageview_id' is null
      or p.closing->>'$prev_pageview_id' is null or p.closing->>'$prev_pageview_id' = p.properties->>'$pageview_id'))`;
  return sql`
    seq as (
      select id, event, user_id, occurred_at, route, path, properties,
        coalesce(session_id, id::text) as sid, coalesce(properties->>'$window_id', '') as wid,
        lead(occurred_at) over (partition by coalesce(session_id, id::text), coalesce(properties->>'$window_id', '')
          order by occurred_at, id) as next_at
      from analytics_events
      where occurred_at >= ${at(period.start)} and occurred_at < ${at(horizon)}
    ),
    nav as (
      select *, lead(properties) over (partition by sid, wid order by occurred_at, id) as closing
      from seq where event in ('$pageview', '$pageleave')
    ),
    views as (
      select coalesce(p.route, p.path, '') as route, p.user_id,
        coalesce(case when ${matched} then ${num(sql`p.closing->'$prev_pageview_duration'`)} end,
          extract(epoch from p.next_at - p.occurred_at)::float8) as seconds,
        case when ${matched} then ${clamp01(num(sql`p.closing->'$prev_pageview_max_scroll_percentage'`))} end as scroll
      from nav p
      where p.event = '$pageview' and p.occurred_at < ${at(period.end)}
        ${route === undefined ? sql`` : sql`and p.route = ${route}`}
    )`;
}

export interface PageRow {
  route: string;
  views: number;
  users: number;
  timedViews: number;
  medianSeconds: number | null;
  p80Seconds: number | null;
  avgScroll: number | null;
}

/** The most viewed routes with their users, time on page (median, 80th percentile) and average deepest scroll. */
export async function topPages(db: Queryable, period: Period, limit: number): Promise<PageRow[]> {
  const rows = rowsOf(
    await db.execute(sql`
      with ${pageViewsCte(period)}
      select route, count(*)::int as views, count(distinct user_id)::int as users, count(seconds)::int as timed,
        percentile_cont(0.5) within group (order by seconds) as median,
        percentile_cont(0.8) within group (order by seconds) as p80,
        avg(scroll) as scroll
      from views group by route order by views desc, route limit ${limit}`),
  );
  return rows.map((r) => ({
    route: String(r.route),
    views: n(r.views),
    users: n(r.users),
    timedViews: n(r.timed),
    medianSeconds: nOrNull(r.median),
    p80Seconds: nOrNull(r.p80),
    avgScroll: nOrNull(r.scroll),
  }));
}

/** How deep the views of one route scrolled: views per tenth (0 for 0-10 %, …, 9 for 90-100 %). */
export async function scrollDistribution(db: Queryable, period: Period, route: string) {
  const rows = rowsOf(
    await db.execute(sql`
      with ${pageViewsCte(period, route)}
      select least(floor(scroll * 10), 9)::int as tenth, count(*)::int as views, sum(scroll)::float8 as total
      from views where scroll is not null group by 1`),
  );
  return rows.map((r) => ({ tenth: n(r.tenth), views: n(r.views), total: n(r.total) }));
}

export interface EventUse {
  event: string;
  count: number;
  users: number;
}

/** Events and distinct users per event name, for the given names. */
export async function eventUse(db: Queryable, period: Period, events: string[]): Promise<EventUse[]> {
  if (events.length === 0) return [];
  const rows = rowsOf(
    await db.execute(sql`
      select event, count(*)::int as count, count(distinct user_id)::int as users
      from analytics_events where event in (${sql.join(
        events.map((e) => sql`${e}`),
        sql`, `,
      )}) and ${inPeriod(period)}
      group by event`),
  );
  return rows.map((r) => ({ event: String(r.event), count: n(r.count), users: n(r.users) }));
}

/** Distinct users per group of events (a feature's events), counted once per group. */
export async function usersPerGroup(
  db: Queryable,
  period: Period,
  groups: { group: string; event: string }[],
): Promise<Map<string, number>> {
  if (groups.length === 0) return new Map();
  const values = sql.join(
    groups.map((g) => sql`(${g.event}, ${g.group})`),
    sql`, `,
  );
  const rows = rowsOf(
    await db.execute(sql`
      select g.grp, count(distinct e.user_id)::int as users
      from analytics_events e join (values ${values}) as g(event, grp) on g.event = e.event
      where ${inPeriod(period, sql.raw('e.occurred_at'))}
      group by g.grp`),
  );
  return new Map(rows.map((r) => [String(r.grp), n(r.users)]));
}

export interface FunnelStepMatch {
  event: string;
  route?: string;
}

export interface FunnelStepRow {
  users: number;
  medianSeconds: number | null;
}

const stepMatch = (alias: string, step: FunnelStepMatch) =>
  sql`${sql.raw(alias)}.event = ${step.event}${step.route === undefined ? sql`` : sql` and ${sql.raw(alias)}.route = ${step.route}`}`;

/**
 * A funnel over a period (docs/ANALYTICS.md): a user enters at their first occurrence of step 1 in the period; each
 * next step counts at its first occurrence strictly after the previous step's, within `windowDays` of the entry and
 * before the period's end. Signed-in users only (a user id). Answers, per step, the users who reached it and the
 * median seconds from the previous step.
 */
export async function funnelSteps(
  db: Queryable,
  period: Pick<Period, 'start' | 'end'>,
  steps: FunnelStepMatch[],
  windowDays: number,
): Promise<FunnelStepRow[]> {
  const [first, ...rest] = steps;
  if (!first) return [];
  const ctes: SQL[] = [
    sql`s1 as (
      select e.user_id, min(e.occurred_at) as t0, min(e.occurred_at) as at
      from analytics_events e
      where ${stepMatch('e', first)} and e.user_id is not null and ${inPeriod(period, sql.raw('e.occurred_at'))}
      group by e.user_id)`,
  ];
  rest.forEach((step, i) => {
    const prev = sql.raw(`s${i + 1}`);
    ctes.push(sql`${sql.raw(`s${i + 2}`)} as (
      select p.user_id, p.t0, min(e.occurred_at) as at, extract(epoch from min(e.occurred_at) - p.at)::float8 as gap
      from ${prev} p join analytics_events e on e.user_id = p.user_id and ${stepMatch('e', step)}
        and e.occurred_at > p.at and e.occurred_at <= p.t0 + ${windowDays}::int * interval '1 day'
        and e.occurred_at < ${at(period.end)}
      group by p.user_id, p.t0, p.at)`);
  });
  const selects = steps.map((_, i) =>
    i === 0
      ? sql`select 1 as step, count(*)::int as users, null::float8 as median from s1`
      : sql`select ${i + 1}::int, count(*)::int, percentile_cont(0.5) within group (order by gap) from ${sql.raw(`s${i + 1}`)}`,
  );
  const rows = rowsOf(
    await db.execute(sql`with ${sql.join(ctes, sql`, `)} ${sql.join(selects, sql` union all `)} order by 1`),
  );
  return rows.map((r) => ({ users: n(r.users), medianSeconds: nOrNull(r.median) }));
}

export interface RetentionCell {
  cohort: string;
  week: number;
  users: number;
}

/**
 * Weekly first-time retention: a user's cohort is the Paris week (from Monday) of their first start event, when it
 * falls in the period and none came before it; they are active in week k when they did a return event (any event
 * when null) in the k-th week after, within the period. Answers the cohorts' sizes and their active users per week.
 */
export async function retention(
  db: Queryable,
  period: Period,
  startEvents: string[],
  returnEvent: string | null,
  weeks: number,
): Promise<{ cohorts: Map<string, number>; cells: RetentionCell[] }> {
  const starts = sql.join(
    startEvents.map((e) => sql`${e}`),
    sql`, `,
  );
  const cohortsCte = sql`
    firsts as (
      select e.user_id, min(e.occurred_at) as first_at
      from analytics_events e
      where e.event in (${starts}) and e.user_id is not null and ${inPeriod(period, sql.raw('e.occurred_at'))}
        and not exists (select 1 from analytics_events b where b.user_id = e.user_id and b.event in (${starts})
          and b.occurred_at < ${at(period.start)})
      group by e.user_id
    ),
    cohorts as (
      select user_id, first_at, date_trunc('week', first_at at time zone 'Europe/Paris')::date as week from firsts
    )`;
  const sizes = rowsOf(
    await db.execute(sql`with ${cohortsCte}
      select to_char(week, 'YYYY-MM-DD') as week, count(*)::int as users from cohorts group by week`),
  );
  const cells = rowsOf(
    await db.execute(sql`with ${cohortsCte},
      activity as (
        select distinct c.user_id, c.week,
          (date_trunc('week', e.occurred_at at time zone 'Europe/Paris')::date - c.week) / 7 as k
        from cohorts c join analytics_events e on e.user_id = c.user_id
          and ${inPeriod(period, sql.raw('e.occurred_at'))}
          ${returnEvent === null ? sql`` : sql`and e.event = ${returnEvent}`}
      )
      select to_char(week, 'YYYY-MM-DD') as week, k::int as k, count(*)::int as users
      from activity where k between 0 and ${weeks}::int group by week, k`),
  );
  return {
    cohorts: new Map(sizes.map((r) => [String(r.week), n(r.users)])),
    cells: cells.map((r) => ({ cohort: String(r.week), week: n(r.k), users: n(r.users) })),
  };
}

/** The path of a heatmap key (a URL as posthog-js sends it, or a path): no origin, query or fragment. */
const keyPath = (key: SQL) =>
  sql`split_part(split_part(regexp_replace(${key}, '^[A-Za-z][A-Za-z0-9+.-]*://[^/]*', ''), '?', 1), '#', 1)`;

/**
 * Click points of a route from `$$heatmap` events (posthog-js: `$heatmap_data` maps each page URL to points with
 * x, y in pixels from the page's top left and a type), counted in a grid whose cells are `cellSize` of the viewport
 * width on both axes. A point belongs to the route when its URL's path is one the route's page views had (the
 * ingestion stored path and route pattern side by side) or is the route pattern itself.
 */
export async function heatmapCells(db: Queryable, period: Period, route: string, cellSize: number, columns: number) {
  const x = num(sql`p.value->'x'`);
  const y = num(sql`p.value->'y'`);
  const rows = rowsOf(
    await db.execute(sql`
      with paths as (
        select distinct path from analytics_events
        where event = '$pageview' and route = ${route} and path is not null and ${inPeriod(period)}
      ),
      points as (
        select p.value->>'type' as type, ${x} / vw.width as x, ${y} / vw.width as y
        from analytics_events e
        cross join lateral (select ${num(sql`e.properties->'$viewport_width'`)} as width) vw
        cross join lateral jsonb_each(case when jsonb_typeof(e.properties->'$heatmap_data') = 'object'
          then e.properties->'$heatmap_data' else '{}'::jsonb end) d
        cross join lateral jsonb_array_elements(case when jsonb_typeof(d.value) = 'array'
          then d.value else '[]'::jsonb end) p
        where e.event = '$$heatmap' and ${inPeriod(period, sql.raw('e.occurred_at'))} and vw.width > 0
          and (${keyPath(sql`d.key`)} = ${route} or ${keyPath(sql`d.key`)} in (select path from paths))
      )
      select type, least(floor(x / ${cellSize}::float8), ${columns - 1}::int)::int as col,
        floor(y / ${cellSize}::float8)::int as row, count(*)::int as count
      from points
      where type in ('click', 'rageclick') and x >= 0 and y >= 0 and y < 100
      group by 1, 2, 3`),
  );
  return rows.map((r) => ({ type: String(r.type), column: n(r.col), row: n(r.row), count: n(r.count) }));
}

/**
 * The clicked elements of a route (autocapture `$autocapture` with `$event_type` = click): the first element of
 * `$elements_chain` (or of the older `$elements` array), grouped as sent, most clicked first.
 */
export async function clickedElements(db: Queryable, period: Period, route: string, limit = 500) {
  const rows = rowsOf(
    await db.execute(sql`
      select coalesce(nullif(split_part(properties->>'$elements_chain', ';', 1), ''),
          case when jsonb_typeof(properties->'$elements') = 'array' then (properties->'$elements'->0)::text end) as el,
        count(*)::int as count
      from analytics_events
      where event = '$autocapture' and properties->>'$event_type' = 'click' and route = ${route} and ${inPeriod(period)}
      group by 1 order by 2 desc limit ${limit}`),
  );
  return rows.filter((r) => r.el !== null).map((r) => ({ element: String(r.el), count: n(r.count) }));
}

/** Front-end exceptions and API errors grouped by type or code (and status), most frequent first. */
export async function errorGroups(db: Queryable, period: Period, limit: number) {
  const rows = rowsOf(
    await db.execute(sql`
      select case when event = '$exception' then 'web' else 'api' end as source,
        case when event = '$exception'
          then coalesce(nullif(properties->>'$exception_type', ''),
            case when jsonb_typeof(properties->'$exception_list') = 'array'
              then nullif(properties->'$exception_list'->0->>'type', '') end, 'Error')
          else coalesce(nullif(properties->>'code', ''), 'unknown') end as code,
        case when event = 'api_error' and ${num(sql`properties->'status'`)} between 100 and 599
          then floor(${num(sql`properties->'status'`)})::int end as status,
        count(*)::int as count, count(distinct user_id)::int as users, max(occurred_at) as last_seen
      from analytics_events where event in ('$exception', 'api_error') and ${inPeriod(period)}
      group by 1, 2, 3 order by count desc, last_seen desc limit ${limit}`),
  );
  return rows.map((r) => ({
    source: String(r.source) as 'web' | 'api',
    code: String(r.code),
    status: nOrNull(r.status),
    count: n(r.count),
    users: n(r.users),
    lastSeenAt: date(r.last_seen),
  }));
}

export async function errorTotals(db: Queryable, period: Period) {
  const [r] = rowsOf(
    await db.execute(sql`
      select count(*) filter (where event = '$exception')::int as exceptions,
        count(*) filter (where event = 'api_error')::int as api_errors
      from analytics_events where event in ('$exception', 'api_error') and ${inPeriod(period)}`),
  );
  return { exceptions: n(r?.exceptions), apiErrors: n(r?.api_errors) };
}

/** `api_error` events in [since, until). */
export async function countApiErrors(db: Queryable, since: Date, until: Date): Promise<number> {
  const [r] = rowsOf(
    await db.execute(sql`
      select count(*)::int as count from analytics_events
      where event = 'api_error' and ${inPeriod({ start: since, end: until })}`),
  );
  return n(r?.count);
}

export interface RecordingRow {
  sessionId: string;
  userId: string | null;
  userName: string | null;
  startedAt: Date;
  endedAt: Date;
  /** Seconds since the epoch of `startedAt`, to the microsecond (the cursor). */
  startedEpoch: string;
}

/** Sessions that started in the period and have a replay, newest first, keyset-paged on (start, session id). */
export async function recordingSessions(
  db: Queryable,
  period: Period,
  limit: number,
  after?: { epoch: string; sessionId: string },
): Promise<{ rows: RecordingRow[]; total: number }> {
  const sessions = sql`
    sessions as (
      select r.session_id, min(r.first_at) as started_at, max(r.last_at) as ended_at,
        (array_agg(r.user_id order by r.first_at) filter (where r.user_id is not null))[1] as user_id
      from analytics_recordings r
      where r.first_at < ${at(period.end)} and r.last_at >= ${at(new Date(period.start.getTime() - 86_400_000))}
      group by r.session_id
      having min(r.first_at) >= ${at(period.start)} and min(r.first_at) < ${at(period.end)}
    )`;
  const rows = rowsOf(
    await db.execute(sql`with ${sessions}
      select s.session_id, s.user_id, u.name as user_name, s.started_at, s.ended_at,
        extract(epoch from s.started_at)::text as started_epoch
      from sessions s left join users u on u.id = s.user_id
      ${after ? sql`where (extract(epoch from s.started_at), s.session_id) < (${after.epoch}::numeric, ${after.sessionId})` : sql``}
      order by s.started_at desc, s.session_id desc limit ${limit}`),
  );
  const [total] = rowsOf(await db.execute(sql`with ${sessions} select count(*)::int as total from sessions`));
  return {
    rows: rows.map((r) => ({
      sessionId: String(r.session_id),
      userId: (r.user_id as string | null) ?? null,
      userName: (r.user_name as string | null) ?? null,
      startedAt: date(r.started_at),
      endedAt: date(r.ended_at),
      startedEpoch: String(r.started_epoch),
    })),
    total: n(total?.total),
  };
}

/** Page views of these sessions between their bounds: count and routes in order of first view. */
export async function sessionPages(
  db: Queryable,
  sessions: { sessionId: string; startedAt: Date; endedAt: Date }[],
): Promise<Map<string, { views: number; routes: string[] }>> {
  if (sessions.length === 0) return new Map();
  const from = new Date(Math.min(...sessions.map((s) => s.startedAt.getTime())) - 3_600_000);
  const to = new Date(Math.max(...sessions.map((s) => s.endedAt.getTime())) + 3_600_000);
  const ids = sql.join(
    sessions.map((s) => sql`${s.sessionId}`),
    sql`, `,
  );
  const rows = rowsOf(
    await db.execute(sql`
      select session_id, coalesce(route, path, '') as route, count(*)::int as views, min(occurred_at) as first_at
      from analytics_events
      where event = '$pageview' and session_id in (${ids}) and ${inPeriod({ start: from, end: to })}
      group by 1, 2 order by 1, first_at`),
  );
  const bySession = new Map<string, { views: number; routes: string[] }>();
  for (const r of rows) {
    const id = String(r.session_id);
    const s = bySession.get(id) ?? { views: 0, routes: [] };
    s.views += n(r.views);
    s.routes.push(String(r.route));
    bySession.set(id, s);
  }
  return bySession;
}

/** The replay chunks of a session in order, with its user. */
export async function recordingChunks(db: Queryable, sessionId: string) {
  const rows = rowsOf(
    await db.execute(sql`
      select r.window_id, r.user_id, u.name as user_name, r.first_at, r.last_at, r.data
      from analytics_recordings r left join users u on u.id = r.user_id
      where r.session_id = ${sessionId} order by r.first_at, r.id`),
  );
  return rows.map((r) => ({
    windowId: (r.window_id as string | null) ?? null,
    userId: (r.user_id as string | null) ?? null,
    userName: (r.user_name as string | null) ?? null,
    firstAt: date(r.first_at),
    lastAt: date(r.last_at),
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as unknown[],
  }));
}
