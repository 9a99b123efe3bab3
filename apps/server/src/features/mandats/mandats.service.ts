import { MANDAT_STAGES, STAGE_PROBABILITY } from '@crm/contracts';
import { audit, auditMany, diffFields, previousValues } from '../../platform/audit/audit.ts';
import { resolveOwnership } from '../../platform/auth/ownership.ts';
import { assertCanModify } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { erasureSql, type ScrubOptions } from '../../platform/db/scrub.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { Erasure } from '../../platform/entities/reassign.ts';
import {
  type PersonSubject,
  type Reassignment,
  reassignedField,
  reassignMetadata,
} from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import { emit, emitMany } from '../../platform/events/emit.ts';
import {
  applyStageMove,
  CLOSED_STAGES,
  dealLostPayload,
  dtoOf,
  ENTITY,
  lockMandatForChange,
  lostReasonOf,
  lostReasonRequired,
  mandatNotFound,
  NOT_LOST,
  todayOf,
} from './mandat-stage.service.ts';
import type {
  CreateMandatInput,
  MandatDto,
  MandatListFilter,
  PipelineFilter,
  UpdateMandatInput,
} from './mandats.contracts.ts';
import {
  findMandat,
  insertMandat,
  insertStageChange,
  listMandats,
  listStageChanges,
  mandatsAboutPerson,
  moveMandatReferences,
  organisationVisible,
  personVisible,
  pipelineByStage,
  scrubMandatTexts,
  toMandatDto,
  updateMandatRow,
} from './mandats.repo.ts';

async function assertLinksVisible(
  ctx: Ctx,
  db: Queryable,
  links: { organisationId?: string; primaryContactId?: string | null },
): Promise<void> {
  if (links.organisationId && !(await organisationVisible(db, ctx.actor, links.organisationId))) {
    throw new AppError('mandat.organisation_not_found', `Organisation ${links.organisationId} was not found`, {
      status: 400,
      fields: [{ path: 'body.organisationId', message: 'unknown organisation', code: 'not_found' }],
    });
  }
  if (links.primaryContactId && !(await personVisible(db, ctx.actor, links.primaryContactId))) {
    throw new AppError('mandat.contact_not_found', `Person ${links.primaryContactId} was not found`, {
      status: 400,
      fields: [{ path: 'body.primaryContactId', message: 'unknown person', code: 'not_found' }],
    });
  }
}

export async function listMandatsFor(ctx: Ctx, filter: MandatListFilter, opts: { deleted?: boolean } = {}) {
  const today = todayOf(ctx);
  const r = await listMandats(ctx.deps.database.db, ctx.actor, filter, today, opts);
  return {
    items: r.rows.map((row) => toMandatDto(row, today)),
    nextCursor: r.nextCursor,
    total: r.total,
    totalIsEstimate: r.totalIsEstimate,
  };
}

export async function getMandat(ctx: Ctx, id: string): Promise<MandatDto> {
  const row = await findMandat(ctx.deps.database.db, ctx.actor, id);
  if (!row) throw mandatNotFound(id);
  return dtoOf(ctx, row);
}

/**
 * Creates a mandate owned by the caller (or `ownerId` when allowed) on an organisation the caller can see,
 * at `stage` (default `lead`) with that stage's probability unless given. Records the initial stage
 * (from null) and emits `deal.created` (plus `deal.won`/`deal.lost` when created closed). A lost reason is kept at
 * `perdu` only (`lostReasonOf`); at another stage it is ignored.
 */
export async function createMandat(ctx: Ctx, input: CreateMandatInput): Promise<MandatDto> {
  const { ownerId, stage = 'lead', probability, lostReasonCode, lostReason, ...fields } = input;
  const lost = stage === 'perdu' ? lostReasonOf({ lostReasonCode, lostReason }) : null;
  return withTx(ctx, async (t) => {
    await assertLinksVisible(ctx, t.db, fields);
    const owner = await resolveOwnership(ctx, t.db, ownerId);
    const now = ctx.deps.clock.now();
    const row = await insertMandat(t.db, {
      ...fields,
      ...owner,
      stage,
      probability: probability ?? STAGE_PROBABILITY[stage],
      closedAt: CLOSED_STAGES.includes(stage) ? now : null,
      ...(lost ?? NOT_LOST),
      // The clock's instant, the same as the first stage change's: analyses read either.
      createdAt: now,
    });
    await insertStageChange(t.db, {
      mandatId: row.id,
      fromStage: null,
      toStage: stage,
      changedAt: now,
      changedBy: ctx.actor.userId,
    });
    const mandat = dtoOf(ctx, row);
    await audit(t, { entityType: ENTITY, entityId: row.id, action: 'create', changes: diffFields(null, mandat) });
    await emit(t, 'deal.created', { mandat });
    if (stage === 'gagne') await emit(t, 'deal.won', { mandat });
    if (lost) await emit(t, 'deal.lost', dealLostPayload(mandat, lost));
    return mandat;
  });
}

/**
 * Updates fields (`deal.updated` with the changed field names). A different `stage` is a pipeline move
 * through `applyStageMove`, with `probability`, `lostReasonCode` and `lostReason` of the same patch. Without a move,
 * the lost reason changes on a lost mandate only (the code kept when only the text comes, `lostReasonOf`'s rules;
 * a null code is refused) and is ignored on the others.
 */
