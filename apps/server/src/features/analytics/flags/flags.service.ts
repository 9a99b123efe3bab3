import { audit, diffFields } from '../../../platform/audit/audit.ts';
import { authorize } from '../../../platform/auth/permissions.ts';
import type { Ctx, Deps } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/client.ts';
import { withTx } from '../../../platform/db/tx.ts';
import { AppError, type FieldError } from '../../../platform/errors.ts';
import type { FlagVariant } from '../analytics.schema.ts';
import { evictAnalyticsAnswers } from '../product/analytics-cache.ts';
import { bucketOf, evaluateFlag, type FlagEvaluation, type FlagSubject, variantFor } from './evaluate.ts';
import { twoProportionZTest } from './experiment-stats.ts';
import type {
  CreateFlagInput,
  ExperimentInput,
  ExperimentResultDto,
  FlagDto,
  MyFlagsDto,
  UpdateFlagInput,
} from './flags.contracts.ts';
import type { FlagRow } from './flags.repo.ts';
import * as repo from './flags.repo.ts';

const ENTITY = 'feature_flag';
const requireAdmin = (ctx: Ctx) => authorize(ctx.actor, { scope: 'admin' });
const notFound = (id: string) => new AppError('feature_flag.not_found', `Feature flag ${id} was not found`);
const keyTaken = (key: string) =>
  new AppError('feature_flag.already_exists', `A feature flag with the key "${key}" exists`, {
    fields: [{ path: 'body.key', message: 'already used by another flag', code: 'already_exists' }],
  });

