import { type MandatStage, STAGE_PROBABILITY } from '@crm/contracts';
import { audit, diffFields } from '../../platform/audit/audit.ts';
import { assertCanModify } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events/emit.ts';
import { parisIsoDay } from '../../platform/time/paris-day.ts';
import type { MandatDto, MoveStageInput } from './mandats.contracts.ts';
import { findMandat, insertStageChange, type MandatRow, toMandatDto, updateMandatRow } from './mandats.repo.ts';

export const ENTITY = 'mandat';
export const CLOSED_STAGES: readonly MandatStage[] = ['gagne', 'perdu'];

/** Today (UTC day of the injected clock), for the derived contract status. */
/** Today in Paris (the business's day), for contract statuses. */
export const todayOf = (ctx: Ctx): string => parisIsoDay(ctx.deps.clock.now());
export const dtoOf = (ctx: Ctx, row: MandatRow): MandatDto => toMandatDto(row, todayOf(ctx));

export const mandatNotFound = (id: string) => new AppError('mandat.not_found', `Mandate ${id} was not found`);

export const lostReasonRequired = () =>
  new AppError('mandat.lost_reason_required', 'A lost mandate needs a lost reason', {
    status: 400,
    fields: [{ path: 'body.lostReason', message: 'required when the stage is perdu', code: 'lost_reason_required' }],
  });

/** Locks a mandate the caller may see and change, for the rest of the transaction. */
export async function lockMandatForChange(t: Tx, id: string): Promise<MandatRow> {
  const row = await findMandat(t.db, t.ctx.actor, id, { forUpdate: true });
  if (!row) throw mandatNotFound(id);
  assertCanModify(t.ctx.actor, row);
  return row;
}

/**
 * The pipeline move, inside the caller's transaction on a locked row: records the change (from, to, at, by),
 * sets the stage's default probability unless one is given, sets `closedAt` on `gagne`/`perdu` (clears it on
 * reopening), requires a lost reason for `perdu`, and emits `deal.stage_changed` plus `deal.won`/`deal.lost`.
 * Moving to the current stage changes nothing and emits nothing.
 */
export async function applyStageMove(t: Tx, before: MandatRow, input: MoveStageInput): Promise<MandatRow> {
  const { stage } = input;
  if (stage === before.stage) return before;
  const lostReason = input.lostReason?.trim();
  if (stage === 'perdu' && !lostReason) throw lostReasonRequired();
  const now = t.ctx.deps.clock.now();
  const values = {
    stage,
    probability: input.probability ?? STAGE_PROBABILITY[stage],
    closedAt: CLOSED_STAGES.includes(stage) ? now : null,
    lostReason: stage === 'perdu' ? (lostReason ?? null) : null,
  };
  const row = await updateMandatRow(t.db, before.id, values);
  await insertStageChange(t.db, {
    mandatId: before.id,
    fromStage: before.stage,
    toStage: stage,
    changedAt: now,
    changedBy: t.ctx.actor.userId,
  });
  const mandat = dtoOf(t.ctx, row);
  await audit(t, {
    entityType: ENTITY,
    entityId: before.id,
    action: 'stage_change',
    changes: diffFields(dtoOf(t.ctx, before), values),
  });
  await emit(t, 'deal.stage_changed', { mandat, from: before.stage, to: stage });
  if (stage === 'gagne') await emit(t, 'deal.won', { mandat });
  if (stage === 'perdu') await emit(t, 'deal.lost', { mandat, lostReason: lostReason as string }); // checked above
  return row;
}

/** `POST /mandats/:id/stage`: moves a mandate in the pipeline (see applyStageMove). */
export async function moveMandatToStage(ctx: Ctx, input: MoveStageInput & { id: string }): Promise<MandatDto> {
  const { id, ...move } = input;
  return withTx(ctx, async (t) => dtoOf(ctx, await applyStageMove(t, await lockMandatForChange(t, id), move)));
}
