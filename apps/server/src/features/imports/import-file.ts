import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { DEFAULT_MAX_BYTES, type ReadTableResult, readTable, type TableFormat } from '../../platform/tabular/index.ts';
import { knownHeaderKeys } from './import-fields.ts';
import type { ImportJobRow } from './imports.repo.ts';

/** Largest accepted upload. */
export const MAX_IMPORT_BYTES = DEFAULT_MAX_BYTES;

/** Reads the stored file of an import again. */
export async function readStoredTable(deps: Deps, row: ImportJobRow): Promise<ReadTableResult> {
  let bytes: Buffer;
  try {
    bytes = await deps.storage.read(row.storageKey);
  } catch (err) {
    throw new AppError('import.file_missing', 'The uploaded file is no longer available; upload it again', {
      status: 410,
      cause: err,
    });
  }
  return readTable(bytes, row.format as TableFormat, { maxBytes: MAX_IMPORT_BYTES, headerNames: knownHeaderKeys });
}
