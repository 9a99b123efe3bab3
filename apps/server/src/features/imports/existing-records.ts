import { and, isNull, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { rowsOf } from '../../platform/db/client.ts';
import { DUPLICATE_NAME_SIMILARITY } from '../organisations/organisations.repo.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import type { ImportTarget } from './import-fields.ts';
import { peopleByEmail } from './imports.repo.ts';

const CHUNK = 500;

/**
 * How many of these keys (with repeats) match an existing record the importer may see: organisations by normalised
 * name (the duplicate rule), people by lower-cased e-mail. Used by the dry run.
 */
export async function countExisting(ctx: Ctx, entity: ImportTarget, keys: readonly string[]): Promise<number> {
  if (entity === 'links' || keys.length === 0) return 0;
  const distinct = [...new Set(keys)];
  const existing = new Set<string>();
  for (let i = 0; i < distinct.length; i += CHUNK) {
    const chunk = distinct.slice(i, i + CHUNK);
    const found =
      entity === 'organisations'
        ? await similarNameKeys(ctx, chunk)
        : (await peopleByEmail(ctx.deps.database.db, ctx.actor, chunk)).map((p) => p.email.toLowerCase());
    for (const k of found) existing.add(k);
  }
  return keys.filter((k) => existing.has(k)).length;
}

/** Which of these normalised names have a live organisation with a very close name (the duplicate rule). */
async function similarNameKeys(ctx: Ctx, keys: string[]): Promise<string[]> {
  const where: SQL[] = [
    isNull(organisations.deletedAt),
    // `%>` (word similarity, GIN-indexable) instead of pg_trgm's `%`: embedded PGlite can trap on `%` ("null function
    // or function signature mismatch") and the database is lost until a restart. word_similarity >= similarity, so
    // with the 0.6 default threshold this keeps every name the similarity test below accepts.
    sql`${organisations.nameKey} %> k.key`,
    sql`similarity(${organisations.nameKey}, k.key) >= ${DUPLICATE_NAME_SIMILARITY}`,
  ];
  const scope = scopeFilter(ctx.actor, organisations);
  if (scope) where.push(scope);
  const list = sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  );
  const result = await ctx.deps.database.db.execute(
    sql`select k.key from unnest(array[${list}]::text[]) as k(key)
        where exists (select 1 from ${organisations} where ${and(...where)})`,
  );
  return rowsOf<{ key: string }>(result).map((r) => r.key);
}
