import { bigint, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from '../db/columns.ts';

/**
 * Append-only, hash-chained audit trail. `seq` orders the chain; `hash` covers the row's content and
 * `prevHash`, so changing or deleting any row breaks every link after it. `hashAlg` says how `hash` was made:
 * `hmac-sha256-v2` with the key `keyId` over a digest of each text value (every row written since
 * docs/adr/0011-erasable-audit-values.md), `hmac-sha256` over the values themselves (since
 * docs/adr/0007-keyed-audit-chain.md), or `sha256` (rows written before, unkeyed; accepted only before the first
 * keyed row).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    id: uuid('id').notNull().unique(),
    occurredAt: tstz('occurred_at').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    actorUserId: uuid('actor_user_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    action: text('action').notNull(),
    changes: jsonb('changes'),
    metadata: jsonb('metadata'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    hashAlg: text('hash_alg').notNull(),
    keyId: text('key_id'),
    /**
     * Rows hashed before `hmac-sha256-v2` whose values were erased: HMAC of the key `redactionKeyId` over the row's
     * hash and its erased content (docs/adr/0011-erasable-audit-values.md). Null otherwise.
     */
    redactionSeal: text('redaction_seal'),
    redactionKeyId: text('redaction_key_id'),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.seq),
    index('audit_log_actor_idx').on(t.actorUserId, t.seq),
    index('audit_log_occurred_idx').on(t.occurredAt),
  ],
);
