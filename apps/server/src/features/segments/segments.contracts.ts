import { SEGMENT_ENTITIES } from '@crm/contracts';
import { z } from 'zod';
import { listResponse, multi } from '../../platform/http/list.ts';

export const SegmentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    entity: z.enum(SEGMENT_ENTITIES),
    filters: z
      .record(z.string(), z.unknown())
      .describe('The list query parameters of the entity, as strings, plus `columns` (comma list) for a saved view'),
    shared: z.boolean().describe('Visible to the owner’s team'),
    ownerId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Segment' });
export type SegmentDto = z.infer<typeof SegmentSchema>;

/**
 * Filters are stored as the query string parameters of the entity's list (`{ category: 'CGPI,SDG', sort:
 * '-updatedAt' }`), checked against that list when saved; `columns` (`'name,city,aum'`) is the saved view's
 * visible columns, kept for the web app and never passed to the list.
 */
const filters = z
  .record(z.string().regex(/^[a-zA-Z]+$/), z.string().max(2000))
  .refine((f) => Object.keys(f).length <= 40)
  .describe('List query parameters (no cursor or limit) and `columns`, all as strings');

/** The `columns` entry of a saved view: column names, comma-separated. */
export const ViewColumnsSchema = multi(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,63}$/), 100);

export const CreateSegmentSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    entity: z.enum(SEGMENT_ENTITIES),
    filters,
    shared: z.boolean().default(false),
  })
  .strict();
export type CreateSegmentInput = z.infer<typeof CreateSegmentSchema>;

export const UpdateSegmentSchema = z
  .object({ name: z.string().trim().min(1).max(120), filters, shared: z.boolean() })
  .partial()
  .strict();
export type UpdateSegmentInput = z.infer<typeof UpdateSegmentSchema>;

export const SegmentListSchema = z.object({ items: z.array(SegmentSchema) });
export const SegmentMembersSchema = listResponse(z.record(z.string(), z.unknown()));
