import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { getTableName } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { auditNow } from '../../platform/audit/audit.ts';
import { actorForUser } from '../../platform/auth/actor-for-user.ts';
import type { Ctx, Deps, Log } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { refreshPlannerStats } from '../../platform/db/planner-stats.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { events } from '../../platform/events/events.schema.ts';
import { defineJob } from '../../platform/jobs/define-job.ts';
import { deterministicJobId } from '../../platform/jobs/queue.ts';
import { mapRow } from '../../platform/tabular/index.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people, personOrganisations } from '../people/people.schema.ts';
import { catalogueOf } from './import-catalogues.ts';
import type { ImportTarget } from './import-fields.ts';
import { readStoredTable } from './import-file.ts';
import { importPeopleBatch } from './import-people.ts';
import { type ImportRun, importRow, type RowResult, rowErrorOf } from './import-rows.ts';
import type { PersonImport } from './import-schemas.ts';
import type {
  DryRunReport,
  ImportOptions,
  ImportReportRow,
  ImportRowError,
  Mapping,
  StoredImportReport,
} from './imports.contracts.ts';
import { claimImportBatch, findImportJob, type ImportJobRow, updateImportJob } from './imports.repo.ts';
import { effectiveMapping, withConstants } from './mapping-constants.ts';
import type { BatchRow } from './plan-import.ts';

/**
 * Rows per transaction. On PostgreSQL a batch is written set-based; embedded PGlite has one connection that a
 * transaction holds until it ends, so its batches are smaller to keep other requests waiting little.
 */
export const BATCH_ROWS = { postgres: 500, pglite: 100 } as const;
/** A job works this long, then hands the rest to a fresh job (short job expiry: see imports.watchdog.ts). */
const SLICE_MS = 120_000;
/** Errors, and rows skipped or merged, kept in the final report (the counts stay exact). */
const MAX_REPORT_ERRORS = 5000;
const MAX_REPORT_ROWS = 10_000;

/**
 * The tables an import of each kind grows: their planner statistics are kept fresh as it goes. Every record written
 * also adds an audit row and a domain event, whose handlers read the events back by id.
 */
const WRITTEN_WITH_EVERY_RECORD = [auditLog, events].map(getTableName);
const GROWN_TABLES: Record<ImportTarget, string[]> = {
  people: [...[people, personOrganisations, organisations].map(getTableName), ...WRITTEN_WITH_EVERY_RECORD],
  organisations: [getTableName(organisations), ...WRITTEN_WITH_EVERY_RECORD],
  links: [getTableName(personOrganisations), ...WRITTEN_WITH_EVERY_RECORD],
};

type ImportReport = StoredImportReport;

const emptyReport = (): ImportReport => ({ created: 0, updated: 0, skipped: 0, failed: 0, errors: [], rows: [] });

function pushError(report: ImportReport, error: ImportRowError) {
  if (report.errors.length < MAX_REPORT_ERRORS) report.errors.push(error);
  else report.errorsTruncated = true;
}

function pushRow(report: ImportReport, row: ImportReportRow) {
  if (report.rows.length < MAX_REPORT_ROWS) report.rows.push(row);
  else report.rowsTruncated = true;
}

/** Another run owns the import now (the watchdog resumed it), or these rows were saved already: stop. */
class Superseded extends Error {}

async function finish(deps: Deps, id: string, status: 'done' | 'failed', report: ImportReport, processedRows?: number) {
  await updateImportJob(deps.database.db, id, {
    status,
    report,
    finishedAt: deps.clock.now(),
    heartbeatAt: deps.clock.now(),
    ...(processedRows !== undefined ? { processedRows } : {}),
  });
}

/** The run, its context reading and writing through `db` (a transaction or a savepoint). */
function runOn(run: ImportRun, db: Tx['db']): ImportRun {
  const deps = { ...run.ctx.deps, database: { ...run.ctx.deps.database, db: db as unknown as Db } };
  return { ...run, ctx: { ...run.ctx, deps } };
}

/**
 * One row through the feature services, in a savepoint of the batch's transaction (the services' own transactions
 * nest as savepoints): a failing row rolls back alone and is reported, the batch goes on.
 */
async function importOneRow(t: Tx, run: ImportRun, entity: ImportTarget, row: BatchRow<unknown>): Promise<RowResult> {
  const organisations = run.organisationsByKey;
  const known = organisations.size;
  try {
    const done = await t.db.transaction((sp) => importRow(runOn(run, sp), entity, row.line, row.value as never));
    if (done.recordId && run.referenced.has(row.line)) run.lineRecords.set(row.line, done.recordId);
    return done;
  } catch (err) {
    // Organisations created by this row were rolled back with it.
    for (const key of [...organisations.keys()].slice(known)) organisations.delete(key);
    return { error: rowErrorOf(row.line, err, run.ctx.log) };
  }
}

