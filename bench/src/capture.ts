/**
 * The SQL the people list endpoint runs, taken from the repository code itself: the request's query string is
 * parsed with the route's own Zod schema (PersonListQuery), then the repository's listPeople() runs on a Drizzle
 * instance whose logger records every statement with its parameters, for the same actor as the HTTP rungs.
 * R0 and R1 replay exactly these statements; after R2 the bench checks that pg_stat_statements saw the same texts.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '../../apps/server/src/db/schema.ts';
import { PersonListQuery } from '../../apps/server/src/features/people/people.contracts.ts';
import { listPeople } from '../../apps/server/src/features/people/people.repo.ts';
import { scopesForRole } from '../../apps/server/src/platform/auth/permissions.ts';
import type { Actor } from '../../apps/server/src/platform/context.ts';
import type { Db } from '../../apps/server/src/platform/db/client.ts';
import type { BenchUser } from './dataset.ts';

export interface CapturedQuery {
  text: string;
  values: unknown[];
}

export function actorOf(u: BenchUser): Actor {
  return {
    type: 'api_key',
    userId: u.id,
    apiKeyId: undefined,
    role: u.role,
    teamId: u.teamId,
    email: u.email,
    scopes: scopesForRole(u.role),
  } as unknown as Actor;
}

export async function captureListSql(opts: {
  url: string;
  user: BenchUser;
  query: Record<string, string>;
}): Promise<{ queries: CapturedQuery[]; rows: number; total: number }> {
  const pool = new pg.Pool({ connectionString: opts.url, max: 1 });
  const queries: CapturedQuery[] = [];
  const db = drizzle(pool, {
    schema,
    casing: 'snake_case',
    logger: { logQuery: (text, values) => queries.push({ text, values: [...values] }) },
  }) as unknown as Db;
  try {
    const filter = PersonListQuery.parse(opts.query);
    const r = await listPeople(db, actorOf(opts.user), filter);
    return { queries, rows: r.rows.length, total: r.total };
  } finally {
    await pool.end();
  }
}

/** One list call through node-postgres alone: the captured statements, in order, on one pooled connection each. */
export function driverCall(pool: pg.Pool, queries: CapturedQuery[]) {
  return async () => {
    for (const q of queries) await pool.query(q.text, q.values);
    return { status: 200 };
  };
}
