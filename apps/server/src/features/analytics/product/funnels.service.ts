import { audit, diffFields } from '../../../platform/audit/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/client.ts';
import { withTx } from '../../../platform/db/tx.ts';
import { AppError } from '../../../platform/errors.ts';
import { type Period, periodDto, resolvePeriod } from '../../../platform/time/period.ts';
import type { FunnelStep } from '../analytics.schema.ts';
import { evictAnalyticsAnswers } from './analytics-cache.ts';
import {
  deleteFunnelRow,
  type FunnelRow,
  findFunnelRow,
  insertFunnelRow,
  listFunnelRows,
  updateFunnelRow,
} from './funnels.repo.ts';
import type {
  CreateFunnelInput,
  FunnelDto,
  FunnelQueryInput,
  FunnelResultDto,
  PeriodInput,
  UpdateFunnelInput,
} from './product.contracts.ts';
import { funnelSteps } from './product.repo.ts';
import { PRODUCT_PERIOD, percentOf, requireAdmin } from './product.service.ts';

const ENTITY = 'analytics_funnel';
const notFound = (id: string) => new AppError('funnel.not_found', `Funnel ${id} was not found`);

const toDto = (row: FunnelRow): FunnelDto => ({
  id: row.id,
  name: row.name,
  steps: row.steps.map((s) => (s.route === undefined ? { event: s.event } : { event: s.event, route: s.route })),
  windowDays: row.windowDays,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const cleanSteps = (steps: FunnelStep[]): FunnelStep[] =>
  steps.map((s) => (s.route === undefined ? { event: s.event } : { event: s.event, route: s.route }));

/** A funnel's results per step: users, conversions from the previous and the first step, drop-off, median time. */
export async function funnelResult(
  db: Queryable,
  period: Period,
  steps: FunnelStep[],
  windowDays: number,
): Promise<FunnelResultDto> {
  const rows = await funnelSteps(db, period, steps, windowDays);
  const first = rows[0]?.users ?? 0;
  return {
    period: periodDto(period),
    windowDays,
    steps: steps.map((step, i) => {
      const users = rows[i]?.users ?? 0;
      const previous = i === 0 ? null : (rows[i - 1]?.users ?? 0);
      return {
        step: i + 1,
        event: step.event,
        route: step.route ?? null,
        users,
        conversionFromPrevious: previous === null ? null : percentOf(users, previous),
        conversionFromFirst: percentOf(users, first),
        dropOff: previous === null ? 0 : previous - users,
        medianSecondsFromPrevious:
          i === 0 || rows[i]?.medianSeconds == null ? null : Math.round((rows[i]?.medianSeconds as number) * 10) / 10,
      };
    }),
    overallConversion: percentOf(rows.at(-1)?.users ?? 0, first),
  };
}

/**
 * Overall conversion (last step over first, in %) of a saved funnel over [since, until): what a funnel alert
 * watches. Null when nobody entered the funnel or when it no longer exists.
 */
export async function funnelConversionBetween(
  db: Queryable,
  funnelId: string,
  since: Date,
  until: Date,
): Promise<number | null> {
  const funnel = await findFunnelRow(db, funnelId);
  if (!funnel) return null;
  const rows = await funnelSteps(db, { start: since, end: until }, funnel.steps, funnel.windowDays);
  return percentOf(rows.at(-1)?.users ?? 0, rows[0]?.users ?? 0);
}

/** An ad-hoc funnel (steps in the request). */
export async function queryFunnel(ctx: Ctx, input: FunnelQueryInput): Promise<FunnelResultDto> {
  requireAdmin(ctx);
  const period = resolvePeriod(input, ctx.deps.clock.now(), PRODUCT_PERIOD);
  return funnelResult(ctx.deps.database.db, period, cleanSteps(input.steps), input.windowDays);
}

export async function savedFunnelResult(ctx: Ctx, id: string, q: PeriodInput): Promise<FunnelResultDto> {
  requireAdmin(ctx);
  const db = ctx.deps.database.db;
  const funnel = await findFunnelRow(db, id);
  if (!funnel) throw notFound(id);
  return funnelResult(db, resolvePeriod(q, ctx.deps.clock.now(), PRODUCT_PERIOD), funnel.steps, funnel.windowDays);
}

export async function listFunnels(ctx: Ctx): Promise<{ items: FunnelDto[] }> {
  requireAdmin(ctx);
  return { items: (await listFunnelRows(ctx.deps.database.db)).map(toDto) };
}

export async function getFunnel(ctx: Ctx, id: string): Promise<FunnelDto> {
  requireAdmin(ctx);
  const row = await findFunnelRow(ctx.deps.database.db, id);
  if (!row) throw notFound(id);
  return toDto(row);
}

/** Whether a saved funnel exists (for the alerts that watch one). */
export async function funnelExists(db: Queryable, id: string): Promise<boolean> {
  return (await findFunnelRow(db, id)) !== null;
}

export async function createFunnel(ctx: Ctx, input: CreateFunnelInput): Promise<FunnelDto> {
  requireAdmin(ctx);
  return withTx(ctx, async (t) => {
    const row = await insertFunnelRow(t.db, {
      name: input.name,
      steps: cleanSteps(input.steps),
      windowDays: input.windowDays,
      createdBy: ctx.actor.userId,
    });
    await audit(t, {
      entityType: ENTITY,
      entityId: row.id,
      action: 'create',
      changes: diffFields(null, { name: row.name, steps: row.steps, windowDays: row.windowDays }),
    });
    evictAnalyticsAnswers(t);
    return toDto(row);
  });
}

export async function updateFunnel(ctx: Ctx, id: string, input: UpdateFunnelInput): Promise<FunnelDto> {
  requireAdmin(ctx);
  return withTx(ctx, async (t) => {
    const before = await findFunnelRow(t.db, id);
    if (!before) throw notFound(id);
    const patch = {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.steps === undefined ? {} : { steps: cleanSteps(input.steps) }),
      ...(input.windowDays === undefined ? {} : { windowDays: input.windowDays }),
    };
    const changes = diffFields(before, patch);
    if (Object.keys(changes).length === 0) return toDto(before);
    const row = await updateFunnelRow(t.db, id, patch, ctx.deps.clock.now());
    if (!row) throw notFound(id);
    await audit(t, { entityType: ENTITY, entityId: id, action: 'update', changes });
    evictAnalyticsAnswers(t);
    return toDto(row);
  });
}

/** Deletes a saved funnel, and the alerts that watch it (foreign key, on delete cascade). */
export async function deleteFunnel(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  await withTx(ctx, async (t) => {
    const before = await findFunnelRow(t.db, id);
    if (!before || !(await deleteFunnelRow(t.db, id))) throw notFound(id);
    await audit(t, {
      entityType: ENTITY,
      entityId: id,
      action: 'delete',
      changes: diffFields(
        { name: before.name, steps: before.steps, windowDays: before.windowDays },
        {
          name: null,
          steps: null,
          windowDays: null,
        },
      ),
    });
    evictAnalyticsAnswers(t);
  });
}
