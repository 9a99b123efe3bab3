import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor, Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/db/ids.ts';
import { erasureSql, type ScrubOptions } from '../../platform/db/scrub.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { Erasure } from '../../platform/entities/reassign.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import {
  csvExportStream,
  type ExportColumn,
  readTable,
  suggestMapping,
  type TableFormat,
  validateMapping,
} from '../../platform/tabular/index.ts';
import { squashKey } from '../../platform/tabular/normalise.ts';
import { unreadable } from '../../platform/tabular/tabular.errors.ts';
import { catalogueOf } from './import-catalogues.ts';
import { type ImportTarget, importFieldsOf, knownHeaderKeys } from './import-fields.ts';
import { MAX_IMPORT_BYTES } from './import-file.ts';
import type {
  DryRunBody,
  ImportJobDto,
  ImportOptions,
  ImportReport,
  ImportRowError,
  Mapping,
} from './imports.contracts.ts';
import { runImportJob } from './imports.job.ts';
import {
  findImportJob,
  type ImportJobRow,
  insertImportJob,
  listImportJobs,
  scrubImportReports,
  toImportJobDto,
  updateImportJob,
} from './imports.repo.ts';
import { validateImportJob } from './validate-import.job.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_MIMES = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'text/comma-separated-values',
  'application/vnd.ms-excel',
]);

/** CSV or XLSX, from the file's extension first, then its MIME type. */
export function formatOf(fileName: string, mimeType: string | undefined): TableFormat {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return 'csv';
  const mime = (mimeType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime === XLSX_MIME) return 'xlsx';
  if (CSV_MIMES.has(mime) && ext !== '.xls') return 'csv';
  throw new AppError('import.unsupported_format', 'Only CSV and XLSX files can be imported', {
    status: 415,
    extra: { fileName, mimeType: mimeType ?? null },
  });
}

/** LinkedIn's Connections.csv: its header names, whatever the language of the export. */
export function isLinkedinExport(headers: readonly string[]): boolean {
  const keys = new Set(headers.map(squashKey));
  return keys.has('firstname') && keys.has('lastname') && keys.has('connectedon') && keys.has('url');
}

export const importNotFound = (id: string) => new AppError('import.not_found', `Import ${id} was not found`);

async function loadImport(ctx: Ctx, id: string): Promise<ImportJobRow> {
  const row = await findImportJob(ctx.deps.database.db, ctx.actor, id);
  if (!row) throw importNotFound(id);
  return row;
}

export interface UploadInput {
  entity: ImportTarget;
  fileName: string;
  mimeType?: string;
  bytes: Buffer;
}

/** Reads an upload, keeps the file in the storage (`imports/<id>.<format>`) and records the import with mapping suggestions. */
export async function uploadImport(ctx: Ctx, input: UploadInput) {
  const format = formatOf(input.fileName, input.mimeType);
  const table = await readTable(input.bytes, format, { maxBytes: MAX_IMPORT_BYTES, headerNames: knownHeaderKeys });
  if (table.headers.length === 0) throw unreadable('no header row was found');
  const id = newId();
  const storageKey = `imports/${id}.${format}`;
  await ctx.deps.storage.put(storageKey, input.bytes);
  const linkedin = isLinkedinExport(table.headers);
  const suggestion = suggestMapping(table.headers, catalogueOf(input.entity));
  try {
    await insertImportJob(ctx.deps.database.db, {
      id,
      entity: input.entity,
      status: 'uploaded',
      fileName: input.fileName.slice(0, 255),
      storageKey,
      format,
      headers: table.headers,
      mapping: suggestion.mapping,
      options: { linkedin } satisfies ImportOptions,
      totalRows: table.rowCount,
      createdBy: ctx.actor.userId as string,
      teamId: ctx.actor.teamId,
    });
  } catch (err) {
    await ctx.deps.storage.delete(storageKey).catch(() => {});
    throw err;
  }
  return {
    id,
    entity: input.entity,
    fileName: input.fileName,
    format,
    headers: table.headers,
    rowCount: table.rowCount,
    skippedPreambleLines: table.skippedPreambleLines,
    linkedin,
    suggestedMapping: suggestion.mapping,
    confidence: suggestion.confidence,
    fields: importFieldsOf(input.entity),
  };
}

const alreadyStarted = (row: ImportJobRow) =>
  new AppError('import.already_started', `This import is ${row.status}; upload the file again to import it again`, {
    status: 409,
    extra: { importStatus: row.status },
  });

