import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tstz } from '../db/columns.ts';

/**
 * `Idempotency-Key` of POST requests (platform/http/idempotency.ts): one row a (caller, key), shared by every API
 * process. `running` while the first request runs (`locked_until` bounds a process that died), then `done` with the
 * answer to replay; purged by maintenance once `expires_at` (24 h after the first request) has passed.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** `user:<id>` (a session) or `api_key:<id>`: a caller never sees another's answers. */
    caller: text('caller').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of the method, the URL and the body of the first request. */
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['running', 'done'] }).notNull(),
    lockedUntil: tstz('locked_until'),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    createdAt: createdAt(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caller, t.key] }), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);
