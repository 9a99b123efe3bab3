import {
  departmentOfPostalCode,
  FRENCH_DEPARTMENTS,
  FRENCH_REGIONS,
  type FrenchRegionCode,
  LOST_REASON_CODES,
  MANDAT_STAGES,
} from '@crm/contracts';
import type { z } from 'zod';
import type { Ctx } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import {
  bucketsOf,
  type Period,
  periodDto,
  periodOf,
  previousPeriod,
  resolvePeriod,
} from '../../../platform/time/period.ts';
import { percentOf } from '../product/product.service.ts';
import {
  type ActivitySchema,
  type ActivityTrendsSchema,
  type DealStatusSchema,
  type EmailVolumeSchema,
  type ForecastSchema,
  type GeographySchema,
  type LostReasonsSchema,
  type OrganisationTypesSchema,
  type PerformanceSchema,
  type RevenueByCategorySchema,
  type RevenueSchema,
  SALES_MAX_DAYS,
  type SalesFunnelSchema,
  type SalesInput,
  type SourcesSchema,
  type TopOrganisationsSchema,
} from './sales.contracts.ts';
import * as repo from './sales.repo.ts';
import { targetsFor } from './targets.service.ts';

/**
 * The sales analytics (docs/SALES_ANALYTICS.md): any signed-in user; the repository scopes every figure
 * to what the caller may see. Each answer repeats the query it computed, defaults filled in.
 */

type Dto<S extends z.ZodType> = z.infer<S>;

/** Periods of the sales analytics: at most SALES_MAX_DAYS, errors `sales_analytics.*`. */
const SALES_PERIOD = { errorPrefix: 'sales_analytics', maxDays: SALES_MAX_DAYS };

function prepare(ctx: Ctx, q: SalesInput) {
  if (!ctx.actor.role && ctx.actor.type !== 'system') {
    throw new AppError('auth.unauthenticated', 'Authentication is required');
  }
  const period = resolvePeriod(q, ctx.deps.clock.now(), SALES_PERIOD);
  const filter: repo.SalesFilter = {
    actor: ctx.actor,
    teamId: q.teamId,
    ownerIds: q.ownerIds,
    kind: q.kind,
    currency: q.currency,
  };
  const head = {
    query: {
      from: period.from,
      to: period.to,
      granularity: q.granularity,
      teamId: q.teamId ?? null,
      ownerIds: q.ownerIds ?? [],
      kind: q.kind ?? null,
      currency: q.currency,
    },
    period: periodDto(period, q.granularity),
  };
  return { db: ctx.deps.database.db, period, filter, head };
}