const toDto = (row: FlagRow): FlagDto => ({
  id: row.id,
  key: row.key,
  name: row.name,
  description: row.description,
  active: row.active,
  rolloutPercent: row.rolloutPercent,
  teamIds: row.teamIds,
  variants: row.variants,
  goalEvent: row.goalEvent,
  experimentStartedAt: row.experimentStartedAt,
  experimentEndedAt: row.experimentEndedAt,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** What is audited of a flag (everything an admin sets). */
const audited = (f: Omit<FlagDto, 'id' | 'createdBy' | 'createdAt' | 'updatedAt'>) => ({
  key: f.key,
  name: f.name,
  description: f.description,
  active: f.active,
  rolloutPercent: f.rolloutPercent,
  teamIds: f.teamIds,
  variants: f.variants,
  goalEvent: f.goalEvent,
  experimentStartedAt: f.experimentStartedAt?.toISOString() ?? null,
  experimentEndedAt: f.experimentEndedAt?.toISOString() ?? null,
});

type FlagState = Omit<FlagDto, 'id' | 'createdBy' | 'createdAt' | 'updatedAt'>;

/** Checks what a flag will be once written: its teams exist, its experiment ends after it starts. */
async function assertValid(db: Queryable, state: FlagState): Promise<void> {
  const fields: FieldError[] = [];
  const known = await repo.existingTeamIds(db, state.teamIds);
  state.teamIds.forEach((id, i) => {
    if (!known.has(id)) fields.push({ path: `body.teamIds.${i}`, message: 'no such team', code: 'team_unknown' });
  });
  if (state.experimentStartedAt && state.experimentEndedAt && state.experimentEndedAt <= state.experimentStartedAt) {
    fields.push({ path: 'body.experimentEndedAt', message: 'not after the start', code: 'invalid_range' });
  }
  if (fields.length) {
    throw new AppError('feature_flag.invalid', fields.map((f) => `${f.path}: ${f.message}`).join('; '), { fields });
  }
}

async function uniqueKey<T>(key: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (repo.isUniqueViolation(err)) throw keyTaken(key);
    throw err;
  }
}

export async function listFlags(ctx: Ctx): Promise<{ items: FlagDto[] }> {
  requireAdmin(ctx);
  return { items: (await repo.listFlagRows(ctx.deps.database.db)).map(toDto) };
}

export async function getFlag(ctx: Ctx, id: string): Promise<FlagDto> {
  requireAdmin(ctx);
  const row = await repo.findFlagRow(ctx.deps.database.db, id);
  if (!row) throw notFound(id);
  return toDto(row);
}

export async function createFlag(ctx: Ctx, input: CreateFlagInput): Promise<FlagDto> {
  requireAdmin(ctx);
  const state: FlagState = {
    key: input.key,
    name: input.name,
    description: input.description ?? null,
    active: input.active,
    rolloutPercent: input.rolloutPercent,
    teamIds: [...new Set(input.teamIds)],
    variants: input.variants ?? null,
    goalEvent: input.goalEvent ?? null,
    experimentStartedAt: input.experimentStartedAt ?? null,
    experimentEndedAt: input.experimentEndedAt ?? null,
  };
  await assertValid(ctx.deps.database.db, state);
  return uniqueKey(input.key, () =>
    withTx(ctx, async (t) => {
      const row = await repo.insertFlagRow(t.db, { ...state, createdBy: ctx.actor.userId });
      await audit(t, {
        entityType: ENTITY,
        entityId: row.id,
        action: 'create',
        changes: diffFields(null, audited(state)),
      });
      evictAnalyticsAnswers(t);
      return toDto(row);
    }),
  );
}

export async function updateFlag(ctx: Ctx, id: string, input: UpdateFlagInput): Promise<FlagDto> {
  requireAdmin(ctx);
  return uniqueKey(input.key ?? '', () =>
    withTx(ctx, async (t) => {
      const before = await repo.findFlagRow(t.db, id, { forUpdate: true });
      if (!before) throw notFound(id);
      const patch = Object.fromEntries(
        Object.entries({ ...input, teamIds: input.teamIds ? [...new Set(input.teamIds)] : undefined }).filter(
          ([, v]) => v !== undefined,
        ),
      ) as Partial<FlagState>;
      const state: FlagState = { ...toDto(before), ...patch };
      await assertValid(t.db, state);
      const changes = diffFields(audited(toDto(before)), audited(state));
      if (Object.keys(changes).length === 0) return toDto(before);
      const row = await repo.updateFlagRow(t.db, id, { ...patch, updatedAt: ctx.deps.clock.now() });
      if (!row) throw notFound(id);
      await audit(t, { entityType: ENTITY, entityId: id, action: 'update', changes });
      evictAnalyticsAnswers(t);
      return toDto(row);
    }),
  );
}

export async function deleteFlag(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  await withTx(ctx, async (t) => {
    const before = await repo.findFlagRow(t.db, id, { forUpdate: true });
    if (!before || !(await repo.deleteFlagRow(t.db, id))) throw notFound(id);
    const nulls = Object.fromEntries(Object.keys(audited(toDto(before))).map((k) => [k, null]));
    await audit(t, {
      entityType: ENTITY,
      entityId: id,
      action: 'delete',
      changes: diffFields(audited(toDto(before)), nulls),
    });
    evictAnalyticsAnswers(t);
  });
}

export interface ServedFlag extends FlagEvaluation {
  row: FlagRow;
}

/** Every active flag evaluated for a user. */
export async function evaluateFlagsFor(deps: Deps, subject: FlagSubject): Promise<ServedFlag[]> {
  const rows = await repo.listFlagRows(deps.database.db, { activeOnly: true });
  return rows.map((row) => ({ ...evaluateFlag(row, subject), row }));
}

/**
 * The flags of a signed-in user who accepted product analytics (the `/ingest/flags` and `/ingest/decide` answers);
 * nobody, or a user who did not accept, gets none.
 */
export async function flagsForConsentingUser(deps: Deps, subject: FlagSubject | null): Promise<ServedFlag[]> {
  if (!subject) return [];
  if (!(await repo.hasAnalyticsConsent(deps.database.db, subject.userId))) return [];
  return evaluateFlagsFor(deps, subject);
}

/** A stable integer for a flag's UUID (PostHog's flag ids are integers): its last 12 hex digits. */
export const flagNumber = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(-12), 16);

