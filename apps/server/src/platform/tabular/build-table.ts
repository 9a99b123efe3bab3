import { mode } from './detect-delimiter.ts';
import { squashKey } from './normalise.ts';
import { tooManyRows } from './tabular.errors.ts';

/** One row of a sheet as read: its cells as strings and its 1-based number as a spreadsheet shows it. */
export interface RawRecord {
  cells: string[];
  rowNumber: number;
}

export interface Table {
  headers: string[];
  /** Data rows keyed by header; fully empty rows are skipped. */
  rows: Record<string, string>[];
  /** `rowNumbers[i]` is the spreadsheet row number of `rows[i]` (what the user sees in Excel). */
  rowNumbers: number[];
  rowCount: number;
  headerRowNumber: number;
  /** Rows above the header (notes such as LinkedIn's "Notes:" preamble, blank lines). */
  skippedPreambleLines: number;
}

/** Rows searched for the header; a reader keeps at most this many records above the data rows. */
export const HEADER_SEARCH_DEPTH = 30;
const WIDTH_SAMPLE = 200;

/**
 * Finds the header row, names the columns and keys the data rows by header. `knownHeaderKeys` are squashed
 * header synonyms: the first row with two or more of them is the header; failing that, the first row as wide
 * as most rows of the file.
 */
export function buildTable(records: RawRecord[], knownHeaderKeys: ReadonlySet<string>, maxRows: number): Table {
  const headerIndex = findHeaderIndex(records, knownHeaderKeys);
  if (headerIndex < 0) {
    return { headers: [], rows: [], rowNumbers: [], rowCount: 0, headerRowNumber: 0, skippedPreambleLines: 0 };
  }
  const headerRecord = records[headerIndex]!;
  const dataRecords = records.slice(headerIndex + 1).filter((r) => !isEmpty(r.cells));
  if (dataRecords.length > maxRows) throw tooManyRows(maxRows);

  let columnCount = width(headerRecord.cells);
  for (const r of dataRecords) columnCount = Math.max(columnCount, width(r.cells));
  const headers = nameColumns(headerRecord.cells, columnCount);
  const rows = dataRecords.map((r) => {
    const row: Record<string, string> = {};
    headers.forEach((h, i) => {
      row[h] = r.cells[i] ?? '';
    });
    return row;
  });
  return {
    headers,
    rows,
    rowNumbers: dataRecords.map((r) => r.rowNumber),
    rowCount: rows.length,
    headerRowNumber: headerRecord.rowNumber,
    skippedPreambleLines: headerRecord.rowNumber - 1,
  };
}

function findHeaderIndex(records: RawRecord[], knownHeaderKeys: ReadonlySet<string>): number {
  const top = records.slice(0, HEADER_SEARCH_DEPTH);
  const byNames = top.findIndex(
    (r) => r.cells.filter((c) => knownHeaderKeys.has(squashKey(c))).length >= 2 && width(r.cells) >= 2,
  );
  if (byNames >= 0) return byNames;
  const widths = records
    .slice(0, WIDTH_SAMPLE)
    .map((r) => width(r.cells))
    .filter((w) => w > 0);
  const modal = mode(widths).value;
  return records.findIndex((r) => !isEmpty(r.cells) && width(r.cells) >= modal);
}

function nameColumns(cells: string[], count: number): string[] {
  const seen = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const base = (cells[i] ?? '').trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** Number of cells up to the last non-empty one. */
function width(cells: string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if ((cells[i] ?? '').trim() !== '') return i + 1;
  return 0;
}

function isEmpty(cells: string[]): boolean {
  return width(cells) === 0;
}
