import type { Ctx } from '../context.ts';
import { newId } from '../db/ids.ts';
import { type Tx, withTx } from '../db/tx.ts';
import { appendAuditRow, auditRowsAfter, GENESIS_HASH, hashAuditRow } from './audit.repo.ts';

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditEntry {
  entityType: string;
  entityId?: string | null;
  /** e.g. create, update, delete, restore, login, login_failed, logout, api_key_used, export. */
  action: string;
  changes?: FieldChanges | null;
  metadata?: Record<string, unknown> | null;
}

/** Writes an audit row in the caller's transaction, attributed to the caller (user or API key), IP and UA. */
export async function audit(t: Tx, entry: AuditEntry): Promise<void> {
  const { actor, meta } = t.ctx;
  await appendAuditRow(t.db, {
    id: newId(),
    occurredAt: t.ctx.deps.clock.now(),
    actorType: actor.type,
    actorId: actor.apiKeyId ?? actor.userId,
    actorUserId: actor.userId,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    action: entry.action,
    changes: entry.changes ?? null,
    metadata: entry.metadata ?? null,
  });
}

/** For events with no business transaction of their own (a failed login): its own small transaction. */
export async function auditNow(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await withTx(ctx, (t) => audit(t, entry));
}

/** The changed fields between two versions of a record (only keys of `after` are compared). */
export function diffFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  ignore: string[] = ['updatedAt', 'createdAt', 'passwordHash', 'totpSecretEnc'],
): FieldChanges {
  const changes: FieldChanges = {};
  for (const [k, v] of Object.entries(after)) {
    if (ignore.includes(k) || v === undefined) continue;
    const b = before ? before[k] : null;
    if (JSON.stringify(b) !== JSON.stringify(v)) changes[k] = { before: b ?? null, after: v ?? null };
  }
  return changes;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; id: string; reason: 'hash_mismatch' | 'prev_hash_mismatch' };
}

/** Walks the whole chain in order and reports the first row whose hash or link does not hold. */
export async function verifyAuditChain(ctx: Ctx, batchSize = 1000): Promise<ChainReport> {
  const db = ctx.deps.database.db;
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await auditRowsAfter(db, afterSeq, batchSize);
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, id: row.id, reason: 'prev_hash_mismatch' } };
      }
      if (hashAuditRow(row, row.prevHash) !== row.hash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, id: row.id, reason: 'hash_mismatch' } };
      }
      prevHash = row.hash;
      afterSeq = row.seq;
      checked++;
    }
  }
}
