import { SEGMENT_ENTITIES } from '@crm/contracts';
import { boolean, index, jsonb, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idPk, ownership, softDelete, updatedAt } from '../../platform/db/columns.ts';

export const segmentEntityEnum = pgEnum('segment_entity', SEGMENT_ENTITIES);

/** Saved filters over a list (SEGMENT_ENTITIES), used by saved views, campaigns, workflows and exports. */
export const segments = pgTable(
  'segments',
  {
    id: idPk(),
    name: text('name').notNull(),
    entity: segmentEntityEnum('entity').notNull(),
    /** The list filters (same names as the list's query parameters) plus explicit includes/excludes. */
    filters: jsonb('filters').notNull(),
    shared: boolean('shared').notNull().default(false),
    ...ownership(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ...softDelete(),
  },
  (t) => [index('segments_team_idx').on(t.teamId, t.entity)],
);
