/**
 * Limits of reading an uploaded CSV or XLSX file, chosen from what a CRM import needs (documented in this
 * folder's README). Each is checked before the memory it guards is allocated: a file past one is refused with
 * a stable code, never padded or loaded whole.
 */

/** Largest accepted file, compressed (the upload). */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/** Most data rows of one import. */
export const DEFAULT_MAX_ROWS = 100_000;
/** Most columns (200 = column `GR`); a CRM export rarely has more than 60. A value beyond is refused at once. */
export const MAX_COLUMNS = 200;
/** Most cells of the table, data rows x columns (100,000 rows of 30 columns, or 15,000 rows of 200). */
export const MAX_CELLS = 3_000_000;
/** Longest cell, in characters: Excel's own limit for a cell. */
export const MAX_CELL_CHARS = 32_767;
/** Largest uncompressed size of one part of an XLSX file (the sheet, the shared strings). */
export const MAX_ENTRY_UNZIPPED_BYTES = 200 * 1024 * 1024;
/** Largest uncompressed size of a whole XLSX file: the sum of its parts as declared, and of what is inflated. */
export const MAX_UNZIPPED_BYTES = 300 * 1024 * 1024;
/** Wall-clock time for reading one file, worker start included. */
export const PARSE_TIMEOUT_MS = 60_000;
/** Heap of the worker thread that reads one file (V8 old generation). */
export const PARSE_MEMORY_MB = 512;
/** Files read at the same time by one process; the others wait their turn. */
export const MAX_CONCURRENT_PARSES = 2;

/** The caps a reader applies while it parses. */
export interface ReadLimits {
  maxColumns: number;
  maxCells: number;
  maxCellChars: number;
  /** Most non-empty records read before the file is refused (data rows plus room for a header and notes). */
  maxRecords: number;
  maxRows: number;
  maxEntryBytes: number;
  maxUnzippedBytes: number;
}
