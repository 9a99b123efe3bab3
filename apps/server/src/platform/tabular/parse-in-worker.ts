import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import type { ParseTableOptions } from './parse-table.ts';
import { MAX_CONCURRENT_PARSES } from './read-limits.ts';
import type { ReadTableResult, TableFormat } from './read-table.ts';
import type { ParseRequest, SerialisedAppError } from './read-table.worker.ts';
import { parseTimeout, tooComplex } from './tabular.errors.ts';

const BOOT = new URL('./read-table.worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./read-table.worker.ts', import.meta.url).href;

export interface WorkerBudget {
  timeoutMs: number;
  memoryMb: number;
}

type WorkerMessage = { ok: true; result: ReadTableResult } | { ok: false; error: SerialisedAppError };

/**
 * Reads a file in a worker thread with a heap limit and a wall-clock timeout, so that a file that escapes the
 * parsers' caps costs only that thread: past the heap limit it dies (`import.too_complex`), past the timeout it
 * is terminated (`import.parse_timeout`), and the event loop of the server never runs the parse. At most
 * MAX_CONCURRENT_PARSES run at once; the others wait (the timeout starts when a parse starts).
 */
export async function parseInWorker(
  bytes: Buffer,
  format: TableFormat,
  opts: ParseTableOptions,
  budget: WorkerBudget,
): Promise<ReadTableResult> {
  await slots.acquire();
  try {
    return await run(bytes, format, opts, budget);
  } finally {
    slots.release();
  }
}

function run(bytes: Buffer, format: TableFormat, opts: ParseTableOptions, budget: WorkerBudget) {
  // A copy of the file is moved to the worker; the caller keeps its buffer (it stores the upload).
  const copy = new Uint8Array(bytes);
  const request: ParseRequest = { entry: ENTRY, bytes: copy, format, opts };
  return new Promise<ReadTableResult>((resolve, reject) => {
    const worker = new Worker(BOOT, {
      workerData: request,
      transferList: [copy.buffer as ArrayBuffer],
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: budget.memoryMb },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => reject(parseTimeout(budget.timeoutMs))), budget.timeoutMs);
    worker.once('message', (message: WorkerMessage) =>
      settle(() => (message.ok ? resolve(message.result) : reject(toAppError(message.error)))),
    );
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex(budget.memoryMb) : err)),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`The file-reading worker stopped (exit code ${code}) without an answer`))),
    );
  });
}

function toAppError(e: SerialisedAppError): AppError {
  return new AppError(e.code, e.message, { status: e.status, extra: e.extra });
}

/** A counting semaphore: MAX_CONCURRENT_PARSES workers at a time, the others queued in order. */
const slots = (() => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async acquire() {
      if (running < MAX_CONCURRENT_PARSES) {
        running++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else running--;
    },
  };
})();
