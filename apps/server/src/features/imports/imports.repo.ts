import { and, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { people } from '../people/people.schema.ts';
import type { ImportJobDto, ImportOptions, ImportReport, ImportStatus } from './imports.contracts.ts';
import { importJobs } from './imports.schema.ts';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type NewImportJobRow = typeof importJobs.$inferInsert;

export async function insertImportJob(db: Queryable, values: NewImportJobRow): Promise<ImportJobRow> {
  const [row] = await db.insert(importJobs).values(values).returning();
  return row as ImportJobRow;
}

/** An import the actor may see: their own, or any for an admin. */
export async function findImportJob(db: Queryable, actor: Actor | null, id: string): Promise<ImportJobRow | null> {
  const where: SQL[] = [eq(importJobs.id, id)];
  if (actor && actor.type !== 'system' && actor.role !== 'admin') {
    where.push(actor.userId ? eq(importJobs.createdBy, actor.userId) : sql`false`);
  }
  const [row] = await db
    .select()
    .from(importJobs)
    .where(and(...where));
  return row ?? null;
}

export async function listImportJobs(db: Queryable, actor: Actor, limit: number): Promise<ImportJobRow[]> {
  const mine = actor.role === 'admin' ? undefined : eq(importJobs.createdBy, actor.userId ?? '');
  return db.select().from(importJobs).where(mine).orderBy(desc(importJobs.createdAt), desc(importJobs.id)).limit(limit);
}

export async function updateImportJob(
  db: Queryable,
  id: string,
  values: Partial<NewImportJobRow>,
  onlyIfStatus?: readonly ImportStatus[],
): Promise<ImportJobRow | null> {
  const where: SQL[] = [eq(importJobs.id, id)];
  if (onlyIfStatus) where.push(inArray(importJobs.status, [...onlyIfStatus]));
  const [row] = await db
    .update(importJobs)
    .set(values)
    .where(and(...where))
    .returning();
  return row ?? null;
}

/** Live people the actor may see with one of these e-mails (lower-cased), for duplicate counts and links. */
export async function peopleByEmail(
  db: Queryable,
  actor: Actor,
  emails: readonly string[],
): Promise<{ id: string; email: string }[]> {
  if (emails.length === 0) return [];
  const where: SQL[] = [isNull(people.deletedAt), inArray(people.email, [...emails])];
  const scope = scopeFilter(actor, people);
  if (scope) where.push(scope);
  const rows = await db
    .select({ id: people.id, email: people.email })
    .from(people)
    .where(and(...where));
  return rows.map((r) => ({ id: r.id, email: String(r.email) }));
}

export function progressOf(row: Pick<ImportJobRow, 'status' | 'totalRows' | 'processedRows'>): number {
  if (row.status === 'done') return 100;
  if (row.totalRows <= 0) return 0;
  return Math.min(100, Math.floor((row.processedRows / row.totalRows) * 100));
}

export function toImportJobDto(row: ImportJobRow): ImportJobDto {
  const options = (row.options ?? {}) as ImportOptions;
  return {
    id: row.id,
    entity: row.entity as ImportJobDto['entity'],
    status: row.status as ImportStatus,
    fileName: row.fileName,
    format: row.format,
    headers: row.headers as string[],
    mapping: (row.mapping as ImportJobDto['mapping']) ?? null,
    duplicates: options.duplicates ?? null,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    progress: progressOf(row),
    report: (row.report as ImportReport | null) ?? null,
    createdBy: row.createdBy,
    teamId: row.teamId,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
