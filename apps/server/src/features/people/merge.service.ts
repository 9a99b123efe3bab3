import { audit, diffFields } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events/emit.ts';
import { type MovedCounts, movePersonReferences } from './merge.repo.ts';
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

export interface MergeResult {
  person: PersonDto;
  moved: MovedCounts;
  filledFields: string[];
}

/**
 * Merges `duplicateId` into `keptId`: links, interactions, participations, tasks, notes, attachments and
 * mandates move to the kept person, empty fields are filled from the duplicate, the duplicate goes to the
 * recycle bin. One transaction; audited as `merge` on the kept person (and `delete` on the duplicate);
 * emits `contact.updated` for the kept person and `contact.deleted` for the duplicate.
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

    const moved = await movePersonReferences(t.db, dup.id, kept.id);
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
    await emit(t, 'contact.updated', { person: dto, changes: ['merge', ...Object.keys(changes)] });
    return { person: dto, moved, filledFields: Object.keys(changes) };
  });
}
