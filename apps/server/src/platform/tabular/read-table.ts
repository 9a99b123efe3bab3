import type { Readable } from 'node:stream';
import { buildTable, type Table } from './build-table.ts';
import type { TextEncoding } from './decode-text.ts';
import type { CsvDelimiter } from './detect-delimiter.ts';
import { knownHeaderKeys } from './field-catalogue.ts';
import { readCsvRecords } from './read-csv.ts';
import { readXlsxRecords } from './read-xlsx.ts';
import { tooLarge, unreadable } from './tabular.errors.ts';

export type TableFormat = 'csv' | 'xlsx';

export interface ReadTableOptions {
  /** Largest accepted file, in bytes (default 20 MB). Reading stops as soon as it is passed. */
  maxBytes?: number;
  /** Most data rows accepted (default 100,000). */
  maxRows?: number;
  /** CSV only: skip detection. */
  encoding?: TextEncoding;
  /** CSV only: skip detection. */
  delimiter?: CsvDelimiter;
}

export interface ReadTableResult extends Table {
  format: TableFormat;
  /** CSV only: what was detected or given. */
  encoding?: TextEncoding;
  delimiter?: CsvDelimiter;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 100_000;

/**
 * Reads an uploaded CSV or XLSX file (first sheet) into headers and rows of strings. The file is held in
 * memory, bounded by `maxBytes`: both CSV encoding detection and XLSX (a zip) need the whole file.
 * Throws `import.too_large`, `import.too_many_rows` or `import.unreadable`.
 */
export async function readTable(
  input: Buffer | Readable,
  format: TableFormat,
  opts: ReadTableOptions = {},
): Promise<ReadTableResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const bytes = Buffer.isBuffer(input) ? input : await collect(input, maxBytes);
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  if (bytes.length === 0) throw unreadable('the file is empty');

  if (format === 'xlsx') {
    const table = buildTable(await readXlsxRecords(bytes), knownHeaderKeys, maxRows);
    return { ...table, format };
  }
  const csv = readCsvRecords(bytes, { encoding: opts.encoding, delimiter: opts.delimiter });
  const table = buildTable(csv.records, knownHeaderKeys, maxRows);
  return { ...table, format, encoding: csv.encoding, delimiter: csv.delimiter };
}

async function collect(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) {
      stream.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
