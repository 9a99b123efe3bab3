import { audit, diffFields, previousValues } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { Reassignment } from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events/emit.ts';
import { reassignInteractions } from '../interactions/interactions.service.ts';
import { reassignMandats } from '../mandats/mandats.service.ts';
import { reassignAttachments } from '../notes/attachments.service.ts';
import { reassignNotes } from '../notes/notes.service.ts';
import { reassignTasks } from '../tasks/tasks.service.ts';
import { reassignLinks } from './links.service.ts';
import type { PersonDto } from './people.contracts.ts';
import { emailInUse, type PersonRow, toPersonDto, updatePersonRow } from './people.repo.ts';
import { deletePersonInTx, emailTaken, guardEmail } from './people.service.ts';
import { loadModifiablePerson, PERSON_ENTITY } from './person-access.ts';

/** Fields of the kept record filled from the duplicate when empty on the kept one. */
const FILLABLE = [
  'email',
  'personalEmail',
  'phone',
  'mobile',
  'jobTitle',
  'linkedinUrl',
  'linkedinHeadline',
  'linkedinConnectedOn',
  'notes',
  'source',
  'dataSource',
] as const satisfies readonly (keyof PersonRow)[];

function fillFrom(kept: PersonRow, dup: PersonRow): Partial<PersonRow> {
  const values: Partial<PersonRow> = {};
  for (const k of FILLABLE) {
    if ((kept[k] === null || kept[k] === '') && dup[k] !== null && dup[k] !== '') {
      (values as Record<string, unknown>)[k] = dup[k];
    }
  }
  if (dup.lastActivityAt && (!kept.lastActivityAt || dup.lastActivityAt > kept.lastActivityAt)) {
    values.lastActivityAt = dup.lastActivityAt;
  }
  return values;
}

/** How many records of each kind moved to the kept person (the merge report, and its audit row). */
export type MovedCounts = {
  organisationLinks: number;
  interactions: number;
  interactionParticipants: number;
  tasks: number;
  notes: number;
  attachments: number;
  mandats: number;
};

/**
 * Everything that refers to the duplicate moves to the kept person, each kind through the feature that owns it (which
 * audits its records and emits its events: `interaction.updated`, `task.updated`, `deal.updated`; notes and files are
 * audited only). Organisation links and participations the kept person already has stay with the duplicate.
 */
async function moveToKept(t: Tx, s: Reassignment): Promise<MovedCounts> {
  const links = await reassignLinks(t, s);
  const { interactions, participants } = await reassignInteractions(t, s);
  return {
    organisationLinks: links.length,
    interactions: interactions.length,
    interactionParticipants: participants.length,
    tasks: (await reassignTasks(t, s)).length,
    notes: (await reassignNotes(t, s)).length,
    attachments: (await reassignAttachments(t, s)).length,
    mandats: (await reassignMandats(t, s)).length,
  };
}

export interface MergeResult {
  person: PersonDto;
  moved: MovedCounts;
  filledFields: string[];
}

/**
 * Merges `duplicateId` into `keptId`: links, interactions, participations, tasks, notes, attachments and
 * mandates move to the kept person through their owning features (see moveToKept), empty fields are filled from the
 * duplicate, the duplicate goes to the recycle bin. One transaction; audited as `merge` on the kept person (and
 * `delete` on the duplicate); emits the moved records' events, then `contact.deleted` for the duplicate and
 * `contact.updated` for the kept person.
 */
export async function mergePeople(ctx: Ctx, keptId: string, duplicateId: string): Promise<MergeResult> {
  if (keptId === duplicateId) throw new AppError('person.invalid', 'A person cannot be merged into itself');
  return guardEmail(() => mergeInTx(ctx, keptId, duplicateId));
}

function mergeInTx(ctx: Ctx, keptId: string, duplicateId: string): Promise<MergeResult> {
  return withTx(ctx, async (t) => {
    // Lock in id order so that two opposite merges cannot deadlock.
    const [first, second] = [keptId, duplicateId].sort();
    const a = await loadModifiablePerson(t, first as string);
    const b = await loadModifiablePerson(t, second as string);
    const kept = a.id === keptId ? a : b;
    const dup = a.id === keptId ? b : a;

    const moved = await moveToKept(t, { kind: 'person', from: dup.id, to: kept.id });
    // The duplicate leaves the live rows first, so that its e-mail may move to the kept record.
    await deletePersonInTx(t, dup, { mergedInto: kept.id });
    const values = fillFrom(kept, dup);
    // The duplicate's e-mail moves to the kept record only if no other live contact of the kept one's team uses it.
    if (values.email && (await emailInUse(t.db, values.email, kept, kept.id))) throw emailTaken();
    const changes = diffFields(toPersonDto(kept), values);
    const row = Object.keys(values).length ? await updatePersonRow(t.db, kept.id, values) : kept;
    const dto = toPersonDto(row);
    await audit(t, {
      entityType: PERSON_ENTITY,
      entityId: kept.id,
      action: 'merge',
      changes,
      metadata: { duplicateId: dup.id, moved },
    });
    await emit(t, 'contact.updated', {
      person: dto,
      changes: ['merge', ...Object.keys(changes)],
      previous: previousValues(changes),
    });
    return { person: dto, moved, filledFields: Object.keys(changes) };
  });
}