/** The same days one year before (29 February becomes the 28th). */
export function yearBefore(period: Period): Period {
  const back = (day: string) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
    return `${y - 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  };
  return periodOf(back(period.from), back(period.to));
}

/** The targets of the months of the period (docs/SALES_ANALYTICS.md, "Targets"), at the level the query implies. */
async function targetsOf(ctx: Ctx, q: SalesInput, period: Period) {
  const months = bucketsOf(period, 'month');
  const { level, byMonth } = await targetsFor(ctx.deps.database.db, ctx.actor, q, {
    from: months[0] as string,
    to: months.at(-1) as string,
  });
  const total = byMonth.size ? round2([...byMonth.values()].reduce((s, v) => s + v, 0)) : null;
  return { byMonth, summary: { level, total } };
}

const sumOf = (rows: repo.RevenueBucket[]) => ({
  won: rows.reduce((s, r) => s + r.won, 0),
  amount: round2(rows.reduce((s, r) => s + r.amount, 0)),
  commission: round2(rows.reduce((s, r) => s + r.commission, 0)),
});
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Won amounts and commissions per bucket, with the previous period and the same period a year before. */
export async function salesRevenue(ctx: Ctx, q: SalesInput): Promise<Dto<typeof RevenueSchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const previous = previousPeriod(period);
  const yearAgo = yearBefore(period);
  const g = q.granularity;
  const [now, before, lastYear, otherCurrencies] = await Promise.all([
    repo.revenueByBucket(db, filter, period, g),
    repo.revenueByBucket(db, filter, previous, g),
    repo.revenueByBucket(db, filter, yearAgo, g),
    repo.wonInOtherCurrencies(db, filter, period),
  ]);
  // The buckets of the other periods are matched by position: the i-th month of the period with the i-th before.
  const amountAt = (rows: repo.RevenueBucket[], p: Period) => {
    const by = new Map(rows.map((r) => [r.bucket, r.amount]));
    return bucketsOf(p, g).map((b) => by.get(b) ?? 0);
  };
  const targets = await targetsOf(ctx, q, period);
  const prevAmounts = amountAt(before, previous);
  const yearAmounts = amountAt(lastYear, yearAgo);
  const by = new Map(now.map((r) => [r.bucket, r]));
  return {
    ...head,
    series: bucketsOf(period, g).map((bucket, i) => ({
      bucket,
      won: by.get(bucket)?.won ?? 0,
      amount: by.get(bucket)?.amount ?? 0,
      commission: by.get(bucket)?.commission ?? 0,
      previousAmount: prevAmounts[i] ?? null,
      yearAgoAmount: yearAmounts[i] ?? null,
      target: g === 'month' ? (targets.byMonth.get(bucket) ?? null) : null,
    })),
    target: targets.summary,
    totals: sumOf(now),
    previous: { period: periodDto(previous, g), totals: sumOf(before) },
    yearAgo: { period: periodDto(yearAgo, g), totals: sumOf(lastYear) },
    otherCurrencies,
  };
}

/** The open pipeline by month of expected closing, weighted by probability, and what moved in the last 7 days. */
export async function salesForecast(ctx: Ctx, q: SalesInput): Promise<Dto<typeof ForecastSchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const now = ctx.deps.clock.now();
  const [rows, lastWeek] = await Promise.all([
    repo.openPipeline(db, filter, period),
    repo.pipelineMoves(db, filter, { start: new Date(now.getTime() - 7 * 86_400_000), end: now }),
  ]);
  const [won, targets] = await Promise.all([
    repo.revenueByBucket(db, filter, period, 'month'),
    targetsOf(ctx, q, period),
  ]);
  const empty = { count: 0, amount: 0, weighted: 0 };
  const by = new Map(rows.map(({ bucket, ...r }) => [bucket, r]));
  const wonBy = new Map(won.map((r) => [r.bucket, r.amount]));
  const months = bucketsOf(period, 'month').map((bucket) => ({
    bucket,
    ...(by.get(bucket) ?? empty),
    won: wonBy.get(bucket) ?? 0,
    target: targets.byMonth.get(bucket) ?? null,
  }));
  return {
    ...head,
    months,
    target: targets.summary,
    overdue: by.get('overdue') ?? empty,
    later: by.get('later') ?? empty,
    undated: by.get('undated') ?? empty,
    totals: {
      count: rows.reduce((s, r) => s + r.count, 0),
      amount: round2(rows.reduce((s, r) => s + r.amount, 0)),
      weighted: round2(rows.reduce((s, r) => s + r.weighted, 0)),
    },
    lastWeek,
  };
}

/** The stage funnel of the mandates created in the period. */
export async function salesFunnel(ctx: Ctx, q: SalesInput): Promise<Dto<typeof SalesFunnelSchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const rows = await repo.stageFunnel(db, filter, period);
  const first = rows[0]?.reached ?? 0;
  return {
    ...head,
    cohort: first,
    steps: rows.map((r, i) => ({
      stage: r.stage as Dto<typeof SalesFunnelSchema>['steps'][number]['stage'],
      reached: r.reached,
      conversionFromPrevious: i === 0 ? null : percentOf(r.reached, rows[i - 1]?.reached ?? 0),
      conversionFromFirst: i === 0 ? null : percentOf(r.reached, first),
      lostFrom: r.lostFrom,
      medianDays: r.medianDays,
      p80Days: r.p80Days,
      timed: r.timed,
    })),
  };
}

/** The mandates created in the period by their current stage. */
export async function salesDealStatus(ctx: Ctx, q: SalesInput): Promise<Dto<typeof DealStatusSchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  return { ...head, stages: await repo.dealStatus(db, filter, period) };
}

/** The organisations with the largest won amount. */
export async function salesTopOrganisations(
  ctx: Ctx,
  q: SalesInput & { limit: number },
): Promise<Dto<typeof TopOrganisationsSchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const items = await repo.topOrganisations(db, filter, period, q.limit);
  return { ...head, items: items as Dto<typeof TopOrganisationsSchema>['items'] };
}

/** Per user: interactions, mandates opened, won and lost, win rate, won amount, average deal, cycle length. */
export async function salesPerformance(ctx: Ctx, q: SalesInput): Promise<Dto<typeof PerformanceSchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const [mandats, interactions] = await Promise.all([
    repo.mandatPerformance(db, filter, period),
    repo.interactionsPerOwner(db, filter, period),
  ]);
  const ids = [...new Set([...mandats.map((m) => m.userId), ...interactions.keys()])];
  const names = await repo.userNames(db, ids);
  const byUser = new Map(mandats.map((m) => [m.userId, m]));
  const users = ids
    .filter((id) => names.has(id))
    .map((userId) => {
      const m = byUser.get(userId);
      const won = m?.won ?? 0;
      const lost = m?.lost ?? 0;
      return {
        userId,
        name: names.get(userId) as string,
        interactions: interactions.get(userId) ?? 0,
        opened: m?.opened ?? 0,
        won,
        lost,
        winRate: percentOf(won, won + lost),
        wonAmount: m?.wonAmount ?? 0,
        averageDeal: m?.averageDeal ?? null,
        cycleDays: m?.cycleDays ?? null,
      };
    })
    .sort((a, b) => b.wonAmount - a.wonAmount || a.name.localeCompare(b.name, 'fr'));
  return { ...head, users };
}

type InteractionType = keyof Dto<typeof ActivitySchema>['totals'];

/** Interactions per day and type (every day of the period, zeros included). */
export async function salesActivity(ctx: Ctx, q: SalesInput): Promise<Dto<typeof ActivitySchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const rows = await repo.activityByDay(db, filter, period);
  const days = new Map<string, { day: string; total: number; byType: Partial<Record<InteractionType, number>> }>();
  for (const day of bucketsOf(period, 'day')) days.set(day, { day, total: 0, byType: {} });
  const totals: Partial<Record<InteractionType, number>> = {};
  for (const r of rows) {
    const d = days.get(r.day);
    if (!d) continue;
    const type = r.type as InteractionType;
    d.total += r.count;
    d.byType[type] = r.count;
    totals[type] = (totals[type] ?? 0) + r.count;
  }
  return { ...head, days: [...days.values()], totals };
}

/** Meetings, pitches, calls, e-mails and closings per bucket. */
export async function salesActivityTrends(ctx: Ctx, q: SalesInput): Promise<Dto<typeof ActivityTrendsSchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const { interactions, closings } = await repo.activityTrends(db, filter, period, q.granularity);
  const byI = new Map(interactions.map((r) => [String(r.bucket), r]));
  const byC = new Map(closings.map((r) => [String(r.bucket), Number(r.won)]));
  return {
    ...head,
    series: bucketsOf(period, q.granularity).map((bucket) => {
      const i = byI.get(bucket);
      return {
        bucket,
        meetings: Number(i?.meetings ?? 0),
        pitches: Number(i?.pitches ?? 0),
        calls: Number(i?.calls ?? 0),
        emails: Number(i?.emails ?? 0),
        closings: byC.get(bucket) ?? 0,
      };
    }),
  };
}

/** Campaign e-mails sent, delivered, opened, clicked, bounced and unsubscribed from, per bucket. */
export async function salesEmailVolume(ctx: Ctx, q: SalesInput): Promise<Dto<typeof EmailVolumeSchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const rows = new Map((await repo.emailVolume(db, filter, period, q.granularity)).map((r) => [String(r.bucket), r]));
  const n = (v: unknown) => Number(v ?? 0);
  return {
    ...head,
    series: bucketsOf(period, q.granularity).map((bucket) => {
      const r = rows.get(bucket);
      return {
        bucket,
        sent: n(r?.sent),
        delivered: n(r?.delivered),
        opened: n(r?.opened),
        clicked: n(r?.clicked),
        bounced: n(r?.bounced),
        unsubscribed: n(r?.unsubscribed),
      };
    }),
  };
}

/** Organisations per type, and what was won with each type in the period. */
export async function salesOrganisationTypes(ctx: Ctx, q: SalesInput): Promise<Dto<typeof OrganisationTypesSchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const { orgs, won } = await repo.organisationTypes(db, filter, period);
  const types = new Map<string, { organisations: number; won: number; amount: number }>();
  const entry = (type: string) => {
    const e = types.get(type) ?? { organisations: 0, won: 0, amount: 0 };
    types.set(type, e);
    return e;
  };
  for (const r of orgs) entry(String(r.type)).organisations = Number(r.n);
  for (const r of won) Object.assign(entry(String(r.type)), { won: Number(r.won), amount: Number(r.amount) });
  return {
    ...head,
    types: [...types]
      .map(([type, e]) => ({ type: type as Dto<typeof OrganisationTypesSchema>['types'][number]['type'], ...e }))
      .sort((a, b) => b.amount - a.amount || b.organisations - a.organisations || a.type.localeCompare(b.type)),
  };
}

/** Mandates closed in the period by source: won and lost (the sankey). */
export async function salesSources(ctx: Ctx, q: SalesInput): Promise<Dto<typeof SourcesSchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const sources = await repo.sourceFlows(db, filter, period);
  return {
    ...head,
    sources: (sources as Dto<typeof SourcesSchema>['sources']).sort(
      (a, b) => b.won + b.lost - (a.won + a.lost) || String(a.source).localeCompare(String(b.source)),
    ),
  };
}

type Place = { organisations: number; won: number; amount: number };
const emptyPlace = (): Place => ({ organisations: 0, won: 0, amount: 0 });

/** Organisations and won amounts by country, and for France by region and department (from postal codes). */
export async function salesGeography(ctx: Ctx, q: SalesInput): Promise<Dto<typeof GeographySchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const { organisations, won } = await repo.organisationsByPlace(db, filter, period);
  const countries = new Map<string, Place>();
  const departments = new Map<string, Place>();
  const unknown = emptyPlace();
  const at = <K>(m: Map<K, Place>, k: K) => {
    const e = m.get(k) ?? emptyPlace();
    m.set(k, e);
    return e;
  };
  const places = (country: string, postal: string) => {
    const out = [at(countries, country)];
    if (country === 'FR') {
      const dept = departmentOfPostalCode(postal);
      out.push(dept ? at(departments, dept) : unknown);
    }
    return out;
  };
  for (const r of organisations) for (const p of places(r.country, r.postal)) p.organisations += r.organisations;
  for (const r of won) {
    for (const p of places(r.country, r.postal)) {
      p.won += r.won;
      p.amount = round2(p.amount + r.amount);
    }
  }
  const regions = new Map<string, Place>();
  for (const [code, d] of departments) {
    const r = at(regions, FRENCH_DEPARTMENTS[code]?.region as string);
    r.organisations += d.organisations;
    r.won += d.won;
    r.amount = round2(r.amount + d.amount);
  }
  const byAmount = <T extends Place>(a: T, b: T) => b.amount - a.amount || b.organisations - a.organisations;
  return {
    ...head,
    countries: [...countries].map(([countryCode, p]) => ({ countryCode, ...p })).sort(byAmount),
    regions: [...regions]
      .map(([code, p]) => ({ code, name: FRENCH_REGIONS[code as FrenchRegionCode], ...p }))
      .sort(byAmount),
    departments: [...departments]
      .map(([code, p]) => ({
        code,
        name: FRENCH_DEPARTMENTS[code]?.name as string,
        region: FRENCH_DEPARTMENTS[code]?.region as string,
        ...p,
      }))
      .sort(byAmount),
    unknown,
  };
}

/** Won amounts by fund, with asset class and category (asset class → category → fund). */
export async function salesRevenueByCategory(ctx: Ctx, q: SalesInput): Promise<Dto<typeof RevenueByCategorySchema>> {
  const { db, period, filter, head } = prepare(ctx, q);
  const items = await repo.revenueByFund(db, filter, period);
  return { ...head, items, totals: { amount: round2(items.reduce((s, i) => s + i.amount, 0)) } };
}

type LostReasonsDto = Dto<typeof LostReasonsSchema>;
type LostCode = LostReasonsDto['reasons'][number]['code'];
type LostFrom = LostReasonsDto['reasons'][number]['fromStages'][number]['stage'];
/** Pipeline order, `null` (none recorded, created lost) last. */
const orderOf = (list: readonly string[], v: string | null) => (v === null ? list.length : list.indexOf(v));

/**
 * Mandates lost in the period by reason, most frequent first (then by amount, then in the codes' order): count,
 * amount, share of the count, and the stages they were lost from.
 */
export async function salesLostReasons(ctx: Ctx, q: SalesInput): Promise<LostReasonsDto> {
  const { db, period, filter, head } = prepare(ctx, q);
  const rows = await repo.lostReasons(db, filter, period);
  const byCode = new Map<LostCode, { count: number; amount: number; from: Map<LostFrom, number> }>();
  let otherCurrencies = 0;
  for (const r of rows) {
    otherCurrencies += r.otherCurrencies;
    if (r.count === 0) continue;
    const code = r.code as LostCode;
    const e = byCode.get(code) ?? { count: 0, amount: 0, from: new Map<LostFrom, number>() };
    byCode.set(code, e);
    e.count += r.count;
    e.amount = round2(e.amount + r.amount);
    const stage = r.stage as LostFrom;
    e.from.set(stage, (e.from.get(stage) ?? 0) + r.count);
  }
  const entries = [...byCode];
  const total = entries.reduce((s, [, e]) => s + e.count, 0);
  return {
    ...head,
    reasons: entries
      .sort(
        ([ca, a], [cb, b]) =>
          b.count - a.count || b.amount - a.amount || orderOf(LOST_REASON_CODES, ca) - orderOf(LOST_REASON_CODES, cb),
      )
      .map(([code, e]) => ({
        code,
        count: e.count,
        amount: e.amount,
        share: percentOf(e.count, total),
        fromStages: [...e.from]
          .sort(([a], [b]) => orderOf(MANDAT_STAGES, a) - orderOf(MANDAT_STAGES, b))
          .map(([stage, count]) => ({ stage, count })),
      })),
    totals: { count: total, amount: round2(entries.reduce((s, [, e]) => s + e.amount, 0)) },
    otherCurrencies,
  };
}
