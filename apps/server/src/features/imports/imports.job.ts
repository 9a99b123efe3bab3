import { z } from 'zod';
import { auditNow } from '../../platform/audit/audit.ts';
import { actorForUser } from '../../platform/auth/actor-for-user.ts';
import type { Ctx, Deps, Log } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { defineJob } from '../../platform/jobs/define-job.ts';
import { type ImportTarget, mapRow } from '../../platform/tabular/index.ts';
import { type ImportRun, importRow } from './import-rows.ts';
import type { ImportOptions, ImportReport, ImportRowError, Mapping } from './imports.contracts.ts';
import { findImportJob, type ImportJobRow, updateImportJob } from './imports.repo.ts';
import { readStoredTable } from './imports.service.ts';

/** Progress is written every this many rows. */
export const PROGRESS_EVERY = 50;
/** Errors kept in the final report (the counts stay exact). */
const MAX_REPORT_ERRORS = 5000;

const emptyReport = (): ImportReport => ({ created: 0, updated: 0, skipped: 0, failed: 0, errors: [] });

function pushError(report: ImportReport, error: ImportRowError) {
  if (report.errors.length < MAX_REPORT_ERRORS) report.errors.push(error);
  else report.errorsTruncated = true;
}

/** A row's failure as the report shows it: the service's stable code, or a generic one for the unexpected. */
function rowErrorOf(row: number, err: unknown, log: Log): ImportRowError {
  if (err instanceof AppError) {
    const field = err.fields?.[0]?.path.replace(/^body\./, '');
    return { row, ...(field ? { field } : {}), code: err.code, message: err.message };
  }
  log.warn({ err, row }, 'import row failed unexpectedly');
  return { row, code: 'import.row_failed', message: 'This row could not be imported (unexpected error)' };
}

async function finish(deps: Deps, id: string, status: 'done' | 'failed', report: ImportReport, processedRows?: number) {
  await updateImportJob(deps.database.db, id, {
    status,
    report,
    finishedAt: deps.clock.now(),
    ...(processedRows !== undefined ? { processedRows } : {}),
  });
}

/**
 * Imports the rows of a validated import as the user who started it: each valid row goes through the
 * feature services in its own transaction (a bad row never loses the others); progress is saved every
 * PROGRESS_EVERY rows. A retry after a crash resumes after the last saved row.
 */
export async function runImport(deps: Deps, log: Log, importId: string, opts: { lastAttempt: boolean }) {
  const db = deps.database.db;
  let row = await findImportJob(db, null, importId);
  if (!row || row.status === 'done' || row.status === 'failed') return { skipped: true };
  if (row.status !== 'queued' && row.status !== 'running') return { skipped: true };

  const resuming = row.status === 'running';
  if (!resuming) {
    row = (await updateImportJob(db, importId, { status: 'running', startedAt: deps.clock.now(), processedRows: 0 }, [
      'queued',
    ])) as ImportJobRow | null;
    if (!row) return { skipped: true };
  }
  const report: ImportReport = resuming && row.report ? (row.report as ImportReport) : emptyReport();
  const start = resuming ? row.processedRows : 0;

  const actor = await actorForUser(db, row.createdBy);
  if (!actor) {
    pushError(report, {
      row: 0,
      code: 'import.importer_inactive',
      message: 'The user who started this import is deactivated or deleted; no row was imported',
    });
    await finish(deps, importId, 'failed', report);
    return { failed: 'importer_inactive' };
  }
  const ctx: Ctx = {
    actor,
    meta: { requestId: `import:${importId}`, userAgent: 'import-job' },
    deps,
    log: log.child({ importId }),
  };
  const options = (row.options ?? {}) as ImportOptions;
  const run: ImportRun = {
    ctx,
    duplicates: options.duplicates ?? 'skip',
    linkedin: options.linkedin ?? false,
    fileName: row.fileName,
    organisationsByKey: new Map(),
    notes: [],
  };
  const entity = row.entity as ImportTarget;
  const mapping = (row.mapping ?? {}) as Mapping;

  let processed = start;
  try {
    const table = await readStoredTable(deps, row);
    if (!resuming) await updateImportJob(db, importId, { totalRows: table.rows.length });
    for (let i = start; i < table.rows.length; i++) {
      const line = table.rowNumbers[i] ?? i + 2;
      const mapped = mapRow(table.rows[i] as Record<string, string>, mapping, entity);
      if (!mapped.ok) {
        report.failed++;
        for (const e of mapped.errors)
          pushError(report, { row: line, field: e.field, code: e.code, message: e.message });
      } else {
        try {
          run.notes = [];
          report[await importRow(run, entity, mapped.value)]++;
          for (const n of run.notes) pushError(report, { row: line, ...n });
        } catch (err) {
          report.failed++;
          pushError(report, rowErrorOf(line, err, ctx.log));
        }
      }
      processed = i + 1;
      if (processed % PROGRESS_EVERY === 0) await updateImportJob(db, importId, { processedRows: processed, report });
    }
  } catch (err) {
    // Not a row's fault: the file is gone or unreadable, or the database failed.
    if (!opts.lastAttempt && !(err instanceof AppError)) {
      await updateImportJob(db, importId, { processedRows: processed, report }).catch(() => {});
      throw err;
    }
    log.error({ err, importId }, 'import failed');
    pushError(report, {
      row: 0,
      code: err instanceof AppError ? err.code : 'import.failed',
      message: err instanceof AppError ? err.message : 'The import stopped on an unexpected error',
    });
    await finish(deps, importId, 'failed', report, processed);
    return { failed: true };
  }
  await finish(deps, importId, 'done', report, processed);
  await auditNow(ctx, {
    entityType: 'import',
    entityId: importId,
    action: 'import',
    metadata: {
      entity,
      fileName: row.fileName,
      created: report.created,
      updated: report.updated,
      skipped: report.skipped,
      failed: report.failed,
    },
  });
  return { created: report.created, updated: report.updated, skipped: report.skipped, failed: report.failed };
}

export const runImportJob = defineJob({
  name: 'run-import',
  input: z.object({ importId: z.uuid() }),
  retry: { limit: 1, delaySeconds: 30, backoff: false },
  expireInSeconds: 4 * 3600,
  handler: async ({ importId }, { deps, log, retryCount }) =>
    runImport(deps, log, importId, { lastAttempt: retryCount >= 1 }),
});
