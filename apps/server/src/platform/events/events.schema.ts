import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from '../db/columns.ts';

/** The outbox: one row per domain event, written in the transaction of the change it describes. */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    occurredAt: tstz('occurred_at').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    payload: jsonb('payload').notNull(),
    schemaVersion: integer('schema_version').notNull().default(1),
  },
  (t) => [index('events_type_occurred_idx').on(t.type, t.occurredAt), index('events_occurred_idx').on(t.occurredAt)],
);
