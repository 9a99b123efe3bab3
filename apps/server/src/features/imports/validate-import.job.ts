import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { z } from 'zod';
import { actorForUser } from '../../platform/auth/actor-for-user.ts';
import type { Ctx, Deps, Log } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { defineJob } from '../../platform/jobs/define-job.ts';
import { mapRow } from '../../platform/tabular/index.ts';
import { organisationNameKey } from '../organisations/name-key.ts';
import { countExisting } from './existing-records.ts';
import { catalogueOf } from './import-catalogues.ts';
import type { ImportTarget } from './import-fields.ts';
import { readStoredTable } from './import-file.ts';
import type { OrganisationImport, PersonImport } from './import-schemas.ts';
import type { DryRunReport, Mapping } from './imports.contracts.ts';
import { findImportJob, saveImportProgress } from './imports.repo.ts';

/** Rows checked between two yields to the event loop (and two progress saves). */
const VALIDATE_BATCH = 2000;
const PREVIEW_SIZE = 20;
const MAX_ERRORS = 1000;

/** The key a valid row is matched on against existing records: organisations by name, people by e-mail. */
function duplicateKey(entity: ImportTarget, value: unknown): string | null {
  if (entity === 'organisations') return organisationNameKey((value as OrganisationImport).name);
  if (entity === 'people') return (value as PersonImport).email?.toLowerCase() ?? null;
  return null;
}

/**
 * The dry run of a `validating` import, as the user who uploaded it: checks every row with the saved mapping and
 * counts the valid rows that match a record they may see, in batches that yield to the event loop and save the
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
  };
  for (let from = 0; from < total; from += VALIDATE_BATCH) {
    const to = Math.min(from + VALIDATE_BATCH, total);
    const keys: string[] = [];
    for (let i = from; i < to; i++) {
      const result = mapRow(table.rows[i] as Record<string, string>, mapping, catalogueOf(entity));
      if (result.ok) {
        report.valid++;
        if (report.preview.length < PREVIEW_SIZE) report.preview.push(result.value as Record<string, unknown>);
        const key = duplicateKey(entity, result.value);
        if (key) keys.push(key);
        continue;
      }
      report.invalid++;
      const line = table.rowNumbers[i] ?? i + 2;
      for (const e of result.errors) {
        if (report.errors.length >= MAX_ERRORS) report.errorsTruncated = true;
        else report.errors.push({ row: line, ...e });
      }
    }
    if (report.duplicates !== null) report.duplicates += await countExisting(ctx, entity, keys);
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
