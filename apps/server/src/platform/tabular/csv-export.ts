import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { formatDate, numberToPlainString } from './cell-format.ts';
import { cellOf, type ExportColumn } from './export-columns.ts';
import { neutraliseCsvText } from './neutralise-cell.ts';

export interface CsvExportOptions {
  /** `,` by default; `;` is what French Excel opens with a double-click. */
  delimiter?: ',' | ';';
  /** Decimal separator for numbers (default `.`; use `,` with `;` for French Excel). */
  decimalSeparator?: '.' | ',';
  /** UTF-8 byte order mark so Excel reads accents right (default true). */
  bom?: boolean;
}

/**
 * A field holding any list separator (`;` for a French Excel, `,` for an English one, tab), a quote or a line break
 * is quoted whatever the delimiter, so no spreadsheet splits it into several cells. A number written with a decimal
 * comma (`12,5`, for the `;` delimiter) is left bare: it cannot split into anything that runs.
 */
const NEEDS_QUOTES = /^(?!-?\d+(,\d+)?$)[\s\S]*[;,"\t\r\n]/;

/**
 * Streams rows as RFC 4180 CSV (CRLF line ends, fields with quotes, separators or line breaks quoted,
 * quotes doubled), UTF-8 with a BOM, every string cell neutralised against formula injection (at its start and
 * after any separator: neutralise-cell.ts). Rows are
 * pulled from the iterable only as fast as the consumer reads, so memory stays flat for any row count.
 * Dates become `YYYY-MM-DD` (or ISO 8601 with a time), arrays are joined with `; `, null is empty.
 */
export function csvExportStream<R>(
  columns: readonly ExportColumn<R>[],
  rows: AsyncIterable<R> | Iterable<R>,
  opts: CsvExportOptions = {},
): Readable {
  const decimal = opts.decimalSeparator ?? '.';
  const records = Readable.from(
    (async function* () {
      yield columns.map((c) => toCsvCell(c.header, decimal));
      for await (const row of rows) yield columns.map((c) => toCsvCell(cellOf(c, row), decimal));
    })(),
  );
  const stringifier = stringify({
    delimiter: opts.delimiter ?? ',',
    record_delimiter: '\r\n',
    bom: opts.bom ?? true,
    quoted_match: NEEDS_QUOTES,
  });
  records.on('error', (err) => stringifier.destroy(err));
  stringifier.on('close', () => records.destroy());
  return records.pipe(stringifier);
}

function toCsvCell(value: unknown, decimal: '.' | ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberToPlainString(value).replace('.', decimal);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return formatDate(value);
  if (Array.isArray(value)) return neutraliseCsvText(value.map((v) => toCsvCell(v, decimal)).join('; '));
  if (typeof value === 'object') return neutraliseCsvText(JSON.stringify(value));
  return neutraliseCsvText(String(value));
}
