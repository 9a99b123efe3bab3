import type { NotableEntity } from '@crm/contracts';
import { audit, auditMany, diffFields } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
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
import { assertMayChange, visibleParent } from './note-access.ts';
import type { NoteDto } from './notes.contracts.ts';
import {
  findLiveNote,
  insertNote,
  listNotesOf,
  moveNotes,
  notesAboutPerson,
  scrubNoteTexts,
  toNoteDto,
  updateNoteRow,
} from './notes.repo.ts';
import { sanitizeNoteHtml } from './sanitize-note.ts';

const ENTITY = 'note';

function cleanBody(html: string): string {
  const body = sanitizeNoteHtml(html);
  if (!body) {
    throw new AppError('note.invalid', 'The note is empty once unsafe content is removed', {
      status: 400,
      fields: [{ path: 'body.body', message: 'empty after sanitising', code: 'empty' }],
    });
  }
  return body;
}

/** Notes of a record the caller can see, newest first. */
export async function listNotes(ctx: Ctx, entityType: NotableEntity, entityId: string): Promise<NoteDto[]> {
  const db = ctx.deps.database.db;
  await visibleParent(ctx, db, entityType, entityId);
  return listNotesOf(db, entityType, entityId);
}

export async function createNote(
  ctx: Ctx,
  entityType: NotableEntity,
  entityId: string,
  input: { body: string },
): Promise<NoteDto> {
  const body = cleanBody(input.body);
  return withTx(ctx, async (t) => {
    await visibleParent(ctx, t.db, entityType, entityId);
    const dto = toNoteDto(
      await insertNote(t.db, {
        entityType,
        entityId,
        body,
        createdBy: ctx.actor.userId,
        ownerId: ctx.actor.userId,
        teamId: ctx.actor.teamId,
      }),
    );
    await audit(t, {
      entityType: ENTITY,
      entityId: dto.id,
      action: 'create',
      changes: diffFields(null, { body }),
      metadata: { parentType: entityType, parentId: entityId },
    });
    t.afterCommit(() => ctx.deps.analytics?.capture(ctx.actor.userId, 'note_added', { noteId: dto.id }));
    return dto;
  });
}

/** A live note whose parent the caller can see and that the caller may change. */
async function changeableNote(ctx: Ctx, db: Parameters<typeof findLiveNote>[0], id: string) {
  const note = await findLiveNote(db, id);
  if (!note) throw new AppError('note.not_found', `Note ${id} was not found`);
  try {
    await visibleParent(ctx, db, note.entityType, note.entityId);
  } catch {
    throw new AppError('note.not_found', `Note ${id} was not found`);
  }
  assertMayChange(ctx, { authorId: note.createdBy, teamId: note.teamId });
  return note;
}

export async function updateNote(ctx: Ctx, id: string, input: { body: string }): Promise<NoteDto> {
  const body = cleanBody(input.body);
  return withTx(ctx, async (t) => {
    const before = await changeableNote(ctx, t.db, id);
    if (before.body === body) return toNoteDto(before);
    const dto = toNoteDto(await updateNoteRow(t.db, id, { body }));
    await audit(t, { entityType: ENTITY, entityId: id, action: 'update', changes: diffFields(before, { body }) });
    return dto;
  });
}

export async function deleteNote(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (t) => {
    await changeableNote(ctx, t.db, id);
    await updateNoteRow(t.db, id, { deletedAt: ctx.deps.clock.now(), deletedBy: ctx.actor.userId });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
  });
}

/**
 * A merge's part: the notes on person (or organisation) `from` now belong to `to`, whoever wrote them, binned ones
 * included. Each is audited (`update` of `entityId`, with the new parent and the merge in the metadata); notes have
 * no events. In the caller's transaction; returns the ids moved.
 */
export async function reassignNotes(t: Tx, s: Reassignment): Promise<string[]> {
  const rows = await moveNotes(t.db, s);
  await auditMany(
    t,
    rows.map((r) => ({
      entityType: ENTITY,
      entityId: r.id,
      action: 'update',
      changes: reassignedField('entityId', s),
      metadata: { parentType: s.kind, parentId: s.to, ...reassignMetadata(s) },
    })),
  );
  return rows.map((r) => r.id);
}

/** The RGPD export's notes on the person (binned ones included) the caller's row scope covers; oldest first. */
export function noteRecordsOf(t: Tx, subject: PersonSubject) {
  return notesAboutPerson(t.db, t.ctx.actor, subject);
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the notes (bodies), whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubNotesOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubNoteTexts(t.db, erasureSql(erasure), opts);
}
