/** One exported column: a header and either a key of the row or a function of the row. */
export interface ExportColumn<R = Record<string, unknown>> {
  key: string;
  header: string;
  /** Defaults to `row[key]`. */
  value?: (row: R) => unknown;
  /** XLSX column width in characters (default from the header, at least 10). */
  width?: number;
}

export function cellOf<R>(column: ExportColumn<R>, row: R): unknown {
  return column.value ? column.value(row) : (row as Record<string, unknown>)[column.key];
}
