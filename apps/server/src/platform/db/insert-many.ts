import {
  type Column,
  getTableColumns,
  getTableName,
  type InferInsertModel,
  type InferSelectModel,
  type SQL,
  sql,
} from 'drizzle-orm';
import { makePgArray, type PgTable } from 'drizzle-orm/pg-core';
import { type Queryable, rowsOf } from './client.ts';

/**
 * Inserts many rows with one parameter per column: `insert into t (a, b) select * from unnest($1::a_type[],
 * $2::b_type[])`. Drizzle's `insert().values(rows)` sends one parameter per value and builds its SQL value by value:
 * for a batch of 500 contacts, 20,000 parameters, a third of the import's time in the server (`npm run bench:import`,
 * docs/DOMAIN.md "Imports") and a long statement for PostgreSQL to parse. Same rules as Drizzle's insert: values go
 * through each column's `mapToDriverValue`, a missing value takes the column's `$defaultFn` (or `$onUpdate` when the
 * column has no SQL default), else the column's SQL default; rows that leave different columns to their SQL default
 * are inserted in groups of the same shape, each in the order given. With `returning`, the rows come back mapped as a Drizzle select maps
 * them, in no particular order.
 */
export async function insertMany<T extends PgTable>(
  db: Queryable,
  table: T,
  rows: readonly InferInsertModel<T>[],
  options: { returning: true },
): Promise<InferSelectModel<T>[]>;
export async function insertMany<T extends PgTable>(
  db: Queryable,
  table: T,
  rows: readonly InferInsertModel<T>[],
): Promise<undefined>;
export async function insertMany<T extends PgTable>(
  db: Queryable,
  table: T,
  rows: readonly InferInsertModel<T>[],
  options: { returning?: boolean } = {},
): Promise<InferSelectModel<T>[] | undefined> {
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const filled = rows.map((row) => withDefaults(columns, row as Record<string, unknown>));
  // Rows grouped by the columns they give a value for (the others take their SQL default).
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of filled) {
    const shape = columns.map(([key]) => (row[key] === undefined ? '0' : '1')).join('');
    const group = groups.get(shape);
    if (group) group.push(row);
    else groups.set(shape, [row]);
  }
  const out: InferSelectModel<T>[] = [];
  for (const group of groups.values()) {
    const given = columns.filter(([key]) => group[0]?.[key] !== undefined);
    const query = insertStatement(table, given, group, options.returning === true);
    const result = await db.execute(query);
    if (options.returning) {
      for (const raw of rowsOf<Record<string, unknown>>(result)) out.push(fromDriver(columns, raw) as never);
    }
  }
  return options.returning ? out : undefined;
}

function withDefaults(columns: [string, Column][], row: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...row };
  for (const [key, column] of columns) {
    if (copy[key] !== undefined) continue;
    if (column.defaultFn) copy[key] = column.defaultFn();
    else if (!column.default && column.onUpdateFn) copy[key] = column.onUpdateFn();
  }
  return copy;
}

function insertStatement(
  table: PgTable,
  given: [string, Column][],
  rows: Record<string, unknown>[],
  returning: boolean,
): SQL {
  const names = sql.join(
    given.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const arrays = sql.join(
    given.map(([key, column]) => {
      const values = rows.map((row) => (row[key] === null ? null : column.mapToDriverValue(row[key])));
      // An array column's values are array literals (mapToDriverValue): unnest would flatten a two-dimensional
      // array, so they travel as text and are cast back per row below. Each column goes as one array literal, not a
      // JS array: PGlite serialises a JS array only for the array types it knows (not enums, not citext).
      const type = column.columnType === 'PgArray' ? 'text' : column.getSQLType();
      return sql`${sql.param(makePgArray(values as never[]))}::${sql.raw(type)}[]`;
    }),
    sql`, `,
  );
  const aliases = given.map((_, i) => `c${i}`);
  const select = sql.join(
    given.map(([, column], i) =>
      column.columnType === 'PgArray' ? sql.raw(`u.c${i}::${column.getSQLType()}`) : sql.raw(`u.c${i}`),
    ),
    sql`, `,
  );
  // In the order given: an identity or serial column numbers the rows in that order.
  return sql`insert into ${sql.identifier(getTableName(table))} (${names})
    select ${select} from unnest(${arrays}) with ordinality as u(${sql.raw(aliases.join(', '))}, n)
    order by u.n${returning ? sql` returning *` : sql``}`;
}

function fromDriver(columns: [string, Column][], raw: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of columns) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row;
}
