import { parse } from 'csv-parse/sync';
import type { RawRecord } from './build-table.ts';
import { decodeText, type TextEncoding } from './decode-text.ts';
import { type CsvDelimiter, detectDelimiter } from './detect-delimiter.ts';
import { unreadable } from './tabular.errors.ts';

export interface CsvReadOptions {
  encoding?: TextEncoding;
  delimiter?: CsvDelimiter;
}

export interface CsvRecords {
  records: RawRecord[];
  encoding: TextEncoding;
  delimiter: CsvDelimiter;
}

/**
 * Parses CSV bytes into raw records, one per spreadsheet row (a quoted field with line breaks stays in one
 * row, blank lines count as rows so numbers match what Excel shows).
 */
export function readCsvRecords(bytes: Buffer, opts: CsvReadOptions = {}): CsvRecords {
  const { text, encoding } = decodeText(bytes, opts.encoding);
  if (text.includes('\u0000')) throw unreadable('this does not look like a text (CSV) file');
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch (err) {
    throw unreadable(err instanceof Error ? err.message : 'invalid CSV', err);
  }
  const records = rows.map((cells, i) => ({ cells, rowNumber: i + 1 }));
  return { records, encoding, delimiter };
}
