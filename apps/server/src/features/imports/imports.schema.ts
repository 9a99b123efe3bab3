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
    createdBy: uuid('created_by').notNull(),
    teamId: uuid('team_id'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('import_jobs_created_by_idx').on(t.createdBy, t.createdAt)],
);
