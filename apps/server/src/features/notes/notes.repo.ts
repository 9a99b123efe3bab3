import type { NotableEntity } from '@crm/contracts';
import { and, asc, desc, eq, getTableColumns, isNull, type SQL } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { type ErasureSql, type ScrubOptions, scrubColumns } from '../../platform/db/scrub.ts';
import type { PersonSubject, Reassignment } from '../../platform/entities/reassign.ts';
import type { AttachmentDto, NoteDto } from './notes.contracts.ts';
import { attachments, notes } from './notes.schema.ts';

export type NoteRow = typeof notes.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;

const { deletedAt: _nd, deletedBy: _nb, ...noteColumns } = getTableColumns(notes);
const { deletedAt: _ad, deletedBy: _ab, storageKey: _k, ...attachmentColumns } = getTableColumns(attachments);

// Visibility of notes and attachments follows their parent record, checked by the service before these calls.

export async function listNotesOf(db: Queryable, entityType: NotableEntity, entityId: string): Promise<NoteDto[]> {
  return db
    .select(noteColumns)
    .from(notes)
    .where(and(eq(notes.entityType, entityType), eq(notes.entityId, entityId), isNull(notes.deletedAt)))
    .orderBy(desc(notes.createdAt), desc(notes.id));
}

export async function findLiveNote(db: Queryable, id: string): Promise<NoteRow | null> {
  const [row] = await db
    .select()
    .from(notes)
    .where(and(eq(notes.id, id), isNull(notes.deletedAt)));
  return row ?? null;
}

export async function insertNote(db: Queryable, values: typeof notes.$inferInsert): Promise<NoteRow> {
  const [row] = await db.insert(notes).values(values).returning();
  return row as NoteRow;
}

export async function updateNoteRow(db: Queryable, id: string, values: Partial<typeof notes.$inferInsert>) {
  const [row] = await db.update(notes).set(values).where(eq(notes.id, id)).returning();
  return row as NoteRow;
}

export async function listAttachmentsOf(
  db: Queryable,
  entityType: NotableEntity,
  entityId: string,
): Promise<AttachmentDto[]> {
  return db
    .select(attachmentColumns)
    .from(attachments)
    .where(
      and(eq(attachments.entityType, entityType), eq(attachments.entityId, entityId), isNull(attachments.deletedAt)),
    )
    .orderBy(desc(attachments.createdAt), desc(attachments.id));
}

export async function findLiveAttachment(db: Queryable, id: string): Promise<AttachmentRow | null> {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, id), isNull(attachments.deletedAt)));
  return row ?? null;
}

export async function insertAttachment(db: Queryable, values: typeof attachments.$inferInsert) {
  const [row] = await db.insert(attachments).values(values).returning();
  return row as AttachmentRow;
}

export async function softDeleteAttachment(db: Queryable, id: string, at: Date, by: string | null) {
  await db.update(attachments).set({ deletedAt: at, deletedBy: by }).where(eq(attachments.id, id));
}

/** Re-points the notes on person (or organisation) `from` at `to`, binned ones included; the rows after. */
export async function moveNotes(db: Queryable, s: Reassignment): Promise<NoteRow[]> {
  return db
    .update(notes)
    .set({ entityId: s.to })
    .where(and(eq(notes.entityType, s.kind), eq(notes.entityId, s.from)))
    .returning();
}

/** Re-points the files on person (or organisation) `from` at `to`, binned ones included; the rows after. */
export async function moveAttachments(db: Queryable, s: Reassignment): Promise<AttachmentRow[]> {
  return db
    .update(attachments)
    .set({ entityId: s.to })
    .where(and(eq(attachments.entityType, s.kind), eq(attachments.entityId, s.from)))
    .returning();
}

const scoped = (actor: Actor, table: typeof notes | typeof attachments, cond: SQL): SQL => {
  const scope = scopeFilter(actor, table);
  return scope ? (and(cond, scope) as SQL) : cond;
};

/** The notes on a person owned by the actor or their team (admins: all), binned ones included, oldest first. */
export async function notesAboutPerson(db: Queryable, actor: Actor, subject: PersonSubject) {
  return db
    .select()
    .from(notes)
    .where(scoped(actor, notes, and(eq(notes.entityType, 'person'), eq(notes.entityId, subject.id)) as SQL))
    .orderBy(asc(notes.createdAt));
}

/** The files on a person (their description, not the stored key) the actor's scope covers, binned ones included. */
export async function attachmentsAboutPerson(db: Queryable, actor: Actor, subject: PersonSubject) {
  const { storageKey: _k, ...cols } = getTableColumns(attachments);
  return db
    .select(cols)
    .from(attachments)
    .where(
      scoped(
        actor,
        attachments,
        and(eq(attachments.entityType, 'person'), eq(attachments.entityId, subject.id)) as SQL,
      ),
    )
    .orderBy(asc(attachments.createdAt));
}

export function toNoteDto(row: NoteRow): NoteDto {
  const { deletedAt: _d, deletedBy: _b, ...dto } = row;
  return dto;
}

export function toAttachmentDto(row: AttachmentRow): AttachmentDto {
  const { deletedAt: _d, deletedBy: _b, storageKey: _k, ...dto } = row;
  return dto;
}

/** RGPD erasure: the erased person's values replaced in the notes (bodies); returns the ids of the rows changed (with `dryRun`: that hold one). */
export async function scrubNoteTexts(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubColumns(db, notes, { body: 'text' }, e, opts);
}

/** RGPD erasure: the erased person's values replaced in the attachments’ metadata (file names; the files’ content is not read); returns the ids of the rows changed (with `dryRun`: that hold one). */
export async function scrubAttachmentNames(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubColumns(db, attachments, { fileName: 'text' }, e, opts);
}
