import type { Ctx } from '../context.ts';
import { newId } from '../db/ids.ts';
import { type Tx, withTx } from '../db/tx.ts';
import {
  type AuditRow,
  appendAuditRows,
  auditRowsAfter,
  GENESIS_HASH,
  hashAuditRow,
  KEYED_DIGEST_HASH_ALG,
  KEYED_HASH_ALG,
  LEGACY_HASH_ALG,
  type NewAuditRow,
  redactionSeal,
} from './audit.repo.ts';
import { type AuditKey, type AuditKeyring, auditKeyring } from './audit-keys.ts';
import { type Checkpoint, checkpointSinks, readCheckpointLine } from './checkpoints.ts';

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditEntry {
  entityType: string;
  entityId?: string | null;
  /** e.g. create, update, delete, restore, login, login_failed, logout, api_key_used, export. */
  action: string;
  changes?: FieldChanges | null;
  metadata?: Record<string, unknown> | null;
}

function toRow(t: Tx, entry: AuditEntry): NewAuditRow {
  const { actor, meta } = t.ctx;
  return {
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
  };
}

/** Writes an audit row in the caller's transaction, attributed to the caller (user or API key), IP and UA. */
export async function audit(t: Tx, entry: AuditEntry): Promise<void> {
  await auditMany(t, [entry]);
}

/**
 * Writes several audit rows, in order, in the caller's transaction: one chain lock and one read of the chain's
 * head for the whole batch (an import writing a row per record). Same attribution as `audit`.
 */
export async function auditMany(t: Tx, entries: AuditEntry[]): Promise<void> {
  const key = auditKeyring(t.ctx.deps.config.audit).current;
  await appendAuditRows(
    t.db,
    entries.map((e) => toRow(t, e)),
    key,
  );
}

/** For events with no business transaction of their own (a failed login): its own small transaction. */
export async function auditNow(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await withTx(ctx, (t) => audit(t, entry));
}

/**
 * What the changed fields held before the change, for an `*.updated` event's `previous` (the record in the event holds
 * the new values).
 */
export function previousValues(changes: FieldChanges): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.before]));
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

/** Why verification stopped; see docs/adr/0007-keyed-audit-chain.md. */
export type ChainBreakReason =
  /** The row's content or hash was changed (its hash is not the HMAC of its content with its key). */
  | 'hash_mismatch'
  /** The row does not follow the previous one: a row before it was deleted, inserted or moved. */
  | 'prev_hash_mismatch'
  /** The row (or a checkpoint) names a key that is not configured, or an unknown hash algorithm. */
  | 'unknown_key'
  /** An unkeyed (plain SHA-256) row after the keyed part of the chain began. */
  | 'unkeyed_row'
  /** The row at a checkpoint's seq is missing or has another hash, or the row count there differs. */
  | 'checkpoint_mismatch'
  /** The chain ends before the last checkpoint: its last rows were deleted. */
  | 'truncated'
  /** A checkpoint line whose signature does not hold (the checkpoint file was edited). */
  | 'checkpoint_signature';

export interface ChainReport {
  ok: boolean;
  /** Rows verified (all of them when ok; those before the first broken one otherwise). */
  checked: number;
  firstBroken?: {
    seq: number;
    id: string;
    reason: ChainBreakReason;
    /** Line of the checkpoint file, for a checkpoint that does not verify. */
    checkpointLine?: number;
  };
  /** Checkpoints read (with a valid signature). */
  checkpoints: number;
  /** The highest checkpoint: the chain must reach it. */
  lastCheckpoint: { seq: number; at: string } | null;
}

interface CheckpointIndex {
  /** Checkpoints by seq (distinct hash and row count only). */
  bySeq: Map<number, Checkpoint[]>;
  count: number;
  last: Checkpoint | null;
  /** Unkeyed rows are accepted up to this seq (the lowest bound any checkpoint recorded). */
  legacyBound: number;
}

type CheckpointFailure = NonNullable<ChainReport['firstBroken']>;

