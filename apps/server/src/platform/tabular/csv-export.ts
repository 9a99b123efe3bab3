import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { formatDate, numberToPlainString } from './cell-format.ts';
import { cellOf, type ExportColumn } from './export-columns.ts';
import { neutraliseCsvText } from './neutralise-cell.ts';

/**
 * `standard`: `,`, codes, ISO dates, decimal points: for programs. `excel-fr`: what a French Excel opens with a
 * double-click and people read: `;`, a BOM, the names of codes, dates `dd/mm/yyyy` (times in Paris), decimal commas,
 * Oui/Non.
 */
export const CSV_DIALECTS = ['standard', 'excel-fr'] as const;
export type CsvDialect = (typeof CSV_DIALECTS)[number];

export interface CsvExportOptions {
  /** Sets the delimiter, decimal separator and BOM below, and writes names, local dates and Oui/Non. */
  dialect?: CsvDialect;
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
  const fr = opts.dialect === 'excel-fr';
  const decimal = opts.decimalSeparator ?? (fr ? ',' : '.');
  const cell = fr ? (c: ExportColumn<R>, row: R) => toFrenchCell(c, cellOf(c, row)) : cellOf;
  const records = Readable.from(
    (async function* () {
      yield columns.map((c) => toCsvCell(c.header, decimal));
      for await (const row of rows) yield columns.map((c) => toCsvCell(cell(c, row), decimal));
    })(),
  );
  const stringifier = stringify({
    delimiter: opts.delimiter ?? (fr ? ';' : ','),
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

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const PARIS = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });

/** A day `dd/mm/yyyy` (a calendar date: midnight UTC, or `YYYY-MM-DD`); a moment `dd/mm/yyyy hh:mm` in Paris. */
function frenchDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10).replace(ISO_DAY, '$3/$2/$1');
  return PARIS.format(d).replace(',', '');
}

/** A value as the `excel-fr` dialect writes it: names of codes, French dates, Oui/Non. */
function toFrenchCell<R>(column: ExportColumn<R>, value: unknown): unknown {
  if (column.labels) {
    const name = (v: unknown) => (typeof v === 'string' ? (column.labels?.[v] ?? v) : v);
    return Array.isArray(value) ? value.map(name) : name(value);
  }
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (value instanceof Date) return frenchDate(value);
  if (typeof value === 'string') {
    if (ISO_DAY.test(value)) return value.replace(ISO_DAY, '$3/$2/$1');
    if (ISO_TIME.test(value)) return frenchDate(new Date(value));
  }
  return value;
}