export async function updateMandat(ctx: Ctx, id: string, patch: UpdateMandatInput): Promise<MandatDto> {
  return withTx(ctx, async (t) => {
    const before = await lockMandatForChange(t, id);
    const { stage, probability, lostReasonCode, lostReason, ownerId, ...fields } = patch;
    const moving = stage !== undefined && stage !== before.stage;
    const values: Record<string, unknown> = { ...fields };
    if (!moving) {
      if (probability !== undefined) values.probability = probability;
      if (before.stage === 'perdu' && (lostReasonCode !== undefined || lostReason !== undefined)) {
        if (lostReasonCode === null) throw lostReasonRequired();
        Object.assign(
          values,
          lostReasonOf({
            lostReasonCode: lostReasonCode ?? before.lostReasonCode,
            lostReason: lostReason !== undefined ? lostReason : before.lostReason,
          }),
        );
      }
    }
    await assertLinksVisible(ctx, t.db, {
      organisationId: fields.organisationId !== before.organisationId ? fields.organisationId : undefined,
      primaryContactId: fields.primaryContactId !== before.primaryContactId ? fields.primaryContactId : undefined,
    });
    if (ownerId !== undefined && ownerId !== before.ownerId)
      Object.assign(values, await resolveOwnership(ctx, t.db, ownerId));
    let row = before;
    const changes = diffFields(dtoOf(ctx, before), values);
    if (Object.keys(changes).length > 0) {
      row = await updateMandatRow(t.db, id, values);
      await audit(t, { entityType: ENTITY, entityId: id, action: 'update', changes });
      await emit(t, 'deal.updated', {
        mandat: dtoOf(ctx, row),
        changes: Object.keys(changes),
        previous: previousValues(changes),
      });
    }
    if (moving) {
      const lost = { lostReasonCode: lostReasonCode ?? undefined, lostReason: lostReason ?? undefined };
      row = await applyStageMove(t, row, { stage, probability, ...lost });
    }
    return dtoOf(ctx, row);
  });
}

/** Moves a mandate to the recycle bin (restorable; purged after the retention period). */
export async function deleteMandat(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (t) => {
    await lockMandatForChange(t, id);
    const row = await updateMandatRow(t.db, id, { deletedAt: ctx.deps.clock.now(), deletedBy: ctx.actor.userId });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
    await emit(t, 'deal.deleted', { mandat: dtoOf(ctx, row) });
  });
}

export async function restoreMandat(ctx: Ctx, id: string): Promise<MandatDto> {
  return withTx(ctx, async (t) => {
    const before = await findMandat(t.db, ctx.actor, id, { withDeleted: true, forUpdate: true });
    if (!before?.deletedAt) throw new AppError('mandat.not_found', `No deleted mandate ${id}`);
    assertCanModify(ctx.actor, before);
    const mandat = dtoOf(ctx, await updateMandatRow(t.db, id, { deletedAt: null, deletedBy: null }));
    await audit(t, { entityType: ENTITY, entityId: id, action: 'restore' });
    await emit(t, 'deal.restored', { mandat });
    return mandat;
  });
}

/** The stage changes of a mandate the caller may see, oldest first. */
export async function mandatStageHistory(ctx: Ctx, id: string) {
  const db = ctx.deps.database.db;
  if (!(await findMandat(db, ctx.actor, id))) throw mandatNotFound(id);
  return listStageChanges(db, id);
}

/** Count and total amount of each stage, in pipeline order, over the mandates the caller may see. */
export async function pipelineSummary(ctx: Ctx, filter: PipelineFilter) {
  const rows = await pipelineByStage(ctx.deps.database.db, ctx.actor, filter);
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  return MANDAT_STAGES.map((stage) => ({
    stage,
    count: Number(byStage.get(stage)?.count ?? 0),
    totalAmount: byStage.get(stage)?.totalAmount ?? '0',
  }));
}

/**
 * A merge's part: the mandates of organisation `from`, or whose primary contact is person `from`, now refer to `to`,
 * whoever owns them, binned ones included. Each is audited (`update`, with the merge in the metadata) and announced
 * as `deal.updated` with `changes` and `previous` (`organisationId` / `primaryContactId`), in the caller's
 * transaction. Returns the ids moved.
 */
export async function reassignMandats(t: Tx, s: Reassignment): Promise<string[]> {
  const rows = await moveMandatReferences(t.db, s);
  const changes = reassignedField(s.kind === 'person' ? 'primaryContactId' : 'organisationId', s);
  await auditMany(
    t,
    rows.map((r) => ({ entityType: ENTITY, entityId: r.id, action: 'update', changes, metadata: reassignMetadata(s) })),
  );
  await emitMany(
    t,
    rows.map((r) => ({
      type: 'deal.updated' as const,
      payload: { mandat: dtoOf(t.ctx, r), changes: Object.keys(changes), previous: previousValues(changes) },
    })),
  );
  return rows.map((r) => r.id);
}

/** The RGPD export's mandates whose primary contact is the person (binned ones included) the caller may see. */
export function mandatRecordsOf(t: Tx, subject: PersonSubject) {
  return mandatsAboutPerson(t.db, t.ctx.actor, subject);
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the mandates (titles, lost reasons), whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubMandatsOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubMandatTexts(t.db, erasureSql(erasure), opts);
}
