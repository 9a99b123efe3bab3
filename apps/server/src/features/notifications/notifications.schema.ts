import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.schema.ts';
import { createdAt, idPk, tstz } from '../../platform/db/columns.ts';

/** In-app notifications (the bell). Read ones are purged by the maintenance job after a while. */
export const notifications = pgTable(
  'notifications',
  {
    id: idPk(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    readAt: tstz('read_at'),
    createdAt: createdAt(),
    /** The domain event that caused it, if any: one notification per user and event, however often it is handled. */
    sourceEventId: uuid('source_event_id'),
  },
  (t) => [
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
    uniqueIndex('notifications_user_event_idx').on(t.userId, t.sourceEventId),
  ],
);
