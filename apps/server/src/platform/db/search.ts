import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/**
 * Search text of a row for a generated column: lower-cased, accents removed (through the immutable
 * `crm_unaccent` wrapper created by the migrations), the named columns joined by spaces. Indexed with GIN
 * trigram, it serves accent-, case- and typo-tolerant search.
 */
export function searchTextOf(...columns: string[]): SQL {
  const parts = columns.map((c) => `coalesce(${c}::text, '')`).join(` || ' ' || `);
  return sql.raw(`crm_unaccent(lower(${parts}))`);
}

/** The same normalisation applied to a user's query. */
export const normalizedQuery = (q: string): SQL => sql`crm_unaccent(lower(${q}))`;

/** `%` and `_` typed by a user are literal in a LIKE pattern. */
export const escapeLike = (q: string): string => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Characters of a user's words are literal in a regular expression (PostgreSQL's ARE). */
export const escapeRegex = (q: string): string => q.replace(/[\\.*+?^$()[\]{}|]/g, (c) => `\\${c}`);

/**
 * A list's text filter: the column contains the typed text, both lower-cased and unaccented ("geneve" and "GENÈVE" find
 * Genève), `%` and `_` literal. Every free-text filter of a list goes through it, so none compares raw values.
 */
export const normalizedContains = (col: SQLWrapper, text: string): SQL =>
  sql`crm_unaccent(lower(${col})) like ${normalizedQuery(`%${escapeLike(text)}%`)}`;
