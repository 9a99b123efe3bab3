import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { type ParseTableOptions, parseTable } from './parse-table.ts';
import type { TableFormat } from './read-table.ts';
import { unreadable } from './tabular.errors.ts';

/** What parse-in-worker.ts sends: the file, transferred, and how to read it. */
export interface ParseRequest {
  entry: string;
  bytes: Uint8Array;
  format: TableFormat;
  opts: ParseTableOptions;
}

/** An AppError as it crosses the thread boundary (classes do not survive structured cloning). */
export interface SerialisedAppError {
  code: string;
  message: string;
  status?: number;
  extra?: Record<string, unknown>;
}

const { bytes, format, opts } = workerData as ParseRequest;
try {
  const result = await parseTable(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), format, opts);
  parentPort!.postMessage({ ok: true, result });
} catch (err) {
  // Anything the parsers throw on a hostile file is the file's fault: an unexpected error reads as unreadable.
  const e = err instanceof AppError ? err : unreadable(err instanceof Error ? err.message : 'unknown error');
  const error: SerialisedAppError = { code: e.code, message: e.message, status: e.status, extra: e.extra };
  parentPort!.postMessage({ ok: false, error });
}
