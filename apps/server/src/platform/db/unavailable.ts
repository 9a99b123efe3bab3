import { AppError } from '../errors.ts';

/**
 * "The database is down", as opposed to "this query is wrong": PGlite's WASM backend aborted (a WebAssembly
 * RuntimeError such as "null function or function signature mismatch"; every later query on that instance fails),
 * or PostgreSQL is not there (connection refused or cut, shutting down, starting up). Requests meeting it are answered
 * 503 `database.unavailable` with Retry-After, never 500; the embedded engines come back by themselves (PGlite is
 * reopened on its folder, the embedded PostgreSQL is started again), DATABASE_URL's server by its operator.
 */
export const DATABASE_UNAVAILABLE = 'database.unavailable';
/** Seconds a client should wait before retrying (a reopen replays the WAL: a few seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function databaseUnavailable(cause?: unknown): AppError {
  return new AppError(DATABASE_UNAVAILABLE, 'The database is unavailable for a moment; retry in a few seconds', {
    retryAfter: DATABASE_RETRY_AFTER_SECONDS,
    retryable: true,
    cause,
  });
}

const WASM_DEATH =
  /null function or function signature mismatch|unreachable|memory access out of bounds|Aborted\(|RuntimeError/;
/** PostgreSQL's SQLSTATEs of a server going away or not there yet (class 08: connection; 57P0x: shutdown, startup). */
const PG_DOWN = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
const NODE_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const PG_CLIENT_DOWN =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|the database system is (starting up|shutting down)/;

/** The WASM backend of PGlite aborted: this instance will answer nothing any more. */
export function isWasmDeath(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && e.name === 'RuntimeError') return true; // WebAssembly.RuntimeError
    if (e instanceof Error && !(e as { code?: unknown }).code && WASM_DEATH.test(e.message)) return true;
  }
  return false;
}

/** The error says the database is down (any engine), not that the query is wrong. */
export function isDatabaseDown(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof AppError) return e.code === DATABASE_UNAVAILABLE;
    if (e instanceof Error && e.name === 'RuntimeError') return true; // WebAssembly.RuntimeError
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (PG_DOWN.has(code) || NODE_DOWN.has(code))) return true;
    if (e instanceof Error && !code && (WASM_DEATH.test(e.message) || PG_CLIENT_DOWN.test(e.message))) return true;
  }
  return false;
}
