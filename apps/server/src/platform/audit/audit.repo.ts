import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { auditLog } from './audit.schema.ts';
import { canonicalJson } from './canonical-json.ts';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = Omit<AuditRow, 'seq' | 'prevHash' | 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);
/** Serialises audit writers so the chain has no forks; held until the writing transaction ends. */
const AUDIT_CHAIN_LOCK = 7262002;

export function hashAuditRow(row: NewAuditRow, prevHash: string): string {
  const content = canonicalJson({
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
    changes: row.changes ?? null,
    metadata: row.metadata ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** Appends a row to the chain. Must run inside a transaction (the lock is transaction-scoped). */
export async function appendAuditRow(db: Queryable, row: NewAuditRow): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  await db.insert(auditLog).values({ ...row, prevHash, hash: hashAuditRow(row, prevHash) });
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
