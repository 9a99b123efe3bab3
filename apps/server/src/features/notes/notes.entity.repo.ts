import { isNull, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import { notes } from './notes.schema.ts';

/** The SQL of the note's registry entry (notes.entity.ts): a note is labelled by the start of its text. */
export const noteLabel = sql`left(${notes.body}, 80)`;

/** The notes of a hub record, as timeline items. */
export function notesOf(actor: Actor, hubType: string, id: string): SQL {
  return sql`select 'note', ${notes.id}, ${notes.createdAt}, '', ${notes.body}, ${notes.createdBy}, '{}'::jsonb
    from ${notes} where ${isNull(notes.deletedAt)} and ${notes.entityType} = ${hubType} and ${notes.entityId} = ${id}
      and ${scopeFilter(actor, notes) ?? sql`true`}`;
}
