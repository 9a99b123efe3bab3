import { NOTABLE_ENTITIES } from '@crm/contracts';
import { bigint, index, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idPk, ownership, softDelete, updatedAt } from '../../platform/db/columns.ts';

export const notableEntityEnum = pgEnum('notable_entity', NOTABLE_ENTITIES);

/** Rich-text notes (sanitised HTML) on an organisation, a person or a mandate. */
export const notes = pgTable(
  'notes',
  {
    id: idPk(),
    entityType: notableEntityEnum('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by'),
    ...ownership(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ...softDelete(),
  },
  (t) => [index('notes_entity_idx').on(t.entityType, t.entityId, t.createdAt)],
);

/** Files on an organisation, a person or a mandate, stored under DATA_DIR/attachments. */
export const attachments = pgTable(
  'attachments',
  {
    id: idPk(),
    entityType: notableEntityEnum('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by'),
    ...ownership(),
    createdAt: createdAt(),
    ...softDelete(),
  },
  (t) => [index('attachments_entity_idx').on(t.entityType, t.entityId, t.createdAt)],
);