interface Batch {
  from: number;
  to: number;
  valid: BatchRow<unknown>[];
  invalid: ImportRowError[][];
}

/**
 * Writes one batch in one transaction: claims its rows (progress and heartbeat, only if this run still owns the
 * import), imports them (set-based for contacts, else one by one), saves the report. Returns the new report.
 */
async function writeBatch(
  run: ImportRun,
  importId: string,
  attempt: number,
  entity: ImportTarget,
  batch: Batch,
  report: ImportReport,
  mode: 'set' | 'rows',
): Promise<{ report: ImportReport; organisations: Map<string, string>; lineRecords: Map<number, string> }> {
  const ctx = run.ctx;
  return withTx(ctx, async (t) => {
    const claimed = await claimImportBatch(t.db, importId, {
      attempt,
      from: batch.from,
      to: batch.to,
      now: ctx.deps.clock.now(),
    });
    if (!claimed) throw new Superseded();
    const batchRun: ImportRun = {
      ...runOn(run, t.db),
      organisationsByKey: new Map(run.organisationsByKey),
      lineRecords: new Map(run.lineRecords),
    };
    const t2: Tx = { ...t, ctx: batchRun.ctx };
    const oneByOne = (row: BatchRow<unknown>) => importOneRow(t2, batchRun, entity, row);
    let results: Map<number, RowResult>;
    if (mode === 'set' && entity === 'people') {
      results = await importPeopleBatch(t2, batchRun, batch.valid as BatchRow<PersonImport>[], oneByOne);
    } else {
      results = new Map();
      for (const row of batch.valid) results.set(row.index, await oneByOne(row));
    }
    const next: ImportReport = { ...report, errors: [...report.errors], rows: [...report.rows] };
    for (const errors of batch.invalid) {
      next.failed++;
      for (const e of errors) pushError(next, e);
    }
    for (const row of batch.valid) {
      const result = results.get(row.index);
      if (!result) throw new Error(`row ${row.line} has no outcome`);
      if ('error' in result) {
        next.failed++;
        pushError(next, result.error);
      } else {
        next[result.outcome]++;
        if (result.row) pushRow(next, result.row);
      }
    }
    if (batchRun.lineRecords.size > 0) {
      next.lineRecords = Object.fromEntries([...batchRun.lineRecords].map(([line, id]) => [String(line), id]));
    }
    await updateImportJob(t.db, importId, { report: next });
    return { report: next, organisations: batchRun.organisationsByKey, lineRecords: batchRun.lineRecords };
  });
}

/**
 * Imports the rows of a validated import as the user who started it, in batches of BATCH_ROWS rows: each batch is one
 * transaction that also saves the progress, so a run that stops (a crash, a dead worker) resumes after the last saved
 * batch and imports every row exactly once. A batch that fails is written again row by row, so a bad row never loses
 * the others. Run `attempt` owns the import; when the watchdog resumes it with a later attempt, this one stops.
 */
