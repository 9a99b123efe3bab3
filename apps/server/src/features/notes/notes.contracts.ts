import { NOTABLE_ENTITIES } from '@crm/contracts';
import { z } from 'zod';

export const NoteSchema = z
  .object({
    id: z.uuid(),
    entityType: z.enum(NOTABLE_ENTITIES),
    entityId: z.uuid(),
    body: z.string().describe('Sanitised HTML'),
    createdBy: z.uuid().nullable(),
    ownerId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Note' });
export type NoteDto = z.infer<typeof NoteSchema>;

export const NoteBodySchema = z.object({
  body: z.string().min(1).max(100_000).describe('HTML; scripts, styles and event handlers are removed'),
});

export const NoteListSchema = z.object({ items: z.array(NoteSchema) });

export const AttachmentSchema = z
  .object({
    id: z.uuid(),
    entityType: z.enum(NOTABLE_ENTITIES),
    entityId: z.uuid(),
    fileName: z.string(),
    mimeType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.uuid().nullable(),
    ownerId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'Attachment' });
export type AttachmentDto = z.infer<typeof AttachmentSchema>;

export const AttachmentListSchema = z.object({ items: z.array(AttachmentSchema) });

/** The URL segment of each parent kind: /organisations/:id/notes, /people/:id/notes, /mandats/:id/notes. */
export const PARENT_ROUTES = [
  ['organisations', 'organisation'],
  ['people', 'person'],
  ['mandats', 'mandat'],
] as const;
