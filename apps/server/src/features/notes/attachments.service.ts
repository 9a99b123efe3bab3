import type { Readable } from 'node:stream';
import type { NotableEntity } from '@crm/contracts';
import { audit, auditMany } from '../../platform/audit/audit.ts';
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
import { commitFile, removeFile, writeTemp } from './attachment-storage.ts';
import { contentMatches, isAllowedType, safeFileName } from './attachment-types.ts';
import { assertMayChange, visibleParent } from './note-access.ts';
import type { AttachmentDto } from './notes.contracts.ts';
import {
  attachmentsAboutPerson,
  findLiveAttachment,
  insertAttachment,
  listAttachmentsOf,
  moveAttachments,
  scrubAttachmentNames,
  softDeleteAttachment,
  toAttachmentDto,
} from './notes.repo.ts';

const ENTITY = 'attachment';
/** Per-file limit (bytes). */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

const typeNotAllowed = (mimeType: string) =>
  new AppError(
    'attachment.type_not_allowed',
    `Files of type ${mimeType} are not accepted, or the content does not match`,
    {
      status: 415,
    },
  );
export const tooLarge = () =>
  new AppError('attachment.too_large', `Files are limited to ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`, {
    status: 413,
  });

export async function listAttachments(ctx: Ctx, entityType: NotableEntity, entityId: string): Promise<AttachmentDto[]> {
  const db = ctx.deps.database.db;
  await visibleParent(ctx, db, entityType, entityId);
  return listAttachmentsOf(db, entityType, entityId);
}

export interface Upload {
  fileName: string;
  mimeType: string;
  stream: Readable;
  /** Whether the upload was cut at the size limit (multipart `truncated`). */
  truncated(): boolean;
}

/**
 * Stores a file on a record the caller can see: the declared type must be allowed and the first bytes must
 * match it (415 otherwise), the size within the limit (413). Stored with its SHA-256, audited.
 */
export async function uploadAttachment(
  ctx: Ctx,
  entityType: NotableEntity,
  entityId: string,
  upload: Upload,
): Promise<AttachmentDto> {
  const db = ctx.deps.database.db;
  const { dataDir } = ctx.deps.config;
  try {
    await visibleParent(ctx, db, entityType, entityId);
  } catch (err) {
    upload.stream.resume();
    throw err;
  }
  const mimeType = upload.mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!isAllowedType(mimeType)) {
    upload.stream.resume();
    throw typeNotAllowed(mimeType);
  }
  let stored: Awaited<ReturnType<typeof writeTemp>>;
  try {
    stored = await writeTemp(dataDir, upload.stream);
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw err;
  }
  if (upload.truncated() || stored.sizeBytes > ATTACHMENT_MAX_BYTES) {
    await removeFile(stored.tempPath);
    throw tooLarge();
  }
  if (!contentMatches(mimeType, stored.head)) {
    await removeFile(stored.tempPath);
    throw typeNotAllowed(mimeType);
  }
  const now = ctx.deps.clock.now();
  const storageKey = await commitFile(ctx.deps.storage, stored.tempPath, now);
  try {
    return await withTx(ctx, async (t) => {
      const row = await insertAttachment(t.db, {
        entityType,
        entityId,
        fileName: safeFileName(upload.fileName),
        mimeType,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        storageKey,
        uploadedBy: ctx.actor.userId,
        ownerId: ctx.actor.userId,
        teamId: ctx.actor.teamId,
      });
      const dto = toAttachmentDto(row);
      await audit(t, {
        entityType: ENTITY,
        entityId: row.id,
        action: 'create',
        metadata: {
          parentType: entityType,
          parentId: entityId,
          fileName: dto.fileName,
          sizeBytes: dto.sizeBytes,
          sha256: dto.sha256,
        },
      });
      return dto;
    });
  } catch (err) {
    await ctx.deps.storage.delete(storageKey);
    throw err;
  }
}

async function visibleAttachment(ctx: Ctx, id: string) {
  const db = ctx.deps.database.db;
  const row = await findLiveAttachment(db, id);
  if (!row) throw new AppError('attachment.not_found', `Attachment ${id} was not found`);
  try {
    await visibleParent(ctx, db, row.entityType, row.entityId);
  } catch {
    throw new AppError('attachment.not_found', `Attachment ${id} was not found`);
  }
  return row;
}

/** The file of an attachment the caller can see, to stream back. */
export async function openAttachment(ctx: Ctx, id: string) {
  const row = await visibleAttachment(ctx, id);
  return { attachment: toAttachmentDto(row), stream: await ctx.deps.storage.get(row.storageKey) };
}

/** Soft delete (the file stays until the retention purge). Uploader, admin or team manager. */
export async function deleteAttachment(ctx: Ctx, id: string): Promise<void> {
  const row = await visibleAttachment(ctx, id);
  assertMayChange(ctx, { authorId: row.uploadedBy, teamId: row.teamId });
  await withTx(ctx, async (t) => {
    await softDeleteAttachment(t.db, id, ctx.deps.clock.now(), ctx.actor.userId);
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
  });
}

/**
 * A merge's part: the files on person (or organisation) `from` now belong to `to` (the stored files do not move),
 * whoever uploaded them, binned ones included. Each is audited (`update` of `entityId`, with the new parent and the
 * merge in the metadata); files have no events. In the caller's transaction; returns the ids moved.
 */
export async function reassignAttachments(t: Tx, s: Reassignment): Promise<string[]> {
  const rows = await moveAttachments(t.db, s);
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

/** The RGPD export's files on the person (without their storage key, binned ones included) the caller may see. */
export function attachmentRecordsOf(t: Tx, subject: PersonSubject) {
  return attachmentsAboutPerson(t.db, t.ctx.actor, subject);
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the attachments’ metadata (file names; the files’ content is not read), whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubAttachmentsOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubAttachmentNames(t.db, erasureSql(erasure), opts);
}
