/** One exported column: a header and either a key of the row or a function of the row. */
export interface ExportColumn<R = Record<string, unknown>> {
  key: string;
  header: string;
  /** Defaults to `row[key]`. */
  value?: (row: R) => unknown;
  /** XLSX column width in characters (default from the header, at least 10). */
  width?: number;
  /** The names of the codes the column holds (French), written instead of the codes by the `excel-fr` CSV dialect. */
  labels?: Readonly<Record<string, string>>;
}

export function cellOf<R>(column: ExportColumn<R>, row: R): unknown {
  return column.value ? column.value(row) : (row as Record<string, unknown>)[column.key];
}

type Row = Record<string, unknown>;

/** A column of `row[key]` (or of `value(row)`), under a header. */
export const col = (key: string, header: string, value?: (r: Row) => unknown): ExportColumn<Row> => ({
  key,
  header,
  value,
});
/** A list value as one cell, items separated by "; ". */
export const joined = (key: string) => (r: Row) => (Array.isArray(r[key]) ? (r[key] as unknown[]).join('; ') : r[key]);
/** A decimal (sent as text by the API) as a number cell. */
export const num = (key: string) => (r: Row) => (r[key] === null || r[key] === undefined ? null : Number(r[key]));
/** A column of codes (`row[key]`) with their names, for the exports that write names (`excel-fr`). */
export const coded = (key: string, header: string, labels: Readonly<Record<string, string>>): ExportColumn<Row> => ({
  key,
  header,
  labels,
});
