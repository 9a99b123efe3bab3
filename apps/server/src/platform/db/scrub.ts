import { getTableColumns, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Erasure } from '../entities/reassign.ts';
import type { Queryable } from './client.ts';

/**
 * SQL that removes an erasure's personal values from text and jsonb columns (docs/DOMAIN.md, "Anonymisation"). Values
 * are matched literally (regular-expression characters escaped) and without regard to case; each match is replaced by
 * the erasure's placeholder, so the rest of the text (someone else's name, the business) stays.
 */

/** A PostgreSQL regular-expression literal matching `s` exactly. */
function regexLiteral(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** The text as it appears inside a JSON string (quotes, backslashes and control characters escaped). */
function jsonInner(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** A replacement string for regexp_replace (where `\` and `&` are special). */
function replacement(s: string): string {
  return s.replace(/[\\&]/g, '\\$&');
}

function alternation(values: string[], form: (s: string) => string): string | null {
  const unique = [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
  if (unique.length === 0) return null;
  unique.sort((a, b) => b.length - a.length); // "Jean Dupont" before "Jean"
  return `(${unique.map((v) => regexLiteral(form(v))).join('|')})`;
}

type Col = AnyPgColumn | SQL;

/** The SQL of one erasure: replaced values and "holds a value" conditions, for text and JSON columns. */
export interface ErasureSql {
  /** The text column with the phrases replaced. */
  text(col: Col): SQL;
  /** Whether the text column holds a phrase. */
  textHit(col: Col): SQL;
  /** JSON kept as text (a webhook body): phrases replaced, and in documents holding the person's id, their names. */
  jsonText(col: Col): SQL;
  jsonTextHit(col: Col): SQL;
  /** The same for a jsonb column. */
  json(col: Col): SQL;
  jsonHit(col: Col): SQL;
  /** Whether the jsonb column holds a phrase, or a whole string equal to one of the names (anywhere). */
  jsonAnyNameHit(col: Col): SQL;
  /** The erasure itself, for the documents scrubbed in memory (`scrubJsonValue`). */
  erasure: Erasure;
}

export function erasureSql(e: Erasure): ErasureSql {
  const phrases = alternation(e.phrases, (s) => s);
  const jsonPhrases = alternation(e.phrases, jsonInner);
  const names = alternation(e.names, jsonInner);
  const namesPattern = names ? `"${names}"` : null;
  const idLike = `%${e.id}%`;
  const text = (col: Col) =>
    phrases ? sql`regexp_replace(${col}, ${phrases}, ${replacement(e.placeholder)}, 'gi')` : sql`${col}`;
  const textHit = (col: Col) => (phrases ? sql`coalesce(${col} ~* ${phrases}, false)` : sql`false`);
  const jsonText = (col: Col) => {
    const p = jsonPhrases
      ? sql`regexp_replace(${col}, ${jsonPhrases}, ${replacement(jsonInner(e.placeholder))}, 'gi')`
      : sql`${col}`;
    if (!namesPattern) return p;
    return sql`case when ${col} like ${idLike}
      then regexp_replace(${p}, ${namesPattern}, ${replacement(JSON.stringify(e.placeholder))}, 'gi') else ${p} end`;
  };
  const jsonTextHit = (col: Col) => {
    const p = jsonPhrases ? sql`coalesce(${col} ~* ${jsonPhrases}, false)` : sql`false`;
    return namesPattern ? sql`(${p} or coalesce(${col} like ${idLike} and ${col} ~* ${namesPattern}, false))` : p;
  };
  return {
    text,
    textHit,
    jsonText,
    jsonTextHit,
    json: (col) => sql`(${jsonText(sql`(${col})::text`)})::jsonb`,
    jsonHit: (col) => jsonTextHit(sql`(${col})::text`),
    jsonAnyNameHit: (col) => {
      const text = sql`(${col})::text`;
      const p = jsonPhrases ? sql`coalesce(${text} ~* ${jsonPhrases}, false)` : sql`false`;
      return namesPattern ? sql`(${p} or coalesce(${text} ~* ${namesPattern}, false))` : p;
    },
    erasure: e,
  };
}

/** How a column holds text: plain text, JSON kept as text, or jsonb. */
export type ScrubbedColumn = 'text' | 'jsonText' | 'json';

/** `dryRun`: only find the rows that hold a value (the RGPD export lists them), change nothing. */
export interface ScrubOptions {
  dryRun?: boolean;
}

/**
 * Replaces the erasure's values in the given columns of every row of `table` that holds one (a table scan: the
 * erasure is rare). Returns the ids of the rows changed (with `dryRun`, of the rows that hold a value). The owning
 * feature's repository names its columns.
 */
export async function scrubColumns<T extends PgTable>(
  db: Queryable,
  table: T,
  columns: Partial<Record<keyof T['_']['columns'] & string, ScrubbedColumn>>,
  e: ErasureSql,
  opts: ScrubOptions = {},
): Promise<string[]> {
  const all = getTableColumns(table) as Record<string, AnyPgColumn>;
  const set: Record<string, SQL> = {};
  const hits: SQL[] = [];
  for (const [key, kind] of Object.entries(columns) as [string, ScrubbedColumn][]) {
    const col = all[key];
    if (!col) throw new Error(`scrubColumns: no column ${key}`);
    set[key] = e[kind](col);
    hits.push(e[`${kind}Hit`](col));
  }
  const id = all.id;
  if (!id) throw new Error('scrubColumns: the table has no id column');
  const where = or(...hits);
  const rows = opts.dryRun
    ? await db
        .select({ id })
        .from(table as PgTable)
        .where(where)
    : await db
        .update(table)
        .set(set as never)
        .where(where)
        .returning({ id });
  return rows.map((r) => String(r.id));
}

/**
 * The erasure applied to a JSON value in memory, for documents that hold rows of people without their id (an import's
 * preview and errors): phrases are replaced everywhere, and in an object that is the person's row (it holds one of
 * their phrases, or both a first and a last name of theirs) the strings equal to their names are replaced too.
 */
export function scrubJsonValue(value: unknown, e: Erasure): unknown {
  const phrases = e.phrases.map((p) => p.trim()).filter(Boolean);
  const names = new Set(e.names.map((n) => n.trim().toLocaleLowerCase()));
  const source = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  const replaceAll = phrases.length ? new RegExp(source, 'gi') : null;
  const holds = phrases.length ? new RegExp(source, 'i') : null;
  const text = (s: string) => (replaceAll ? s.replace(replaceAll, () => e.placeholder) : s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const entries = Object.entries(v as Record<string, unknown>);
    const strings = entries.map(([, x]) => x).filter((x): x is string => typeof x === 'string');
    const lower = strings.map((s) => s.trim().toLocaleLowerCase());
    const isTheirs =
      strings.some((s) => holds?.test(s)) || (e.names.length >= 2 && lower.filter((s) => names.has(s)).length >= 2);
    return Object.fromEntries(
      entries.map(([k, x]) => [
        k,
        isTheirs && typeof x === 'string' && names.has(x.trim().toLocaleLowerCase()) ? e.placeholder : walk(x),
      ]),
    );
  };
  return walk(value);
}
