import { FIELD_CATALOGUE, type ImportTarget } from './field-catalogue.ts';
import { IMPORT_SCHEMAS, type ImportValueOf } from './import-schemas.ts';
import type { ColumnMapping } from './suggest-mapping.ts';

export interface RowError {
  field: string;
  message: string;
  code: string;
}

export type MapRowResult<T extends ImportTarget> =
  | { ok: true; value: ImportValueOf[T] }
  | { ok: false; errors: RowError[] };

/** Fields that several columns may feed: their cells are joined instead of the first one winning. */
const JOINERS: Record<string, string> = { list: ';', notes: '\n' };

/**
 * Maps one raw row (header -> cell) through the column mapping and validates it against the import schema
 * of the target. Several columns mapped to a list field (tags) or to notes are joined; for other fields the
 * first non-empty column wins.
 */
export function mapRow<T extends ImportTarget>(
  raw: Readonly<Record<string, string | undefined>>,
  mapping: ColumnMapping,
  target: T,
): MapRowResult<T> {
  const input = collectCells(raw, mapping, target);
  const parsed = IMPORT_SCHEMAS[target].safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as ImportValueOf[T] };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      field: String(issue.path[0] ?? ''),
      message: issue.message,
      code: String((issue as { params?: { code?: unknown } }).params?.code ?? 'import.invalid'),
    })),
  };
}

function collectCells(
  raw: Readonly<Record<string, string | undefined>>,
  mapping: ColumnMapping,
  target: ImportTarget,
): Record<string, string> {
  const kinds = new Map(FIELD_CATALOGUE[target].map((f) => [f.name, f.name === 'notes' ? 'notes' : f.kind]));
  const input: Record<string, string> = {};
  for (const [header, field] of Object.entries(mapping)) {
    if (!field || !kinds.has(field)) continue;
    const cell = (raw[header] ?? '').trim();
    if (cell === '') continue;
    const joiner = JOINERS[kinds.get(field)!];
    const previous = input[field];
    if (previous === undefined) input[field] = cell;
    else if (joiner) input[field] = `${previous}${joiner}${cell}`;
  }
  return input;
}

export interface DryRunError {
  /** The row number the user sees in the spreadsheet (header and preamble rows counted). */
  row: number;
  field: string;
  message: string;
  code: string;
}

export interface DryRunReport<T extends ImportTarget> {
  total: number;
  valid: number;
  invalid: number;
  errors: DryRunError[];
  /** True when more errors were found than `maxErrors`. */
  errorsTruncated: boolean;
  /** The first mapped rows that passed, as they would be imported. */
  preview: ImportValueOf[T][];
}

export interface DryRunInput {
  rows: readonly Readonly<Record<string, string | undefined>>[];
  /** Spreadsheet row number of each row (readTable gives them); otherwise `headerRowNumber + index + 1`. */
  rowNumbers?: readonly number[];
  headerRowNumber?: number;
}

export interface DryRunOptions {
  previewSize?: number;
  maxErrors?: number;
}

/** Validates every row without writing anything: counts, per-row errors with row numbers, a preview. */
export function dryRun<T extends ImportTarget>(
  table: DryRunInput,
  mapping: ColumnMapping,
  target: T,
  opts: DryRunOptions = {},
): DryRunReport<T> {
  const previewSize = opts.previewSize ?? 20;
  const maxErrors = opts.maxErrors ?? 1000;
  const headerRowNumber = table.headerRowNumber ?? 1;
  const report: DryRunReport<T> = {
    total: 0,
    valid: 0,
    invalid: 0,
    errors: [],
    errorsTruncated: false,
    preview: [],
  };
  table.rows.forEach((raw, i) => {
    report.total++;
    const result = mapRow(raw, mapping, target);
    if (result.ok) {
      report.valid++;
      if (report.preview.length < previewSize) report.preview.push(result.value);
      return;
    }
    report.invalid++;
    const row = table.rowNumbers?.[i] ?? headerRowNumber + i + 1;
    for (const e of result.errors) {
      if (report.errors.length >= maxErrors) report.errorsTruncated = true;
      else report.errors.push({ row, ...e });
    }
  });
  return report;
}
