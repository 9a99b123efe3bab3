import { AppError } from '../errors.ts';

/**
 * Errors of the tabular engine. Codes are stable; statuses are given here because the codes do not end
 * with a suffix the shared table knows (a file past a size limit -> 413, unreadable or too slow -> 422).
 */
export const tooLarge = (maxBytes: number) =>
  new AppError('import.too_large', `The file is larger than the limit of ${formatBytes(maxBytes)}`, {
    status: 413,
    extra: { maxBytes },
  });

export const tooManyRows = (maxRows: number) =>
  new AppError('import.too_many_rows', `The file has more than ${maxRows} data rows`, {
    status: 413,
    extra: { maxRows },
  });

export const tooManyColumns = (maxColumns: number, rowNumber: number) =>
  new AppError(
    'import.too_many_columns',
    `Row ${rowNumber} has a value beyond column ${maxColumns}: the limit is ${maxColumns} columns`,
    { status: 413, extra: { maxColumns, rowNumber } },
  );

export const tooManyCells = (maxCells: number) =>
  new AppError('import.too_many_cells', `The table has more than ${maxCells} cells (rows x columns)`, {
    status: 413,
    extra: { maxCells },
  });

export const cellTooLong = (maxCellChars: number, rowNumber: number) =>
  new AppError('import.cell_too_long', `Row ${rowNumber} has a cell longer than ${maxCellChars} characters`, {
    status: 413,
    extra: { maxCellChars, rowNumber },
  });

export const tooLargeUnzipped = (maxBytes: number) =>
  new AppError('import.too_large_unzipped', `The workbook is larger than ${formatBytes(maxBytes)} once uncompressed`, {
    status: 413,
    extra: { maxUnzippedBytes: maxBytes },
  });

export const parseTimeout = (timeoutMs: number) =>
  new AppError('import.parse_timeout', `Reading the file took longer than ${Math.round(timeoutMs / 1000)} s`, {
    status: 422,
    extra: { timeoutMs },
  });

export const tooComplex = (memoryMb: number) =>
  new AppError('import.too_complex', `Reading the file needs more than ${memoryMb} MB of memory`, {
    status: 413,
    extra: { memoryMb },
  });

export const unreadable = (reason: string, cause?: unknown) =>
  new AppError('import.unreadable', `The file could not be read: ${reason}`, { status: 422, cause });

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
