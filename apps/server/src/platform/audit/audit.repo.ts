import { createHash, createHmac } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../db/client.ts';
import { insertMany } from '../db/insert-many.ts';
import type { ErasureSql } from '../db/scrub.ts';
import { auditLog } from './audit.schema.ts';
import type { AuditKey } from './audit-keys.ts';
import { canonicalJson } from './canonical-json.ts';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = Omit<
  AuditRow,
  'seq' | 'prevHash' | 'hash' | 'hashAlg' | 'keyId' | 'redactionSeal' | 'redactionKeyId'
>;

export const GENESIS_HASH = '0'.repeat(64);
/** `hash_alg` of the rows: unkeyed (written before docs/adr/0007-keyed-audit-chain.md) or keyed. */
export const LEGACY_HASH_ALG = 'sha256';
export const KEYED_HASH_ALG = 'hmac-sha256';
/**
 * Keyed, over a digest of each text value of `changes` and `metadata` instead of the value itself, so a personal value
 * can later be replaced by its digest and the row still verifies (docs/adr/0011-erasable-audit-values.md). Every row
 * written since.
 */
export const KEYED_DIGEST_HASH_ALG = 'hmac-sha256-v2';
/** An erased value in `changes` or `metadata`: `{ "$erased": HMAC-SHA256(key, "crm-audit-value\n" + value) }`. */
export const ERASED = '$erased';
/** Serialises audit writers so the chain has no forks; held until the writing transaction ends. */
const AUDIT_CHAIN_LOCK = 7262002;

/** The digest that stands for a text value in a digest-hashed row (and replaces it once erased). */
export function valueDigest(key: AuditKey, value: string): string {
  return createHmac('sha256', key.secret).update('crm-audit-value\n').update(value).digest('hex');
}

/** An erased value: the marker object holding the value's digest. */
export function isErasedValue(v: unknown): v is { [ERASED]: string } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const d = (v as Record<string, unknown>)[ERASED];
  return keys.length === 1 && typeof d === 'string' && /^[0-9a-f]{64}$/.test(d);
}

/**
 * The value as a digest-hashed row's hash sees it: every text replaced by its erased form (its digest), erased values
 * as they are; numbers, booleans, nulls and object keys unchanged. Erasing a text therefore does not change the hash.
 */
export function sealValues(value: unknown, key: AuditKey): unknown {
  if (typeof value === 'string') return { [ERASED]: valueDigest(key, value) };
  if (Array.isArray(value)) return value.map((v) => sealValues(v, key));
  if (value instanceof Date) return sealValues(value.toISOString(), key);
  if (isErasedValue(value)) return value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sealValues(v, key)]));
  }
  return value;
}

/** The canonical JSON of what a row's hash covers (keys sorted, so a jsonb round trip does not change it). */
export function rowContent(row: NewAuditRow, sealWith: AuditKey | null = null): string {
  const seal = (v: unknown) => (sealWith && v != null ? sealValues(v, sealWith) : v);
  return canonicalJson({
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorUserId: row.actorUserId,
    ip: row.ip,
    userAgent: row.userAgent,
    entityType: row.entityType,
    entityId: row.entityId,
    action: row.action,
    changes: seal(row.changes ?? null),
    metadata: seal(row.metadata ?? null),
  });
}

/**
 * A row's hash: HMAC-SHA256(key, prevHash + "\n" + canonical JSON) with a key, or (`key` null) the plain
 * SHA-256 of the same input, as rows written before the keyed chain were hashed. With `alg` = the digest algorithm
 * (rows written since docs/adr/0011-erasable-audit-values.md), the JSON holds each text value's digest (`sealValues`).
 */
