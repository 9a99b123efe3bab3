import { buildTable } from './build-table.ts';
import type { TextEncoding } from './decode-text.ts';
import type { CsvDelimiter } from './detect-delimiter.ts';
import { readCsvRecords } from './read-csv.ts';
import type { ReadLimits } from './read-limits.ts';
import type { ReadTableResult, TableFormat } from './read-table.ts';
import { readXlsxRecords } from './read-xlsx.ts';

export interface ParseTableOptions {
  limits: ReadLimits;
  encoding?: TextEncoding;
  delimiter?: CsvDelimiter;
  /** Squashed column names that mark the header row (see buildTable); an array, to cross to the worker. */
  headerKeys?: readonly string[];
}

/** Reads the bytes of a CSV or XLSX file into a table, in the calling thread (read-table.worker.ts calls it). */
export async function parseTable(
  bytes: Buffer,
  format: TableFormat,
  opts: ParseTableOptions,
): Promise<ReadTableResult> {
  const { limits } = opts;
  const knownHeaderKeys = new Set(opts.headerKeys);
  if (format === 'xlsx') {
    const table = buildTable(await readXlsxRecords(bytes, limits), knownHeaderKeys, limits.maxRows);
    return { ...table, format };
  }
  const csv = readCsvRecords(bytes, { encoding: opts.encoding, delimiter: opts.delimiter, limits });
  const table = buildTable(csv.records, knownHeaderKeys, limits.maxRows);
  return { ...table, format, encoding: csv.encoding, delimiter: csv.delimiter };
}
