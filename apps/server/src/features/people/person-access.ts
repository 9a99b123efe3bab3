import { assertCanModify } from '../../platform/auth/scope.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { findPerson, type PersonRow } from './people.repo.ts';

/** Entity type of people in the audit trail and the data-access log. */
export const PERSON_ENTITY = 'person';

export const personNotFound = (id: string) => new AppError('person.not_found', `Person ${id} was not found`);

/** A live person the caller may see and change, locked for the rest of the transaction. */
export async function loadModifiablePerson(t: Tx, id: string): Promise<PersonRow> {
  const row = await findPerson(t.db, t.ctx.actor, id, { forUpdate: true });
  if (!row) throw personNotFound(id);
  assertCanModify(t.ctx.actor, row);
  return row;
}
