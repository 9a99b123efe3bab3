import { audit } from '../../platform/audit/audit.ts';
import { assertCanModify } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events/emit.ts';
import { type MovedOrganisationCounts, moveOrganisationReferences } from './merge.repo.ts';
import type { OrganisationDto } from './organisations.contracts.ts';
import { findOrganisation, toOrganisationDto, updateOrganisationRow } from './organisations.repo.ts';

/** Fields copied from the duplicate when the kept organisation has none. */
const FILLABLE = [
  'email',
  'phone',
  'website',
  'address',
  'postalCode',
  'city',
  'aum',
  'aumDate',
  'tier',
  'notes',
  'source',
  'dataSource',
] as const;

/**
 * Merges `duplicateId` into `keptId`: links, interactions, tasks, notes, files, mandates and funds move to the
 * kept organisation, its empty fields are filled from the duplicate, tags and strategies are united, the
 * duplicate goes to the recycle bin, and the merge is audited on both records.
 */
export async function mergeOrganisations(
  ctx: Ctx,
  keptId: string,
  duplicateId: string,
): Promise<{ organisation: OrganisationDto; moved: MovedOrganisationCounts }> {
  if (keptId === duplicateId)
    throw new AppError('organisation.merge_same', 'An organisation cannot be merged into itself', { status: 400 });
  return withTx(ctx, async (t) => {
    const kept = await findOrganisation(t.db, ctx.actor, keptId);
    const dup = await findOrganisation(t.db, ctx.actor, duplicateId);
    if (!kept) throw new AppError('organisation.not_found', `Organisation ${keptId} was not found`);
    if (!dup) throw new AppError('organisation.not_found', `Organisation ${duplicateId} was not found`);
    assertCanModify(ctx.actor, kept);
    assertCanModify(ctx.actor, dup);
    const moved = await moveOrganisationReferences(t.db, duplicateId, keptId);
    const fill: Record<string, unknown> = {};
    for (const f of FILLABLE) if (kept[f] === null && dup[f] !== null) fill[f] = dup[f];
    fill.tags = [...new Set([...kept.tags, ...dup.tags])];
    fill.strategies = [...new Set([...kept.strategies, ...dup.strategies])];
    const row = await updateOrganisationRow(t.db, keptId, fill);
    const dupRow = await updateOrganisationRow(t.db, duplicateId, {
      deletedAt: ctx.deps.clock.now(),
      deletedBy: ctx.actor.userId,
    });
    const metadata = { keptId, duplicateId, moved, filled: Object.keys(fill) };
    await audit(t, { entityType: 'organisation', entityId: keptId, action: 'merge', metadata });
    await audit(t, { entityType: 'organisation', entityId: duplicateId, action: 'merged_into', metadata });
    const dto = toOrganisationDto(row);
    await emit(t, 'organisation.deleted', { organisation: toOrganisationDto(dupRow), mergedInto: keptId });
    await emit(t, 'organisation.updated', { organisation: dto, changes: ['merge'] });
    return { organisation: dto, moved };
  });
}
