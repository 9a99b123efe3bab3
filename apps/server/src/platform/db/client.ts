import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { type SQL, type SQLChunk, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { ExtractTablesWithRelations } from 'drizzle-orm/relations';
import pg from 'pg';
import type { DatabaseConfig } from '../../config.ts';
import { type EmbeddedPostgres, type EmbeddedPostgresOptions, startEmbeddedPostgres } from './embedded-postgres.ts';

/**
 * No relational schema is handed to Drizzle: queries name their tables (the features' *.schema.ts), so the
 * platform does not depend on the features' tables (apps/server/src/db/schema.ts is drizzle-kit's entry only).
 */
type NoSchema = Record<string, never>;
export type Db = PgDatabase<PgQueryResultHKT, NoSchema, ExtractTablesWithRelations<NoSchema>>;
export type DbTx = PgTransaction<PgQueryResultHKT, NoSchema, ExtractTablesWithRelations<NoSchema>>;
/** Something queries can run on: the database or an open transaction. */
export type Queryable = Db | DbTx;

/** Raw SQL access used by pg-boss and health checks; `exec` runs multi-statement SQL without parameters. */
export interface RawDriver {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  exec(text: string): Promise<void>;
}

export interface Database {
  /** The driver: PGlite in the process, or a node-postgres pool (DATABASE_URL or the embedded PostgreSQL). */
  kind: 'pglite' | 'postgres';
  /** The embedded PostgreSQL run by this process (`close` stops it after the pool). */
  embedded?: EmbeddedPostgres;
  db: Db;
  raw: RawDriver;
  /** The pg pool (postgres) or the PGlite instance, for adapters that need the driver itself. */
  pool?: pg.Pool;
  pglite?: PGlite;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string /* undefined = in memory */ }
  | { kind: 'postgres'; url: string; max?: number };

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.kind === 'pglite' ? openPglite(opts.dataDir) : openPostgres(opts.url, opts.max ?? 10);
}

async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir: dataDir ?? 'memory://',
    extensions: { citext, pg_trgm, unaccent, pgcrypto },
  });
  const gate = guardPglite(client);
  const db = drizzlePglite(client, { casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    raw: {
      query: async (text, values) => {
        const r = await client.query<Record<string, unknown>>(text, values as unknown[] | undefined);
        return { rows: r.rows };
      },
      exec: async (text) => {
        await client.exec(text);
      },
    },
    migrate: async () => {
      await migratePglite(db as never, { migrationsFolder });
    },
    close: async () => {
      if (client.closed) return;
      // Closing PGlite while a query is in flight hangs the process (electric-sql/pglite#1058): refuse new
      // queries, let the running ones finish, then close.
      if (await gate.drain(30_000)) await client.close();
    },
  };
}

/**
 * Counts PGlite operations in flight and, once `drain` is called, refuses new ones, so that `close()` never
 * runs under a query. Transactions count as one operation from BEGIN to COMMIT.
 */
function guardPglite(client: PGlite) {
  let inFlight = 0;
  let closing = false;
  let onIdle: (() => void) | undefined;
  const target = client as unknown as Record<'query' | 'exec' | 'transaction', (...a: unknown[]) => Promise<unknown>>;
  for (const method of ['query', 'exec', 'transaction'] as const) {
    const original = target[method].bind(client);
    target[method] = async (...args: unknown[]) => {
      if (closing) throw new Error('The database is closing');
      inFlight++;
      try {
        return await original(...args);
      } finally {
        inFlight--;
        if (inFlight === 0) onIdle?.();
      }
    };
  }
  return {
    /** Resolves true once nothing runs (false if `timeoutMs` passed first; then do not close). */
    drain: (timeoutMs: number) => {
      closing = true;
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        onIdle = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    raw: {
      query: async (text, values) => {
        const r = await pool.query(text, values as unknown[] | undefined);
        return { rows: r.rows };
      },
      exec: async (text) => {
        await pool.query(text);
      },
    },
    migrate: async () => {
      // Several API processes may start at once: one migrates, the others wait on the lock.
      const lockClient = await pool.connect();
      try {
        await lockClient.query('select pg_advisory_lock(7262001)');
        await migratePg(db as never, { migrationsFolder });
      } finally {
        await lockClient.query('select pg_advisory_unlock(7262001)').catch(() => {});
        lockClient.release();
      }
    },
    close: async () => {
      await pool.end();
    },
  };
}

/**
 * Turns `text` with $1..$n placeholders into a Drizzle SQL object, so raw SQL from libraries (pg-boss)
 * can run inside a Drizzle transaction on either driver.
 */
export function sqlFromText(text: string, values: unknown[] = []): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQLChunk[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      if (parts[i]) chunks.push(sql.raw(parts[i] as string));
    } else {
      chunks.push(sql.param(values[Number(parts[i]) - 1]));
    }
  }
  return sql.join(chunks);
}

/** Rows of a `db.execute()` result, whichever driver produced it. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Opens the database the configuration names: the embedded PostgreSQL (started here, in DATA_DIR/postgres), PGlite
 * (DATA_DIR/pglite) or DATABASE_URL.
 */
export async function openConfiguredDatabase(
  database: DatabaseConfig,
  max?: number,
  log?: EmbeddedPostgresOptions['log'],
): Promise<Database> {
  if (database.kind === 'pglite') return openDatabase(database);
  if (database.kind === 'postgres') return openDatabase({ kind: 'postgres', url: database.url, max });
  const embedded = await startEmbeddedPostgres({ dir: database.dataDir, log });
  try {
    const opened = await openPostgres(embedded.url, max ?? 10);
    const closePool = opened.close;
    return {
      ...opened,
      embedded,
      close: async () => {
        await closePool().catch(() => {});
        await embedded.stop();
      },
    };
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}