/** Mapping problems of the engine, plus columns that are not in the file. */
function mappingProblems(mapping: Mapping, entity: ImportTarget, headers: readonly string[]) {
  const fields: FieldError[] = validateMapping(mapping, catalogueOf(entity)).map((p) => ({
    path: `body.mapping.${p.headers[0] ?? p.field}`,
    message: p.message,
    code: p.code,
  }));
  const known = new Set(headers);
  for (const [header, field] of Object.entries(mapping)) {
    if (field && !known.has(header)) {
      fields.push({
        path: `body.mapping.${header}`,
        message: `The file has no column "${header}"`,
        code: 'import.mapping_unknown_header',
      });
    }
  }
  return fields;
}

/**
 * Starts a dry run: checks the mapping at once (400 `import.invalid_mapping`), saves it with the duplicate mode and
 * queues the validate-import job, which checks every row without writing any record (validate-import.job.ts). The
 * import is `validating` until the report is in `GET /imports/{id}` (`validated`).
 */
export async function dryRunImport(ctx: Ctx, id: string, body: DryRunBody): Promise<ImportJobDto> {
  const row = await loadImport(ctx, id);
  if (row.status !== 'uploaded' && row.status !== 'validated') throw alreadyStarted(row);
  const entity = row.entity as ImportTarget;
  const problems = mappingProblems(body.mapping, entity, row.headers as string[]);
  if (problems.length > 0) {
    throw new AppError('import.invalid_mapping', problems.map((p) => p.message).join('; '), {
      status: 400,
      fields: problems,
    });
  }
  const options: ImportOptions = { ...((row.options ?? {}) as ImportOptions), duplicates: body.duplicates };
  const queued = await withTx(ctx, async (t) => {
    const saved = await updateImportJob(
      t.db,
      id,
      {
        mapping: body.mapping,
        options,
        status: 'validating',
        dryRun: null,
        processedRows: 0,
        attempt: 0,
        heartbeatAt: ctx.deps.clock.now(),
      },
      ['uploaded', 'validated'],
    );
    if (!saved) return null;
    await ctx.deps.queue.enqueue(t, validateImportJob, { importId: id, attempt: 0 });
    return saved;
  });
  if (!queued) throw alreadyStarted(await loadImport(ctx, id));
  return toImportJobDto(queued);
}

/** Queues the import job; refused when the import is not validated, or already queued, running or finished. */
export async function startImport(ctx: Ctx, id: string): Promise<ImportJobDto> {
  const row = await loadImport(ctx, id);
  if (row.status === 'uploaded') {
    throw new AppError('import.not_validated', 'Run a dry run with the chosen mapping before importing', {
      status: 409,
    });
  }
  if (row.status !== 'validated') throw alreadyStarted(row);
  const queued = await withTx(ctx, async (t) => {
    const updated = await updateImportJob(
      t.db,
      id,
      { status: 'queued', processedRows: 0, report: null, attempt: 0, heartbeatAt: ctx.deps.clock.now() },
      ['validated'],
    );
    if (!updated) return null;
    await ctx.deps.queue.enqueue(t, runImportJob, { importId: id, attempt: 0 });
    return updated;
  });
  if (!queued) throw alreadyStarted(await loadImport(ctx, id));
  return toImportJobDto(queued);
}

export async function getImport(ctx: Ctx, id: string): Promise<ImportJobDto> {
  return toImportJobDto(await loadImport(ctx, id));
}

export async function listImports(ctx: Ctx, limit: number): Promise<ImportJobDto[]> {
  return (await listImportJobs(ctx.deps.database.db, ctx.actor as Actor, limit)).map(toImportJobDto);
}

const ERROR_COLUMNS: ExportColumn<ImportRowError>[] = [
  { key: 'row', header: 'Ligne' },
  { key: 'field', header: 'Champ' },
  { key: 'code', header: 'Code' },
  { key: 'message', header: 'Message' },
];

/** The final report's errors as CSV (cells neutralised against formula injection). */
export async function importErrorsCsv(ctx: Ctx, id: string): Promise<{ fileName: string; stream: Readable }> {
  const row = await loadImport(ctx, id);
  const errors = ((row.report as ImportReport | null)?.errors ?? []) as ImportRowError[];
  return { fileName: `import-${id}-errors.csv`, stream: csvExportStream(ERROR_COLUMNS, errors) };
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the import reports and dry-run previews (rows quoted in errors and previews), whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubImportsOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubImportReports(t.db, erasureSql(erasure), opts);
}
