import type { FieldCatalogue, ImportField } from './catalogue.ts';
import type { ColumnMapping } from './suggest-mapping.ts';

export interface RowError {
  field: string;
  message: string;
  code: string;
}

/** The typed values of a row (the output of the catalogue's schema), or its errors. */
export type MapRowResult<Value> = { ok: true; value: Value } | { ok: false; errors: RowError[] };

/**
 * Fields that several columns may feed (by kind, and a field named `notes`): their cells are joined instead of
 * the first one winning.
 */
const JOINERS: Record<string, string> = { list: ';', notes: '\n' };

/**
 * Maps one raw row (header -> cell) through the column mapping and validates it against the schema of the
 * catalogue. Several columns mapped to a `list` field (tags) or to a field named `notes` are joined; for other
 * fields the first non-empty column wins. A mapping to a field the catalogue does not have is ignored.
 */
export function mapRow<Value>(
  raw: Readonly<Record<string, string | undefined>>,
  mapping: ColumnMapping,
  catalogue: Pick<FieldCatalogue<Value>, 'fields' | 'schema'>,
): MapRowResult<Value> {
  const input = collectCells(raw, mapping, catalogue.fields);
  const parsed = catalogue.schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
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
  fields: readonly ImportField[],
): Record<string, string> {
  const kinds = new Map(fields.map((f) => [f.name, f.name === 'notes' ? 'notes' : f.kind]));
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

export interface DryRunReport<Value> {
  total: number;
  valid: number;
  invalid: number;
  errors: DryRunError[];
  /** True when more errors were found than `maxErrors`. */
  errorsTruncated: boolean;
  /** The first mapped rows that passed, as they would be imported. */
  preview: Value[];
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
export function dryRun<Value>(
  table: DryRunInput,
  mapping: ColumnMapping,
  catalogue: Pick<FieldCatalogue<Value>, 'fields' | 'schema'>,
  opts: DryRunOptions = {},
): DryRunReport<Value> {
  const previewSize = opts.previewSize ?? 20;
  const maxErrors = opts.maxErrors ?? 1000;
  const headerRowNumber = table.headerRowNumber ?? 1;
  const report: DryRunReport<Value> = {
    total: 0,
    valid: 0,
    invalid: 0,
    errors: [],
    errorsTruncated: false,
    preview: [],
  };
  table.rows.forEach((raw, i) => {
    report.total++;
    const result = mapRow(raw, mapping, catalogue);
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
