import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idPk, updatedAt } from '../../platform/db/columns.ts';

/** One CSV/XLSX import: the uploaded file, its mapping, its dry-run and final reports, its progress. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: idPk(),
    entity: text('entity').notNull(),
    status: text('status').notNull().default('uploaded'),
    fileName: text('file_name').notNull(),
    storageKey: text('storage_key').notNull(),
    format: text('format').notNull(),
    headers: jsonb('headers').notNull(),
    mapping: jsonb('mapping'),
    options: jsonb('options'),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    report: jsonb('report'),
    /** The dry run's report (valid, invalid, duplicates, errors, preview), written by the validate-import job. */
    dryRun: jsonb('dry_run'),
    /** Bumped with every saved batch of a running job; a stale one means its worker died (imports.watchdog.ts). */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    /** Which run of the job owns the import: bumped each time the watchdog resumes it. */
    attempt: integer('attempt').notNull().default(0),
    createdBy: uuid('created_by').notNull(),
    teamId: uuid('team_id'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('import_jobs_created_by_idx').on(t.createdBy, t.createdAt),
    index('import_jobs_active_idx').on(t.heartbeatAt).where(sql`${t.status} in ('validating', 'running')`),
  ],
);