export function hashAuditRow(
  row: NewAuditRow,
  prevHash: string,
  key: AuditKey | null,
  alg: string = key ? KEYED_HASH_ALG : LEGACY_HASH_ALG,
): string {
  const h = key ? createHmac('sha256', key.secret) : createHash('sha256');
  const content = rowContent(row, key && alg === KEYED_DIGEST_HASH_ALG ? key : null);
  return h.update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * The seal of a row written before the digest algorithm whose values were erased: HMAC-SHA256 of a key over its hash
 * and its erased content, so the row keeps its place in the chain (docs/adr/0011-erasable-audit-values.md).
 */
export function redactionSeal(row: NewAuditRow & { hash: string }, key: AuditKey): string {
  return createHmac('sha256', key.secret)
    .update('crm-audit-redaction\n')
    .update(row.hash)
    .update('\n')
    .update(rowContent(row))
    .digest('hex');
}

/** Replaces a row's `changes` and `metadata` (an erasure) and, for an older row, its redaction seal. */
export async function updateAuditValues(
  db: Queryable,
  seq: number,
  values: Pick<AuditRow, 'changes' | 'metadata'> & Partial<Pick<AuditRow, 'redactionSeal' | 'redactionKeyId'>>,
): Promise<void> {
  await db.update(auditLog).set(values).where(eq(auditLog.seq, seq));
}

/** The audit rows an erasure looks at: those about the subject, or whose values match `mentions`. */
export async function auditRowsMentioning(db: Queryable, entityType: string, entityId: string, e: ErasureSql) {
  return db
    .select()
    .from(auditLog)
    .where(
      or(
        and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)),
        e.jsonHit(auditLog.changes),
        e.jsonHit(auditLog.metadata),
      ),
    )
    .orderBy(asc(auditLog.seq));
}

/**
 * Appends rows to the chain, in order, keyed with `key`: one lock and one read of the head for the whole batch.
 * Must run inside a transaction (the lock is transaction-scoped), so the rows exist only if it commits.
 */
export async function appendAuditRows(db: Queryable, rows: NewAuditRow[], key: AuditKey): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  let prevHash = last?.hash ?? GENESIS_HASH;
  const values = rows.map((row) => {
    const hash = hashAuditRow(row, prevHash, key, KEYED_DIGEST_HASH_ALG);
    const value = { ...row, prevHash, hash, hashAlg: KEYED_DIGEST_HASH_ALG, keyId: key.id };
    prevHash = hash;
    return value;
  });
  // insertMany inserts in the order given and the identity column numbers the rows in that order: seq follows the
  // chain.
  await insertMany(db, auditLog, values);
}

/** Appends one row to the chain (see appendAuditRows). */
export async function appendAuditRow(db: Queryable, row: NewAuditRow, key: AuditKey): Promise<void> {
  await appendAuditRows(db, [row], key);
}

/** The chain's last row and size, read in one snapshot: what a checkpoint anchors. */
export interface ChainHead {
  seq: number;
  id: string | null;
  hash: string;
  rows: number;
  /** Rows up to this seq may be unkeyed (`sha256`): the seq before the first keyed row, or the head. */
  legacyThroughSeq: number;
}

export async function readChainHead(db: Queryable): Promise<ChainHead> {
  const [r] = rowsOf<{
    seq: string | number | null;
    id: string | null;
    hash: string | null;
    rows: string | number;
    first_keyed: string | number | null;
  }>(
    await db.execute(sql`
      with head as (select seq, id, hash from ${auditLog} order by seq desc limit 1)
      select head.seq, head.id, head.hash,
        (select count(*) from ${auditLog} a where a.seq <= head.seq) as rows,
        (select min(seq) from ${auditLog} a where a.hash_alg <> ${LEGACY_HASH_ALG}) as first_keyed
      from (select 1) one left join head on true`),
  );
  const seq = Number(r?.seq ?? 0);
  const firstKeyed = r?.first_keyed == null ? null : Number(r.first_keyed);
  return {
    seq,
    id: r?.id ?? null,
    hash: r?.hash ?? GENESIS_HASH,
    rows: Number(r?.rows ?? 0),
    legacyThroughSeq: firstKeyed === null ? seq : firstKeyed - 1,
  };
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Rows with seq below this (cursor, newest first). */
  beforeSeq?: number;
  limit: number;
}

export async function listAuditRows(db: Queryable, f: AuditFilter): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
  if (f.actorUserId) where.push(eq(auditLog.actorUserId, f.actorUserId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.from) where.push(gte(auditLog.occurredAt, f.from));
  if (f.to) where.push(lte(auditLog.occurredAt, f.to));
  if (f.beforeSeq) where.push(lt(auditLog.seq, f.beforeSeq));
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(f.limit);
}

export async function auditRowsAfter(db: Queryable, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit);
}
