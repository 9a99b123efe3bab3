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
  mapRow,
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
  DryRunReport,
  ImportJobDto,
  ImportOptions,
  ImportReport,
  RunBody,
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
import { constantField, effectiveMapping } from './mapping-constants.ts';
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

/** Where a mapping problem of `header` is in the request: a column of the mapping, or a constant. */
function pathOf(header: string) {
  const field = constantField(header);
  return field === null ? `body.mapping.${header}` : `body.constants.${field}`;
}

/**
 * Mapping problems of the engine (the constants count as mapped columns), columns that are not in the file, and
 * constants that do not pass their field's check (the same coercion as a cell of the column would).
 */
function mappingProblems(body: DryRunBody, entity: ImportTarget, headers: readonly string[]) {
  const { mapping, constants } = body;
  const catalogue = catalogueOf(entity);
  const fields: FieldError[] = validateMapping(effectiveMapping(mapping, { constants }), catalogue).map((p) => ({
    path: pathOf(p.headers.find((h) => constantField(h) !== null) ?? p.headers[0] ?? p.field),
    message: p.message,
    code: p.code,
  }));
  const names = Object.keys(constants);
  if (names.length > 0 && fields.length === 0) {
    const only = Object.fromEntries(names.map((f) => [f, f]));
    const checked = mapRow(constants, only, catalogue);
    if (!checked.ok) {
      for (const e of checked.errors) {
        if (!names.includes(e.field)) continue; // a required field the constants alone do not hold
        fields.push({ path: `body.constants.${e.field}`, message: e.message, code: e.code });
      }
    }
  }
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
  const problems = mappingProblems(body, entity, row.headers as string[]);
  if (problems.length > 0) {
    throw new AppError('import.invalid_mapping', problems.map((p) => p.message).join('; '), {
      status: 400,
      fields: problems,
    });
  }
  const { review: _stale, ...kept } = (row.options ?? {}) as ImportOptions;
  const options: ImportOptions = { ...kept, duplicates: body.duplicates, constants: body.constants };
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

/**
 * The decisions on the rows the dry run proposed for review: 400 `import.review_unknown_row` for a row that is not
 * one of them, 409 `import.review_pending` (with the rows) when one has no decision and there is no default.
 */
function reviewDecisions(row: ImportJobRow, body: RunBody): ImportOptions['review'] {
  const planned = ((row.dryRun as DryRunReport | null)?.rows ?? []).filter((r) => r.action === 'review');
  const lines = new Set(planned.map((r) => String(r.row)));
  const review = body?.review;
  const unknown = Object.keys(review?.rows ?? {}).filter((line) => !lines.has(line));
  if (unknown.length > 0) {
    throw new AppError('import.review_unknown_row', `No row to review at line ${unknown.join(', ')}`, {
      status: 400,
      fields: unknown.map((line) => ({
        path: `body.review.rows.${line}`,
        message: 'not a row to review',
        code: 'review_unknown_row',
      })),
    });
  }
  const pending = [...lines].filter((line) => !review?.default && !review?.rows?.[line]);
  if (pending.length > 0) {
    throw new AppError(
      'import.review_pending',
      `Choose what becomes of the rows to review (create, merge or skip): ${pending.join(', ')}`,
      { status: 409, extra: { rows: pending.map(Number) } },
    );
  }
  return review && lines.size > 0 ? review : undefined;
}

/**
 * Queues the import job with the decisions on the rows to review; refused when the import is not validated, or
 * already queued, running or finished.
 */
export async function startImport(ctx: Ctx, id: string, body: RunBody = {}): Promise<ImportJobDto> {
  const row = await loadImport(ctx, id);
  if (row.status === 'uploaded') {
    throw new AppError('import.not_validated', 'Run a dry run with the chosen mapping before importing', {
      status: 409,
    });
  }
  if (row.status !== 'validated') throw alreadyStarted(row);
  const review = reviewDecisions(row, body);
  const options: ImportOptions = { ...((row.options ?? {}) as ImportOptions), review };
  const queued = await withTx(ctx, async (t) => {
    const updated = await updateImportJob(
      t.db,
      id,
      { status: 'queued', options, processedRows: 0, report: null, attempt: 0, heartbeatAt: ctx.deps.clock.now() },
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

/** A line of the report CSV: a row that failed, or a row skipped, merged or reviewed. */
interface ReportLine {
  row: number;
  outcome: string;
  field?: string;
  code: string;
  message: string;
  matchId?: string | null;
  matchLabel?: string;
  matchRow?: number;
  decision?: string;
  fields?: string[];
}

const REPORT_COLUMNS: ExportColumn<ReportLine>[] = [
  { key: 'row', header: 'Ligne' },
  { key: 'outcome', header: 'Résultat' },
  { key: 'field', header: 'Champ' },
  { key: 'code', header: 'Code' },
  { key: 'message', header: 'Message' },
  { key: 'matchId', header: 'Fiche correspondante (id)' },
  { key: 'matchLabel', header: 'Fiche correspondante' },
  { key: 'matchRow', header: 'Ligne répétée' },
  { key: 'decision', header: 'Décision' },
  { key: 'fields', header: 'Champs complétés' },
];

/**
 * The final report as CSV, by line: the rows that failed (`failed`) and the rows skipped, merged or reviewed with the
 * record they matched and why (cells neutralised against formula injection).
 */
export async function importErrorsCsv(ctx: Ctx, id: string): Promise<{ fileName: string; stream: Readable }> {
  const row = await loadImport(ctx, id);
  const report = row.report as ImportReport | null;
  const lines: ReportLine[] = [
    ...(report?.errors ?? []).map((e) => ({ ...e, outcome: 'failed' })),
    ...(report?.rows ?? []).map((r) => ({
      row: r.row,
      outcome: r.outcome,
      code: r.code,
      message: r.message,
      matchId: r.match?.id,
      matchLabel: r.match?.label,
      matchRow: r.match?.row,
      decision: r.decision,
      fields: r.fields,
    })),
  ].sort((a, b) => a.row - b.row);
  return { fileName: `import-${id}-report.csv`, stream: csvExportStream(REPORT_COLUMNS, lines) };
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the import reports and dry-run previews (rows quoted in errors and previews), whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubImportsOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubImportReports(t.db, erasureSql(erasure), opts);
}
