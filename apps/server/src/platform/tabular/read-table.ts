import type { Readable } from 'node:stream';
import { HEADER_SEARCH_DEPTH, type Table } from './build-table.ts';
import type { TextEncoding } from './decode-text.ts';
import type { CsvDelimiter } from './detect-delimiter.ts';
import { squashKey } from './normalise.ts';
import { parseInWorker } from './parse-in-worker.ts';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  MAX_CELL_CHARS,
  MAX_CELLS,
  MAX_COLUMNS,
  MAX_ENTRY_UNZIPPED_BYTES,
  MAX_UNZIPPED_BYTES,
  PARSE_MEMORY_MB,
  PARSE_TIMEOUT_MS,
} from './read-limits.ts';
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
  /**
   * Column names that mark the header row, compared without accents, case, spaces or punctuation: among the
   * first 30 rows, the first with two or more of them is the header (a preamble above it is skipped). Without
   * them, or when no row has two, the header is the first row as wide as most rows of the file.
   */
  headerNames?: Iterable<string>;
  /** Most columns, cells (rows x columns) and characters in a cell (defaults in read-limits.ts). */
  maxColumns?: number;
  maxCells?: number;
  maxCellChars?: number;
  /** XLSX: largest uncompressed part, and whole workbook. */
  maxEntryUnzippedBytes?: number;
  maxUnzippedBytes?: number;
  /** Wall-clock time and heap of the worker thread that reads the file. */
  timeoutMs?: number;
  memoryMb?: number;
}

export interface ReadTableResult extends Table {
  format: TableFormat;
  /** CSV only: what was detected or given. */
  encoding?: TextEncoding;
  delimiter?: CsvDelimiter;
}

export { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS };

/**
 * Reads an uploaded CSV or XLSX file (first sheet) into headers and rows of strings. The file is held in
 * memory, bounded by `maxBytes`: both CSV encoding detection and XLSX (a zip) need the whole file. The parse
 * runs in a worker thread with a heap limit and a timeout (parse-in-worker.ts), never on the event loop.
 * Throws `import.too_large`, `import.too_many_rows`, `import.too_many_columns`, `import.too_many_cells`,
 * `import.cell_too_long`, `import.too_large_unzipped` (413), `import.too_complex` (413: past the heap limit),
 * `import.parse_timeout` or `import.unreadable` (422).
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

  const limits = {
    maxColumns: opts.maxColumns ?? MAX_COLUMNS,
    maxCells: opts.maxCells ?? MAX_CELLS,
    maxCellChars: opts.maxCellChars ?? MAX_CELL_CHARS,
    maxRecords: maxRows + HEADER_SEARCH_DEPTH,
    maxRows,
    maxEntryBytes: opts.maxEntryUnzippedBytes ?? MAX_ENTRY_UNZIPPED_BYTES,
    maxUnzippedBytes: opts.maxUnzippedBytes ?? MAX_UNZIPPED_BYTES,
  };
  return parseInWorker(
    bytes,
    format,
    { limits, encoding: opts.encoding, delimiter: opts.delimiter, headerKeys: headerKeysOf(opts.headerNames) },
    { timeoutMs: opts.timeoutMs ?? PARSE_TIMEOUT_MS, memoryMb: opts.memoryMb ?? PARSE_MEMORY_MB },
  );
}

function headerKeysOf(names: Iterable<string> | undefined): string[] | undefined {
  return names ? [...new Set(Array.from(names, squashKey))].filter(Boolean) : undefined;
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
