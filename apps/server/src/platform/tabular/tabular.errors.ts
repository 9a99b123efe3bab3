import { AppError } from '../errors.ts';

/**
 * Errors of the tabular engine. Codes are stable; statuses are given here because the codes do not end
 * with a suffix the shared table knows (too large -> 413, too many rows -> 413, unreadable -> 422).
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

export const unreadable = (reason: string, cause?: unknown) =>
  new AppError('import.unreadable', `The file could not be read: ${reason}`, { status: 422, cause });

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
