import type { EntityDef } from '../../platform/entities/entity.ts';
import { ownedScope } from '../../platform/entities/scope.repo.ts';
import { noteLabel, notesOf } from './notes.entity.repo.ts';
import { notes } from './notes.schema.ts';

/**
 * Notes in the entity registry: on their hub's timeline, purged 30 days after deletion (first: nothing hangs on
 * them). Not in the recycle bin's list: a deleted note is not restorable.
 */
export const noteEntity: EntityDef = {
  type: 'note',
  path: 'notes',
  table: notes,
  id: notes.id,
  label: noteLabel,
  labelOf: (r) => String(r.body ?? '').slice(0, 80),
  scope: ownedScope(notes),
  softDelete: { deletedAt: notes.deletedAt, deletedBy: notes.deletedBy, purge: { order: 0 } },
  timeline: [{ kind: 'note', rows: notesOf }],
};