/** A flag as posthog-js's `/flags?v=2` describes it. */
export function flagDetail(f: ServedFlag) {
  return {
    key: f.key,
    enabled: f.enabled,
    variant: f.variant,
    reason: { code: f.reason, condition_index: f.enabled ? 0 : null, description: f.description },
    metadata: {
      id: flagNumber(f.row.id),
      version: f.row.updatedAt.getTime(),
      description: f.row.description,
      payload: null,
    },
  };
}

/** `false`, `true` or the variant: the value posthog-js keeps for a flag. */
export const flagValue = (f: FlagEvaluation): boolean | string => (f.enabled ? (f.variant ?? true) : false);

/**
 * The caller's flags, for the web app itself (whatever their analytics choice: evaluating a flag records nothing,
 * and a feature rolled out by a flag must not depend on the consent to measurement).
 */
export async function myFlags(ctx: Ctx): Promise<MyFlagsDto> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError('auth.unauthenticated', 'Flags belong to a signed-in user');
  const served = await evaluateFlagsFor(ctx.deps, { userId, teamId: ctx.actor.teamId ?? null });
  return {
    featureFlags: Object.fromEntries(served.map((f) => [f.key, flagValue(f)])),
    flags: Object.fromEntries(served.map((f) => [f.key, flagDetail(f)])),
  };
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((10_000 * part) / whole) / 100 : null);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * An experiment's results (docs/ANALYTICS.md): per variant, the users exposed (first `$feature_flag_called` of the
 * flag in the window; the variant its `$feature_flag_response` names, or the user's evaluated variant when the
 * response is not one of the flag's variants), those who converted (the goal event after their first exposure), the
 * conversion rate and, against the control (the first variant), a two-proportion z-test.
 */
export async function experimentResults(ctx: Ctx, id: string, q: ExperimentInput): Promise<ExperimentResultDto> {
  requireAdmin(ctx);
  const db = ctx.deps.database.db;
  const flag = await repo.findFlagRow(db, id);
  if (!flag) throw notFound(id);
  const variants: FlagVariant[] = flag.variants ?? [];
  const [control] = variants;
  if (!control || !flag.goalEvent) {
    throw new AppError(
      'feature_flag.not_an_experiment',
      'This flag has no variants or no goal event: there is no experiment to analyse',
      { status: 409 },
    );
  }
  const start = q.from ? new Date(q.from) : (flag.experimentStartedAt ?? flag.createdAt);
  const end = q.to ? new Date(q.to) : (flag.experimentEndedAt ?? ctx.deps.clock.now());
  if (end <= start) {
    throw new AppError('feature_flag.invalid', 'The analysis ends before it starts', {
      fields: [{ path: 'querystring.to', message: 'not after the start', code: 'invalid_range' }],
    });
  }
  const keys = new Set(variants.map((v) => v.key));
  const arms = new Map(variants.map((v) => [v.key, { exposed: 0, conversions: 0 }]));
  for (const x of await repo.exposures(db, { key: flag.key, goalEvent: flag.goalEvent, start, end })) {
    const variant =
      x.response !== null && keys.has(x.response)
        ? x.response
        : variantFor(variants, bucketOf(flag.key, x.userId, 'variant'));
    const arm = variant ? arms.get(variant) : undefined;
    if (!arm) continue;
    arm.exposed++;
    if (x.converted) arm.conversions++;
  }
  const base = arms.get(control.key) ?? { exposed: 0, conversions: 0 };
  return {
    flagId: flag.id,
    key: flag.key,
    goalEvent: flag.goalEvent,
    start,
    end,
    control: control.key,
    variants: variants.map((v) => {
      const arm = arms.get(v.key) ?? { exposed: 0, conversions: 0 };
      const test = v.key === control.key ? null : twoProportionZTest(base, arm);
      return {
        key: v.key,
        exposed: arm.exposed,
        conversions: arm.conversions,
        conversionRate: percent(arm.conversions, arm.exposed),
        vsControl: test && {
          z: round(test.z, 4),
          pValue: round(test.pValue, 6),
          confidence: round(test.confidence, 2),
          significant: test.significant,
          lift: test.lift === null ? null : round(test.lift, 2),
        },
      };
    }),
  };
}
