import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { idPk, tstz } from '../db/columns.ts';

/** RGPD: who read or exported a person's record, when, from where. Kept like the audit trail. */
export const dataAccessLog = pgTable(
  'data_access_log',
  {
    id: idPk(),
    at: tstz('at').notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    apiKeyId: uuid('api_key_id'),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    action: text('action').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('data_access_log_subject_idx').on(t.subjectType, t.subjectId, t.at)],
);
