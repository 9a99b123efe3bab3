import { parse } from 'csv-parse/sync';
import { AppError } from '../errors.ts';
import { HEADER_SEARCH_DEPTH, type RawRecord } from './build-table.ts';
import { decodeText, type TextEncoding } from './decode-text.ts';
import { type CsvDelimiter, detectDelimiter } from './detect-delimiter.ts';
import { DEFAULT_MAX_ROWS, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, type ReadLimits } from './read-limits.ts';
import { cellTooLong, tooManyCells, tooManyColumns, tooManyRows, unreadable } from './tabular.errors.ts';

export interface CsvReadOptions {
  encoding?: TextEncoding;
  delimiter?: CsvDelimiter;
  /** Columns, cells, cell length and records; the file size is checked before (read-table.ts). */
  limits?: Pick<ReadLimits, 'maxColumns' | 'maxCells' | 'maxCellChars' | 'maxRecords' | 'maxRows'>;
}

export interface CsvRecords {
  records: RawRecord[];
  encoding: TextEncoding;
  delimiter: CsvDelimiter;
}

const DEFAULT_LIMITS: NonNullable<CsvReadOptions['limits']> = {
  maxColumns: MAX_COLUMNS,
  maxCells: MAX_CELLS,
  maxCellChars: MAX_CELL_CHARS,
  maxRecords: DEFAULT_MAX_ROWS + HEADER_SEARCH_DEPTH,
  maxRows: DEFAULT_MAX_ROWS,
};

/**
 * Parses CSV bytes into raw records, one per spreadsheet row (a quoted field with line breaks stays in one
 * row, blank lines count as rows so numbers match what Excel shows). Each record is checked as it is parsed:
 * a value beyond `maxColumns`, a cell longer than `maxCellChars`, more records than `maxRecords` or a table
 * (records x widest row) above `maxCells` stop the parse.
 */
export function readCsvRecords(bytes: Buffer, opts: CsvReadOptions = {}): CsvRecords {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const { text, encoding } = decodeText(bytes, opts.encoding);
  if (text.includes('\u0000')) throw unreadable('this does not look like a text (CSV) file');
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  let rowNumber = 0;
  let nonEmpty = 0;
  let width = 0;
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
      on_record: (cells: string[]) => {
        rowNumber++;
        let last = 0;
        for (let i = 0; i < cells.length; i++) {
          const cell = cells[i]!;
          if (cell.length > limits.maxCellChars) throw cellTooLong(limits.maxCellChars, rowNumber);
          if (cell.trim() !== '') last = i + 1;
        }
        if (last === 0) return cells;
        if (last > limits.maxColumns) throw tooManyColumns(limits.maxColumns, rowNumber);
        nonEmpty++;
        width = Math.max(width, last);
        if (nonEmpty > limits.maxRecords) throw tooManyRows(limits.maxRows);
        if (nonEmpty * width > limits.maxCells) throw tooManyCells(limits.maxCells);
        return cells;
      },
    }) as string[][];
  } catch (err) {
    const limit = err instanceof AppError ? err : (err as { cause?: unknown }).cause;
    if (limit instanceof AppError) throw limit;
    throw unreadable(err instanceof Error ? err.message : 'invalid CSV', err);
  }
  const records = rows.map((cells, i) => ({ cells, rowNumber: i + 1 }));
  return { records, encoding, delimiter };
}
