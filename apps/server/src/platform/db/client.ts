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
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.ts';
import { databaseUnavailable, isWasmDeath } from './unavailable.ts';

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
  /** The embedded PGlite's state (deaths and reopening); undefined on PostgreSQL. */
  health?: DatabaseHealth;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string /* undefined = in memory */; log?: DatabaseLog }
  | { kind: 'postgres'; url: string; max?: number };

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.kind === 'pglite' ? openPglite(opts.dataDir, opts.log) : openPostgres(opts.url, opts.max ?? 10);
}

async function openPglite(dataDir?: string, log?: DatabaseLog): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const create = () =>
    PGlite.create({
      dataDir: dataDir ?? 'memory://',
      extensions: { citext, pg_trgm, unaccent, pgcrypto },
    });
  const resilient = resilientPglite(await create(), dataDir ? create : undefined, log);
  const client = resilient.client;
  const db = drizzlePglite(client, { casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    health: resilient.health,
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
      // Closing PGlite while a query is in flight hangs the process (electric-sql/pglite#1058): refuse new
      // queries, let the running ones finish, then close.
      if (await resilient.drain(30_000)) await resilient.close();
    },
  };
}

export interface DatabaseLog {
  info(o: object, m: string): void;
  warn(o: object, m: string): void;
  error(o: object, m: string): void;
}

/** What the embedded database is doing: serving, or down and being reopened (`deaths` since the start). */
export interface DatabaseHealth {
  state: 'up' | 'reopening' | 'dead';
  deaths: number;
}

/**
 * PGlite behind a stable facade (what Drizzle, pg-boss and `raw` hold):
 * - counts operations in flight and, once `drain` is called, refuses new ones, so that `close()` never runs under a
 *   query (transactions count as one operation from BEGIN to COMMIT);
 * - when the WASM backend aborts (docs/adr/0012-embedded-postgres-default.md: "null function or function signature
 *   mismatch", after which that instance answers nothing), drops that instance and opens a new one on the same folder
 *   (PostgreSQL replays its WAL: every committed transaction is there). Meanwhile every operation fails at once with
 *   503 `database.unavailable` (platform/db/unavailable.ts). An in-memory database (tests) cannot be reopened: it
 *   stays down. A write is acknowledged only after its COMMIT returned, so a death loses no acknowledged write.
 */
export function resilientPglite(first: PGlite, reopen: (() => Promise<PGlite>) | undefined, log?: DatabaseLog) {
  let current = first;
  let inFlight = 0;
  let closing = false;
  let onIdle: (() => void) | undefined;
  const health: DatabaseHealth = { state: 'up', deaths: 0 };
  let reopening: Promise<void> | undefined;

  const died = (dead: PGlite, err: unknown) => {
    if (dead !== current || health.state !== 'up') return;
    health.deaths++;
    health.state = reopen ? 'reopening' : 'dead';
    log?.error({ err, deaths: health.deaths }, 'database died: the embedded PGlite backend aborted; reopening it');
    if (!reopen) return;
    reopening = (async () => {
      for (let attempt = 1; !closing; attempt++) {
        try {
          const next = await reopen();
          await next.query('select 1');
          current = next;
          health.state = 'up';
          log?.warn({ attempt }, 'database reopened');
          return;
        } catch (e) {
          log?.error({ err: e, attempt }, 'database reopen failed; trying again');
          await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * attempt)));
        }
      }
    })().finally(() => {
      reopening = undefined;
    });
  };

  const guarded =
    (method: 'query' | 'exec' | 'transaction') =>
    async (...args: unknown[]) => {
      if (closing) throw new Error('The database is closing');
      if (health.state !== 'up') throw databaseUnavailable();
      const instance = current;
      inFlight++;
      try {
        return await (instance[method] as (...a: unknown[]) => Promise<unknown>).apply(instance, args);
      } catch (err) {
        if (isWasmDeath(err)) {
          died(instance, err);
          throw databaseUnavailable(err);
        }
        throw err;
      } finally {
        inFlight--;
        if (inFlight === 0) onIdle?.();
      }
    };
  const wrappers: Record<string, unknown> = {
    query: guarded('query'),
    exec: guarded('exec'),
    transaction: guarded('transaction'),
  };
  // The facade keeps `first` as its target (instanceof PGlite, Drizzle's driver check) and reads everything else
  // from the current instance.
  const client = new Proxy(first, {
    get(_target, prop) {
      if (typeof prop === 'string' && prop in wrappers) return wrappers[prop];
      const value = Reflect.get(current, prop, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
    set(_target, prop, value) {
      return Reflect.set(current, prop, value, current);
    },
  });
  return {
    client,
    health,
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
    close: async () => {
      await reopening;
      // A dead instance is not closed (its backend no longer answers); the live one is.
      if (health.state === 'up' && !current.closed) await current.close();
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
  log?: DatabaseLog,
): Promise<Database> {
  if (database.kind === 'pglite') return openDatabase({ ...database, log });
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
