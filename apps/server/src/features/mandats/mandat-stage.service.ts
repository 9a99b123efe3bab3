import { LOST_REASON_LABELS, type LostReasonCode, type MandatStage, STAGE_PROBABILITY } from '@crm/contracts';
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
  new AppError('mandat.lost_reason_required', 'A lost mandate needs a lost reason code', {
    status: 400,
    fields: [
      { path: 'body.lostReasonCode', message: 'required when the stage is perdu', code: 'lost_reason_required' },
    ],
  });

export const lostReasonDetailRequired = () =>
  new AppError('mandat.lost_reason_detail_required', 'The lost reason `autre` needs its text (`lostReason`)', {
    status: 400,
    fields: [
      { path: 'body.lostReason', message: 'required when the code is autre', code: 'lost_reason_detail_required' },
    ],
  });

/** What a lost mandate records of its loss: the code, and the free-text detail (null when none was given). */
export interface LostReason {
  lostReasonCode: LostReasonCode;
  lostReason: string | null;
}
/** The lost-reason columns of a mandate that is not lost. */
export const NOT_LOST = { lostReasonCode: null, lostReason: null } as const;

/**
 * The lost reason of a mandate at `perdu` (docs/DOMAIN.md, "Lost reasons"): the code given, else `autre` when a text
 * alone is given (the API before the codes: old clients, Zapier and Make scenarios built then). No code is 400
 * `mandat.lost_reason_required`; `autre` without a text 400 `mandat.lost_reason_detail_required`; with another code
 * the text is an optional detail.
 */
export function lostReasonOf(input: {
  lostReasonCode?: LostReasonCode | null;
  lostReason?: string | null;
}): LostReason {
  const text = input.lostReason?.trim() || null;
  const code = input.lostReasonCode ?? (text ? 'autre' : null);
  if (!code) throw lostReasonRequired();
  if (code === 'autre' && !text) throw lostReasonDetailRequired();
  return { lostReasonCode: code, lostReason: text };
}

/**
 * The payload of `deal.lost`: the code, and as `lostReason` the detail or, without one, the code's French name, so
 * the field is never empty, as before the codes (packages/contracts, event-payloads.ts).
 */
export const dealLostPayload = (mandat: MandatDto, lost: LostReason) => ({
  mandat,
  lostReasonCode: lost.lostReasonCode,
  lostReason: lost.lostReason ?? LOST_REASON_LABELS.fr[lost.lostReasonCode],
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
 * reopening), requires a lost reason for `perdu` (`lostReasonOf`) and clears it on leaving, and emits
 * `deal.stage_changed` plus `deal.won`/`deal.lost`.
 * Moving to the current stage changes nothing and emits nothing.
 */
export async function applyStageMove(t: Tx, before: MandatRow, input: MoveStageInput): Promise<MandatRow> {
  const { stage } = input;
  if (stage === before.stage) return before;
  const lost = stage === 'perdu' ? lostReasonOf(input) : null;
  const now = t.ctx.deps.clock.now();
  const values = {
    stage,
    probability: input.probability ?? STAGE_PROBABILITY[stage],
    closedAt: CLOSED_STAGES.includes(stage) ? now : null,
    ...(lost ?? NOT_LOST),
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
  if (lost) await emit(t, 'deal.lost', dealLostPayload(mandat, lost));
  return row;
}

/** `POST /mandats/:id/stage`: moves a mandate in the pipeline (see applyStageMove). */
export async function moveMandatToStage(ctx: Ctx, input: MoveStageInput & { id: string }): Promise<MandatDto> {
  const { id, ...move } = input;
  return withTx(ctx, async (t) => dtoOf(ctx, await applyStageMove(t, await lockMandatForChange(t, id), move)));
}
