import { audit } from '../../platform/audit/audit.ts';
import { logDataAccess } from '../../platform/audit/data-access.ts';
import { visibilityOf } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events/emit.ts';
import { interactionRecordsOf } from '../interactions/interactions.service.ts';
import { mandatRecordsOf } from '../mandats/mandats.service.ts';
import { attachmentRecordsOf } from '../notes/attachments.service.ts';
import { noteRecordsOf } from '../notes/notes.service.ts';
import { taskRecordsOf } from '../tasks/tasks.service.ts';
import { listLinksOfPerson } from './links.repo.ts';
import type { PersonDto, RgpdExport } from './people.contracts.ts';
import { findPerson, type NewPersonRow, toPersonDto, updatePersonRow } from './people.repo.ts';
import { loadModifiablePerson, PERSON_ENTITY, personNotFound } from './person-access.ts';
import { clearLinkContactDetails, personTrail } from './rgpd.repo.ts';

/** RGPD actions are compliance work: admins and managers only (the routes say so too). */
function assertComplianceRole(ctx: Ctx): void {
  const { actor } = ctx;
  if (actor.type !== 'system' && actor.role !== 'admin' && actor.role !== 'manager') {
    throw new AppError('auth.forbidden', 'Only managers and admins may export or anonymise a person');
  }
}

/**
 * Art. 15: everything held on a person, as JSON. An admin's export is complete; a manager's holds only
 * the related records their team may see (`complete: false`), since exports never cross row scope.
 * The related records come from their owning features (`interactionRecordsOf`, `taskRecordsOf`, `noteRecordsOf`,
 * `attachmentRecordsOf`, `mandatRecordsOf`). The export is written to the data-access log and audited, in one
 * transaction with the read.
 */
export async function exportPersonData(ctx: Ctx, id: string): Promise<RgpdExport> {
  assertComplianceRole(ctx);
  return withTx(ctx, async (t) => {
    const person = await findPerson(t.db, ctx.actor, id, { withDeleted: true });
    if (!person) throw personNotFound(id);
    const complete = visibilityOf(ctx.actor).kind === 'all';
    await logDataAccess(ctx, { subjectType: PERSON_ENTITY, subjectId: id, action: 'export' }, t.db);
    await audit(t, { entityType: PERSON_ENTITY, entityId: id, action: 'rgpd_export', metadata: { complete } });
    const organisations = await listLinksOfPerson(t.db, id, complete ? null : ctx.actor);
    // Each feature gives its own records about the person, within the caller's row scope.
    const subject = { kind: 'person', id } as const;
    const interactions = await interactionRecordsOf(t, subject);
    const tasks = await taskRecordsOf(t, subject);
    const notes = await noteRecordsOf(t, subject);
    const attachments = await attachmentRecordsOf(t, subject);
    const mandats = await mandatRecordsOf(t, subject);
    return {
      exportedAt: ctx.deps.clock.now(),
      complete,
      person: toPersonDto(person),
      organisations,
      interactions,
      tasks,
      notes,
      attachments,
      mandats,
      ...(await personTrail(t.db, id)),
    };
  });
}

/**
 * Art. 17 by anonymisation: the person row stays (ids, links, interactions, tasks, mandates and statistics
 * keep working) but its identifying data goes: names become "Anonyme", e-mails, phones, LinkedIn, job
 * title and notes are cleared, as are the work e-mail and phone of its organisation links; marketing
 * opt-out is set. Interactions, notes and tasks about the person are kept unchanged (their authors wrote
 * them about business, and clearing them would break the history of the organisations): erase them
 * separately when a request requires it. The audit records which fields were cleared, never their values.
 */
export async function anonymisePerson(ctx: Ctx, id: string): Promise<PersonDto> {
  assertComplianceRole(ctx);
  return withTx(ctx, async (t) => {
    const before = await loadModifiablePerson(t, id);
    if (before.anonymisedAt) {
      throw new AppError('person.already_anonymised', 'This person is already anonymised', { status: 409 });
    }
    const values: Partial<NewPersonRow> = {
      firstName: 'Anonyme',
      lastName: 'Anonyme',
      email: null,
      personalEmail: null,
      phone: null,
      mobile: null,
      jobTitle: null,
      linkedinUrl: null,
      linkedinHeadline: null,
      linkedinConnectedOn: null,
      notes: null,
      marketingOptOut: true,
      anonymisedAt: ctx.deps.clock.now(),
    };
    const dto = toPersonDto(await updatePersonRow(t.db, id, values));
    await clearLinkContactDetails(t.db, id);
    const cleared = Object.keys(values).filter((k) => k !== 'anonymisedAt' && k !== 'marketingOptOut');
    await audit(t, {
      entityType: PERSON_ENTITY,
      entityId: id,
      action: 'anonymise',
      metadata: { clearedFields: [...cleared, 'links.workEmail', 'links.workPhone'] },
    });
    await emit(t, 'contact.updated', { person: dto, changes: ['anonymisedAt'] });
    return dto;
  });
}
