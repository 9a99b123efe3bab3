import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { z } from 'zod';
import { actorForUser } from '../../platform/auth/actor-for-user.ts';
import type { Ctx, Deps, Log } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { defineJob } from '../../platform/jobs/define-job.ts';
import { mapRow } from '../../platform/tabular/index.ts';
import { catalogueOf } from './import-catalogues.ts';
import type { ImportTarget } from './import-fields.ts';
import { readStoredTable } from './import-file.ts';
import type { DryRunReport, ImportOptions, Mapping } from './imports.contracts.ts';
import { findImportJob, saveImportProgress } from './imports.repo.ts';
import { effectiveMapping, withConstants } from './mapping-constants.ts';
import { type BatchRow, newPlanState, planBatch } from './plan-import.ts';

/** Rows checked between two yields to the event loop (and two progress saves). */
const VALIDATE_BATCH = 2000;
const PREVIEW_SIZE = 20;
const MAX_ERRORS = 1000;

/**
 * The dry run of a `validating` import, as the user who uploaded it: checks every row with the saved mapping and
 * plans what the run will do with each valid row (plan-import.ts: duplicates, rows to review, rows that will fail),
 * in batches that yield to the event loop and save the
 * progress (and heartbeat); the report goes to `dry_run` and the import becomes `validated`. No record is written.
 */
export async function validateImport(deps: Deps, log: Log, importId: string, attempt: number) {
  const db = deps.database.db;
  const row = await findImportJob(db, null, importId);
  if (!row || row.status !== 'validating' || row.attempt !== attempt) return { skipped: true };
  const owner = { status: 'validating' as const, attempt };
  const actor = await actorForUser(db, row.createdBy);
  if (!actor) {
    await saveImportProgress(db, importId, owner, {
      status: 'failed',
      finishedAt: deps.clock.now(),
      report: {
        created: 0,
        updated: 0,
        skipped: 0,
        failed: 0,
        errors: [
          { row: 0, code: 'import.importer_inactive', message: 'The user who uploaded this file is deactivated' },
        ],
      },
    });
    return { failed: 'importer_inactive' };
  }
  const ctx: Ctx = { actor, meta: { requestId: `import:${importId}` }, deps, log: log.child({ importId }) };
  const entity = row.entity as ImportTarget;
  const mapping = (row.mapping ?? {}) as Mapping;
  const options = (row.options ?? {}) as ImportOptions;
  const mode = options.duplicates ?? 'skip';
  const catalogue = catalogueOf(entity);
  const effective = effectiveMapping(mapping, options);
  const table = await readStoredTable(deps, row);
  const total = table.rows.length;
  const report: DryRunReport = {
    total,
    valid: 0,
    invalid: 0,
    duplicates: entity === 'links' ? null : 0,
    errors: [],
    errorsTruncated: false,
    preview: [],
    predicted: entity === 'links' ? null : { created: 0, updated: 0, skipped: 0, failed: 0, review: 0 },
    rows: [],
  };
  const pushError = (e: DryRunReport['errors'][number]) => {
    if (report.errors.length >= MAX_ERRORS) report.errorsTruncated = true;
    else report.errors.push(e);
  };
  const state = newPlanState();
  for (let from = 0; from < total; from += VALIDATE_BATCH) {
    const to = Math.min(from + VALIDATE_BATCH, total);
    const valid: BatchRow<unknown>[] = [];
    for (let i = from; i < to; i++) {
      const line = table.rowNumbers[i] ?? i + 2;
      const result = mapRow(withConstants(table.rows[i] as Record<string, string>, options), effective, catalogue);
      if (result.ok) {
        report.valid++;
        if (report.preview.length < PREVIEW_SIZE) report.preview.push(result.value as Record<string, unknown>);
        valid.push({ index: i, line, value: result.value });
        continue;
      }
      report.invalid++;
      for (const e of result.errors) pushError({ row: line, ...e });
    }
    const plan = await planBatch(ctx, entity, valid, state, mode);
    for (const e of plan.errors) pushError(e);
    report.rows.push(...plan.rows);
    const predicted = report.predicted;
    if (predicted && report.duplicates !== null) {
      const skipped = plan.rows.filter((r) => r.action === 'skip').length;
      const merged = plan.rows.filter((r) => r.action === 'merge').length;
      const review = plan.rows.length - skipped - merged;
      report.duplicates += skipped + merged;
      predicted.skipped += skipped;
      predicted.updated += merged;
      predicted.review += review;
      predicted.failed += to - from - valid.length + plan.errors.length;
      predicted.created += valid.length - plan.rows.length - plan.errors.length;
    }
    const now = deps.clock.now();
    if (!(await saveImportProgress(db, importId, owner, { processedRows: to, totalRows: total, heartbeatAt: now }))) {
      return { skipped: 'superseded' };
    }
    await yieldToEventLoop();
  }
  const saved = await saveImportProgress(db, importId, owner, {
    status: 'validated',
    dryRun: report,
    totalRows: total,
    processedRows: total,
    heartbeatAt: deps.clock.now(),
  });
  return saved ? { valid: report.valid, invalid: report.invalid } : { skipped: 'superseded' };
}

export const validateImportJob = defineJob({
  name: 'validate-import',
  input: z.object({ importId: z.uuid(), attempt: z.number().int().min(0).default(0) }),
  retry: { limit: 1, delaySeconds: 10, backoff: false },
  expireInSeconds: 10 * 60,
  handler: async ({ importId, attempt }, { deps, log, retryCount }) => {
    try {
      return await validateImport(deps, log, importId, attempt);
    } catch (err) {
      if (retryCount < 1 && !(err instanceof AppError)) throw err;
      // The file is gone or unreadable, or the database failed twice: the dry run ends, the mapping stays.
      log.error({ err, importId }, 'dry run failed');
      await saveImportProgress(
        deps.database.db,
        importId,
        { status: 'validating', attempt },
        {
          status: 'uploaded',
          dryRun: {
            failure: {
              code: err instanceof AppError ? err.code : 'import.dry_run_failed',
              message: err instanceof AppError ? err.message : 'The dry run stopped on an unexpected error',
            },
          },
        },
      );
      return { failed: true };
    }
  },
});
