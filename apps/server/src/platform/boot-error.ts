import { ConfigError, type DatabaseConfig } from '../config.ts';
import { type Database, openConfiguredDatabase } from './db/client.ts';

/**
 * A refusal to start: the environment variable at fault and the rule it breaks, in one sentence. Entry points (the
 * server, the worker, the scripts) print it without a stack trace and exit 78 (EX_CONFIG), as for a bad value
 * found by config.ts (docs/ARCHITECTURE.md, "Start").
 */
export class BootError extends Error {
  constructor(
    readonly variable: string,
    readonly rule: string,
    options?: { cause?: unknown },
  ) {
    super(`${variable}: ${rule}`, options);
    this.name = 'BootError';
  }
}

/** Exit status of a refusal to start for a reason the operator can fix in the environment (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

/** The code and message of a Node or PostgreSQL error (an AggregateError, such as `localhost` refused on ::1 and 127.0.0.1, by its first). */
export function reasonOf(err: unknown): { code?: string; message: string } {
  const e = (err instanceof AggregateError && err.errors.length ? err.errors[0] : err) as {
    code?: unknown;
    message?: unknown;
  };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  return { code, message };
}

const PG_REASONS: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections at that address and port',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
  ETIMEDOUT: 'the server did not answer in time',
  EHOSTUNREACH: 'the host is unreachable',
  ECONNRESET: 'the server closed the connection',
  '28P01': 'the user name or password is wrong',
  '28000': 'the server refused this user (pg_hba.conf)',
  '3D000': 'the database does not exist',
  '42501': 'the user may not create the tables (permission denied)',
};

/** The URL without its password, for the console. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Why the configured database could not be opened or migrated, naming DATABASE_URL (or DATA_DIR when embedded). */
export function databaseRefusal(database: DatabaseConfig, err: unknown): BootError {
  const { code, message } = reasonOf(err);
  if (database.kind !== 'postgres') {
    return new BootError(
      'DATA_DIR',
      `the embedded database in ${database.dataDir} cannot be opened (${message}); DATA_DIR must be a folder this ` +
        'user may write, used by one process at a time',
      { cause: err },
    );
  }
  const why = (code && PG_REASONS[code]) ?? message;
  return new BootError(
    'DATABASE_URL',
    `the PostgreSQL database at ${redactUrl(database.url)} cannot be used: ${why}${code ? ` (${code})` : ''}; ` +
      'DATABASE_URL must point to a reachable PostgreSQL server, postgres://user:password@host:port/database',
    { cause: err },
  );
}

/** Why the server could not listen on HOST:PORT. */
export function listenRefusal(host: string, port: number, err: unknown): BootError | null {
  const { code } = reasonOf(err);
  if (code === 'EADDRINUSE') {
    return new BootError('PORT', `port ${port} on ${host} is already in use by another process; choose another PORT`, {
      cause: err,
    });
  }
  if (code === 'EACCES') {
    return new BootError('PORT', `port ${port} needs privileges this user does not have; use a port above 1023`, {
      cause: err,
    });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new BootError('HOST', `${host} is not an address of this machine; HOST must be one of its interfaces`, {
      cause: err,
    });
  }
  return null;
}

/**
 * The text printed when a process cannot start: the problems, each naming its variable. An unexpected error
 * prints its message only; `withStack` (LOG_LEVEL=debug or trace) adds the stack trace.
 */
export function describeBootFailure(err: unknown, what: string, withStack = false): string {
  if (err instanceof ConfigError) return `${what} cannot start. ${err.message}`;
  if (err instanceof BootError) {
    const cause = withStack && err.cause instanceof Error ? `\n${err.cause.stack}` : '';
    return `${what} cannot start:\n  - ${err.message}${cause}`;
  }
  const { code, message } = reasonOf(err);
  if (withStack && err instanceof Error) return `${what} cannot start: ${err.stack}`;
  return `${what} cannot start: ${message}${code ? ` (${code})` : ''}. LOG_LEVEL=debug prints where it failed.`;
}

/** Prints why the process cannot start (stderr) and exits: 78 for a refusal naming a variable, 1 otherwise. */
export function exitOnBootFailure(err: unknown, what: string, opts: { logLevel?: string } = {}): never {
  const withStack = opts.logLevel === 'debug' || opts.logLevel === 'trace';
  console.error(describeBootFailure(err, what, withStack));
  process.exit(err instanceof ConfigError || err instanceof BootError ? EXIT_CONFIG : 1);
}

/** For the scripts: the configured database, opened and migrated, or a BootError naming DATABASE_URL (or DATA_DIR). */
export async function openMigratedDatabase(database: DatabaseConfig, max?: number): Promise<Database> {
  const opened = await openConfiguredDatabase(database, max).catch((err) => {
    throw databaseRefusal(database, err);
  });
  try {
    await opened.migrate();
  } catch (err) {
    await opened.close().catch(() => {});
    throw databaseRefusal(database, err);
  }
  return opened;
}
