import type { Role } from '@crm/contracts';
import dayjs from 'dayjs';
import { PARIS } from '../paris-time.ts';

/**
 * What the `/analytics` hub shows, kept in the URL so that a view can be shared (docs/SALES_ANALYTICS.md, "Web
 * app"): the period (Paris calendar days, both included), the granularity of the series, the comparison with the
 * previous period, the team, the owners and the kind of mandate. Pure: parsed, written and turned into API queries
 * and into the addresses of the records behind a figure (drill-through) without React.
 */
export const TABS = ['ventes', 'marketing', 'activite', 'performance'] as const;
export type Tab = (typeof TABS)[number];
export const PRESETS = ['7d', '30d', '12m', 'ytd'] as const;
export type Preset = (typeof PRESETS)[number];
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const KINDS = ['distribution', 'placement'] as const;
export type Kind = (typeof KINDS)[number];
/** The longest period the API takes (`sales_analytics.period_too_long`). */
export const MAX_DAYS = 1_100;

export interface SalesView {
  from: string;
  to: string;
  granularity: Granularity;
  compare: boolean;
  teamId: string | null;
  ownerIds: string[];
  kind: Kind | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const periodDays = (v: Pick<SalesView, 'from' | 'to'>) => dayjs(v.to).diff(dayjs(v.from), 'day') + 1;

/** The granularity that reads best over a number of days: days up to a month, weeks up to four months, else months. */
export const granularityFor = (days: number): Granularity => (days <= 31 ? 'day' : days <= 124 ? 'week' : 'month');

/** A preset's days, up to `today` included. */
export function presetRange(preset: Preset, today: string): { from: string; to: string } {
  const end = dayjs(today);
  switch (preset) {
    case '7d':
      return { from: end.subtract(6, 'day').format('YYYY-MM-DD'), to: today };
    case '30d':
      return { from: end.subtract(29, 'day').format('YYYY-MM-DD'), to: today };
    case '12m':
      return { from: end.subtract(12, 'month').add(1, 'day').format('YYYY-MM-DD'), to: today };
    case 'ytd':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

/** The preset a view's days are, if any (its button shows pressed). */
export function presetOf(view: Pick<SalesView, 'from' | 'to'>, today: string): Preset | null {
  return (
    PRESETS.find((p) => {
      const r = presetRange(p, today);
      return r.from === view.from && r.to === view.to;
    }) ?? null
  );
}

/** The view of the URL; what is missing or unreadable takes its default (the last 12 months, by month). */
export function readView(params: URLSearchParams, today: string): SalesView {
  let { from, to } = presetRange('12m', today);
  const f = params.get('from') ?? '';
  const t = params.get('to') ?? '';
  if (DAY.test(f) && DAY.test(t) && f <= t && periodDays({ from: f, to: t }) <= MAX_DAYS) {
    from = f;
    to = t;
  }
  const g = params.get('granularity') as Granularity | null;
  const kind = params.get('kind') as Kind | null;
  const teamId = params.get('teamId');
  return {
    from,
    to,
    granularity: g && GRANULARITIES.includes(g) ? g : granularityFor(periodDays({ from, to })),
    compare: params.get('compare') === '1',
    teamId: teamId && UUID.test(teamId) ? teamId : null,
    ownerIds: (params.get('ownerIds') ?? '')
      .split(',')
      .filter((id) => UUID.test(id))
      .slice(0, 100),
    kind: kind && KINDS.includes(kind) ? kind : null,
  };
}

/**
 * The filters a caller may choose, from the scope rule the analytics apply (docs/DOMAIN.md: administrators see
 * everything, anyone else what they own and what their team owns): the team only for an administrator (anyone
 * else sees one team at most, and another team's id gives nothing); the sales people for an administrator and for a
 * member of a team (their teammates), not for someone in no team, who sees their own records only.
 */
export interface HubFilters {
  team: boolean;
  owners: boolean;
}

export function hubFilters(user: { role: Role; teamId: string | null }): HubFilters {
  const admin = user.role === 'admin';
  return { team: admin, owners: admin || user.teamId !== null };
}

/** The view without the filters the caller may not choose (a link an administrator shared): no hidden narrowing. */
export function withinFilters(view: SalesView, filters: HubFilters): SalesView {
  return {
    ...view,
    teamId: filters.team ? view.teamId : null,
    ownerIds: filters.owners ? view.ownerIds : [],
  };
}

/** Writes a change of the view into URL parameters (the tab and anything else are kept). */
export function writeView(params: URLSearchParams, patch: Partial<SalesView>): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string | null) => (value ? next.set(key, value) : next.delete(key));
  if (patch.from !== undefined) set('from', patch.from);
  if (patch.to !== undefined) set('to', patch.to);
  if (patch.granularity !== undefined) set('granularity', patch.granularity);
  if (patch.compare !== undefined) set('compare', patch.compare ? '1' : null);
  if (patch.teamId !== undefined) set('teamId', patch.teamId);
  if (patch.ownerIds !== undefined) set('ownerIds', patch.ownerIds.join(','));
  if (patch.kind !== undefined) set('kind', patch.kind);
  return next;
}

/** The query every `/api/v1/analytics/...` endpoint takes (docs/SALES_ANALYTICS.md, "The query"). */
export function apiQuery(view: SalesView) {
  return {
    from: view.from,
    to: view.to,
    granularity: view.granularity,
    ...(view.teamId ? { teamId: view.teamId } : {}),
    ...(view.ownerIds.length ? { ownerIds: view.ownerIds } : {}),
    ...(view.kind ? { kind: view.kind } : {}),
  };
}
export type ApiQuery = ReturnType<typeof apiQuery>;

/** The period of the same length just before the view's (the comparison). */
export function previousRange(view: Pick<SalesView, 'from' | 'to'>): { from: string; to: string } {
  const days = periodDays(view);
  const to = dayjs(view.from).subtract(1, 'day');
  return { from: to.subtract(days - 1, 'day').format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') };
}

/** The later and the earlier of two days (YYYY-MM-DD strings sort as the days they name). */
export const laterDay = (a: string, b: string) => [a, b].sort()[1] as string;
export const earlierDay = (a: string, b: string) => [a, b].sort()[0] as string;

/** The first instant of a Paris day, and the last (the list filters compare instants, both included). */
export const dayStart = (day: string) => dayjs.tz(day, PARIS).toISOString();
export const dayEnd = (day: string) => dayjs.tz(day, PARIS).add(1, 'day').subtract(1, 'ms').toISOString();

/** The days a bucket of the series covers within the view: from its first day (or `from`) to its last (or `to`). */
export function bucketDays(bucket: string, granularity: Granularity, view: Pick<SalesView, 'from' | 'to'>) {
  const last =
    granularity === 'day'
      ? bucket
      : granularity === 'week'
        ? dayjs(bucket).add(6, 'day').format('YYYY-MM-DD')
        : dayjs(bucket).endOf('month').format('YYYY-MM-DD');
  return { from: laterDay(bucket, view.from), to: earlierDay(last, view.to) };
}

const OPEN_STAGES = ['lead', 'rdv', 'pitch', 'due_diligence', 'negociation'] as const;

/** The filters of the view as the mandates list reads them (`/mandats?mode=list&...`). */
function mandatScope(view: SalesView): Record<string, string> {
  return {
    mode: 'list',
    ...(view.teamId ? { teamId: view.teamId } : {}),
    ...(view.ownerIds.length ? { ownerId: view.ownerIds.join(',') } : {}),
    ...(view.kind ? { kind: view.kind } : {}),
    currency: 'EUR',
  };
}

/** An address with its query; empty values are left out (a filter taken off). */
const href = (path: string, query: Record<string, string>) =>
  `${path}?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '')).toString()}`;

/**
 * Drill-through: the list of the records behind a figure, with the filters that select exactly them (the counts
 * match the chart's), within what the caller sees (the list applies the same scope as the analytics).
 */
export const drill = {
  /** Mandates won (or lost) in some days: a bucket of the revenue, a source's flow, an organisation's wins. */
  closed(view: SalesView, days: { from: string; to: string }, extra: Record<string, string> = {}, stage = 'gagne') {
    return href('/mandats', {
      ...mandatScope(view),
      stage,
      closedFrom: dayStart(days.from),
      closedTo: dayEnd(days.to),
      ...extra,
    });
  },
  /** Mandates created in the view's days, by their current stage (the deal status). */
  created(view: SalesView, stage: string) {
    return href('/mandats', {
      ...mandatScope(view),
      stage,
      createdFrom: dayStart(view.from),
      createdTo: dayEnd(view.to),
    });
  },
  /** Open mandates expected to close in some days (a month of the forecast). */
  expected(view: SalesView, days: { from: string; to: string }) {
    return href('/mandats', {
      ...mandatScope(view),
      stage: OPEN_STAGES.join(','),
      expectedCloseFrom: days.from,
      expectedCloseTo: days.to,
    });
  },
  /** An owner's mandates won in the view's days (the performance of one person). */
  ownerWon(view: SalesView, ownerId: string) {
    return href('/mandats', {
      ...mandatScope({ ...view, ownerIds: [ownerId] }),
      stage: 'gagne',
      closedFrom: dayStart(view.from),
      closedTo: dayEnd(view.to),
    });
  },
  /** Organisations the caller sees, by type or by country. */
  organisations(query: Record<string, string>) {
    return href('/organisations', query);
  },
};
