import { audit, diffFields, previousValues } from '../../platform/audit/audit.ts';
import { assertCanModify } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { Reassignment } from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events/emit.ts';
import { reassignInteractions } from '../interactions/interactions.service.ts';
import { reassignMandats } from '../mandats/mandats.service.ts';
import { reassignAttachments } from '../notes/attachments.service.ts';
import { reassignNotes } from '../notes/notes.service.ts';
import { reassignLinks } from '../people/links.service.ts';
import { reassignProduits } from '../produits/produits.service.ts';
import { reassignTasks } from '../tasks/tasks.service.ts';
import type { OrganisationDto } from './organisations.contracts.ts';
import { findOrganisation, toOrganisationDto, updateOrganisationRow } from './organisations.repo.ts';

/** Fields copied from the duplicate when the kept organisation has none. */
const FILLABLE = [
  'email',
  'phone',
  'website',
  'amfLicence',
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

/** How many records of each kind moved to the kept organisation (the merge report, and its audit rows). */
export type MovedOrganisationCounts = Record<
  'peopleLinks' | 'interactions' | 'tasks' | 'notes' | 'attachments' | 'mandats' | 'produits',
  number
>;

/**
 * Everything that refers to the duplicate moves to the kept organisation, each kind through the feature that owns it
 * (which audits its records and emits its events: `contact.updated` for people whose link moved,
 * `interaction.updated`, `task.updated`, `deal.updated`, `product.updated`; notes and files are audited only). A
 * person already linked to the kept organisation keeps that link; their link to the duplicate stays with it.
 */
async function moveToKept(t: Tx, s: Reassignment): Promise<MovedOrganisationCounts> {
  return {
    peopleLinks: (await reassignLinks(t, s)).length,
    interactions: (await reassignInteractions(t, s)).interactions.length,
    tasks: (await reassignTasks(t, s)).length,
    notes: (await reassignNotes(t, s)).length,
    attachments: (await reassignAttachments(t, s)).length,
    mandats: (await reassignMandats(t, s)).length,
    produits: (await reassignProduits(t, s)).length,
  };
}

/**
 * Merges `duplicateId` into `keptId`: links, interactions, tasks, notes, files, mandates and funds move to the
 * kept organisation through their owning features (see moveToKept), its empty fields are filled from the duplicate, tags and strategies are united, the
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
    const moved = await moveToKept(t, { kind: 'organisation', from: duplicateId, to: keptId });
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
    const changes = diffFields(toOrganisationDto(kept), dto);
    await emit(t, 'organisation.updated', {
      organisation: dto,
      changes: ['merge', ...Object.keys(changes)],
      previous: previousValues(changes),
    });
    return { organisation: dto, moved };
  });
}