/** Reads and checks every checkpoint of the primary sink; memory grows with the number of distinct seqs. */
async function loadCheckpoints(ctx: Ctx): Promise<CheckpointIndex | CheckpointFailure> {
  const keyring = auditKeyring(ctx.deps.config.audit);
  const [primary] = checkpointSinks(ctx.deps.config.audit);
  const index: CheckpointIndex = { bySeq: new Map(), count: 0, last: null, legacyBound: Number.POSITIVE_INFINITY };
  if (!primary) return index;
  for await (const { line, text } of primary.lines()) {
    const r = readCheckpointLine(text, keyring);
    if (!r.ok) return { seq: r.seq, id: r.id ?? '', reason: r.reason, checkpointLine: line };
    const cp = r.checkpoint;
    index.count++;
    const same = index.bySeq.get(cp.seq) ?? [];
    if (!same.some((c) => c.hash === cp.hash && c.rows === cp.rows)) same.push(cp);
    index.bySeq.set(cp.seq, same);
    if (!index.last || cp.seq > index.last.seq) index.last = cp;
    index.legacyBound = Math.min(index.legacyBound, cp.legacyThroughSeq);
  }
  return index;
}

/**
 * Whether a row's hash is the hash of its content. A row hashed before `hmac-sha256-v2` whose values were erased holds
 * through its redaction seal instead (docs/adr/0011-erasable-audit-values.md).
 */
export function rowHolds(row: AuditRow, key: AuditKey | null, keyring: AuditKeyring): true | ChainBreakReason {
  if (row.hashAlg !== KEYED_DIGEST_HASH_ALG && row.redactionSeal) {
    const sealKey = keyring.byId.get(row.redactionKeyId ?? '');
    if (!sealKey) return 'unknown_key';
    return redactionSeal(row, sealKey) === row.redactionSeal ? true : 'hash_mismatch';
  }
  return hashAuditRow(row, row.prevHash, key, row.hashAlg) === row.hash ? true : 'hash_mismatch';
}

/**
 * Walks the whole chain in seq order, a page at a time, and reports the first row whose link, hash or key does not
 * hold, or that contradicts a signed checkpoint; then checks that the chain reaches the last checkpoint.
 */
export async function verifyAuditChain(ctx: Ctx, batchSize = 1000): Promise<ChainReport> {
  const db = ctx.deps.database.db;
  const keyring = auditKeyring(ctx.deps.config.audit);
  const loaded = await loadCheckpoints(ctx);
  if (!('bySeq' in loaded)) return { ok: false, checked: 0, firstBroken: loaded, checkpoints: 0, lastCheckpoint: null };
  const cps = loaded;
  const summary = {
    checkpoints: cps.count,
    lastCheckpoint: cps.last ? { seq: cps.last.seq, at: cps.last.at } : null,
  };
  const pending = [...cps.bySeq.keys()].filter((s) => s > 0).sort((a, b) => a - b);
  let next = 0;
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  let keyed = false;
  const broken = (seq: number, id: string, reason: ChainBreakReason): ChainReport => ({
    ok: false,
    checked,
    firstBroken: { seq, id, reason },
    ...summary,
  });
  const firstId = (seq: number) => cps.bySeq.get(seq)?.[0]?.id ?? '';
  for (;;) {
    const rows = await auditRowsAfter(db, afterSeq, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      const due = pending[next];
      if (due !== undefined && due < row.seq) return broken(due, firstId(due), 'checkpoint_mismatch');
      if (row.prevHash !== prevHash) return broken(row.seq, row.id, 'prev_hash_mismatch');
      let key = null;
      if (row.hashAlg === LEGACY_HASH_ALG) {
        if (keyed || row.seq > cps.legacyBound) return broken(row.seq, row.id, 'unkeyed_row');
      } else if (row.hashAlg === KEYED_HASH_ALG || row.hashAlg === KEYED_DIGEST_HASH_ALG) {
        key = keyring.byId.get(row.keyId ?? '');
        if (!key) return broken(row.seq, row.id, 'unknown_key');
        keyed = true;
      } else {
        return broken(row.seq, row.id, 'unknown_key');
      }
      const holds = rowHolds(row, key, keyring);
      if (holds !== true) return broken(row.seq, row.id, holds);
      if (due === row.seq) {
        const held = cps.bySeq.get(due) ?? [];
        if (held.some((c) => c.hash !== row.hash || c.rows !== checked + 1)) {
          return broken(row.seq, row.id, 'checkpoint_mismatch');
        }
        next++;
      }
      checked++;
      prevHash = row.hash;
      afterSeq = row.seq;
    }
  }
  const beyond = pending[next];
  if (beyond !== undefined) return broken(beyond, firstId(beyond), 'truncated');
  return { ok: true, checked, ...summary };
}