export async function runImport(
  deps: Deps,
  log: Log,
  importId: string,
  opts: { attempt: number; lastAttempt: boolean; sliceMs?: number },
) {
  const db = deps.database.db;
  let row = await findImportJob(db, null, importId);
  if (!row || (row.status !== 'queued' && row.status !== 'running')) return { skipped: true };
  if (row.attempt !== opts.attempt) return { skipped: 'superseded' };

  const resuming = row.status === 'running';
  if (!resuming) {
    const now = deps.clock.now();
    row = (await updateImportJob(
      db,
      importId,
      { status: 'running', startedAt: now, heartbeatAt: now, processedRows: 0 },
      ['queued'],
    )) as ImportJobRow | null;
    if (!row) return { skipped: true };
  }
  const saved = resuming && row.report ? (row.report as ImportReport) : null;
  let report: ImportReport = saved ? { ...saved, rows: saved.rows ?? [] } : emptyReport();

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
  const planned = ((row.dryRun as DryRunReport | null)?.rows ?? []) as DryRunReport['rows'];
  const run: ImportRun = {
    ctx,
    duplicates: options.duplicates ?? 'skip',
    linkedin: options.linkedin ?? false,
    fileName: row.fileName,
    organisationsByKey: new Map(),
    plan: new Map(planned.map((p) => [p.row, p])),
    review: options.review,
    lineRecords: new Map(Object.entries(report.lineRecords ?? {}).map(([line, id]) => [Number(line), id])),
    referenced: new Set(
      planned.flatMap((p) => [p.match, ...(p.candidates ?? [])].flatMap((m) => (m.row === undefined ? [] : [m.row]))),
    ),
  };
  const entity = row.entity as ImportTarget;
  const mapping = effectiveMapping((row.mapping ?? {}) as Mapping, options);
  const batchRows = BATCH_ROWS[deps.database.kind === 'pglite' ? 'pglite' : 'postgres'];
  const started = Date.now();

  let processed = row.processedRows;
  try {
    const table = await readStoredTable(deps, row);
    if (!resuming) await updateImportJob(db, importId, { totalRows: table.rows.length });
    while (processed < table.rows.length) {
      const batch: Batch = {
        from: processed,
        to: Math.min(processed + batchRows, table.rows.length),
        valid: [],
        invalid: [],
      };
      for (let i = batch.from; i < batch.to; i++) {
        const line = table.rowNumbers[i] ?? i + 2;
        const mapped = mapRow(
          withConstants(table.rows[i] as Record<string, string>, options),
          mapping,
          catalogueOf(entity),
        );
        if (mapped.ok) batch.valid.push({ index: i, line, value: mapped.value });
        else
          batch.invalid.push(
            mapped.errors.map((e) => ({ row: line, field: e.field, code: e.code, message: e.message })),
          );
      }
      let written: Awaited<ReturnType<typeof writeBatch>>;
      try {
        written = await writeBatch(run, importId, opts.attempt, entity, batch, report, 'set');
      } catch (err) {
        if (err instanceof Superseded) throw err;
        ctx.log.warn({ err, from: batch.from }, 'import batch failed; writing it row by row');
        written = await writeBatch(run, importId, opts.attempt, entity, batch, report, 'rows');
      }
      report = written.report;
      run.organisationsByKey = written.organisations;
      run.lineRecords = written.lineRecords;
      processed = batch.to;
      await refreshPlannerStats(deps.database, GROWN_TABLES[entity], ctx.log);
      await yieldToEventLoop();
      if (Date.now() - started > (opts.sliceMs ?? SLICE_MS) && processed < table.rows.length) {
        await deps.queue.enqueue(
          null,
          runImportJob,
          { importId, attempt: opts.attempt },
          { id: deterministicJobId(`run-import:${importId}:${opts.attempt}:${processed}`) },
        );
        return { continued: processed };
      }
    }
  } catch (err) {
    if (err instanceof Superseded) {
      ctx.log.warn({ importId, attempt: opts.attempt }, 'import taken over by a later run; this one stops');
      return { skipped: 'superseded' };
    }
    // Not a row's fault: the file is gone or unreadable, or the database failed. Saved batches stay saved.
    if (!opts.lastAttempt && !(err instanceof AppError)) throw err;
    log.error({ err, importId }, 'import failed');
    pushError(report, {
      row: 0,
      code: err instanceof AppError ? err.code : 'import.failed',
      message: err instanceof AppError ? err.message : 'The import stopped on an unexpected error',
    });
    await finish(deps, importId, 'failed', report, processed);
    return { failed: true };
  }
  const done = await updateImportJob(
    db,
    importId,
    { status: 'done', report, finishedAt: deps.clock.now(), heartbeatAt: deps.clock.now(), processedRows: processed },
    ['running'],
  );
  if (!done || done.attempt !== opts.attempt) return { skipped: 'superseded' };
  // Audited before the statistics refresh (an ANALYZE that can take seconds on PostgreSQL): a reader who sees the
  // import done finds its audit row, but for the moment between these two statements.
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
  deps.analytics?.capture(row.createdBy, 'import_completed', {
    importId,
    entity,
    created: report.created,
    updated: report.updated,
    failed: report.failed,
  });
  await refreshPlannerStats(deps.database, GROWN_TABLES[entity], ctx.log, { finalPass: true });
  return { created: report.created, updated: report.updated, skipped: report.skipped, failed: report.failed };
}

export const runImportJob = defineJob({
  name: 'run-import',
  input: z.object({ importId: z.uuid(), attempt: z.number().int().min(0).default(0) }),
  retry: { limit: 1, delaySeconds: 30, backoff: false },
  // A job works SLICE_MS at most, then queues the rest: an attempt that outlives this died with its worker.
  expireInSeconds: 10 * 60,
  handler: async ({ importId, attempt }, { deps, log, retryCount }) =>
    runImport(deps, log, importId, { attempt, lastAttempt: retryCount >= 1 }),
});
