import { DIRECTIONS, INTERACTION_TYPES } from '@crm/contracts';
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idPk, ownership, softDelete, updatedAt } from '../../platform/db/columns.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people } from '../people/people.schema.ts';

export const interactionTypeEnum = pgEnum('interaction_type', INTERACTION_TYPES);
export const directionEnum = pgEnum('interaction_direction', DIRECTIONS);

/** What happened with someone: calls, e-mails, meetings, pitches, notes. */
export const interactions = pgTable(
  'interactions',
  {
    id: idPk(),
    type: interactionTypeEnum('type').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes'),
    direction: directionEnum('direction'),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    mandatId: uuid('mandat_id').references(() => mandats.id, { onDelete: 'set null' }),
    outcome: text('outcome'),
    /** People outside the CRM: [{ name, email }]. */
    externalParticipants: jsonb('external_participants').notNull().default(sql`'[]'::jsonb`),
    /** Calendar event, call or e-mail this came from, so that syncs are idempotent. */
    externalSource: text('external_source'),
    externalId: text('external_id'),
    createdBy: uuid('created_by'),
    ...ownership(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ...softDelete(),
  },
  (t) => [
    uniqueIndex('interactions_external_uq')
      .on(t.externalSource, t.externalId)
      .where(sql`${t.externalSource} is not null`),
    index('interactions_org_occurred_idx').on(t.organisationId, t.occurredAt),
    index('interactions_person_occurred_idx').on(t.personId, t.occurredAt),
    index('interactions_mandat_occurred_idx').on(t.mandatId, t.occurredAt),
    index('interactions_team_occurred_idx').on(t.teamId, t.occurredAt),
    index('interactions_type_occurred_idx').on(t.type, t.occurredAt),
  ],
);

export const interactionParticipants = pgTable(
  'interaction_participants',
  {
    id: idPk(),
    interactionId: uuid('interaction_id')
      .notNull()
      .references(() => interactions.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role'),
    present: boolean('present').notNull().default(true),
  },
  (t) => [
    uniqueIndex('interaction_participants_pair_uq').on(t.interactionId, t.personId),
    index('interaction_participants_person_idx').on(t.personId),
  ],
);
