import { sql } from 'drizzle-orm';
import type { Deps } from '../src/platform/context.ts';
import { rowsOf } from '../src/platform/db/client.ts';

/**
 * A tagged template that runs one parameterised query on the app's database and returns its rows: for tests outside
 * apps/server (the Zapier and Make integrations), which must not build drizzle's `sql` with their own copy of its
 * types.
 */
export const sqlRows =
  (deps: Deps) =>
  async <T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> =>
    rowsOf<T>(await deps.database.db.execute(sql(strings, ...values)));
