import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellOf, type ExportColumn } from './export-columns.ts';
import { neutraliseCell } from './neutralise-cell.ts';

export interface XlsxExportOptions {
  sheetName?: string;
}

/** Excel's limit on the characters of one cell. */
const MAX_CELL_CHARS = 32_767;
/** Control characters XML 1.0 forbids; ExcelJS would write a workbook Excel refuses to open. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to remove
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Streams rows as an XLSX workbook with ExcelJS's streaming writer: each row is committed (written out and
 * forgotten) as soon as it is added, and the producer waits whenever the consumer falls behind, so memory
 * stays bounded for 100,000 rows. Header row bold and frozen; dates are real dates (`yyyy-mm-dd`, with
 * `hh:mm` when they carry a time); numbers stay numbers; strings are neutralised against formula injection.
 */
export function xlsxExportStream<R>(
  columns: readonly ExportColumn<R>[],
  rows: AsyncIterable<R> | Iterable<R>,
  opts: XlsxExportOptions = {},
): Readable {
  const out = new PassThrough();
  write(out, columns, rows, opts).catch((err) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

async function write<R>(
  out: PassThrough,
  columns: readonly ExportColumn<R>[],
  rows: AsyncIterable<R> | Iterable<R>,
  opts: XlsxExportOptions,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(opts.sheetName ?? 'Export', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width ?? Math.max(10, c.header.length + 2) }));
  const header = sheet.addRow(columns.map((c) => toXlsxCell(c.header)));
  header.font = { bold: true };
  header.commit();

  for await (const item of rows) {
    if (out.destroyed) return;
    const row = sheet.addRow(columns.map((c) => toXlsxCell(cellOf(c, item))));
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = isMidnightUtc(cell.value) ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm';
    });
    row.commit();
    if (out.writableNeedDrain) await drainOrClose(out);
  }
  sheet.commit();
  await workbook.commit();
}

/** Waits until the consumer has read what is buffered, or has gone away. */
async function drainOrClose(out: PassThrough): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal })]);
  } finally {
    ac.abort();
  }
}

function toXlsxCell(value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (Array.isArray(value))
    return toText(value.map((v) => (v instanceof Date ? v.toISOString() : String(v))).join('; '));
  if (typeof value === 'object') return toText(JSON.stringify(value));
  return toText(String(value));
}

function toText(s: string): string {
  return String(neutraliseCell(s)).replace(XML_ILLEGAL, '').slice(0, MAX_CELL_CHARS);
}

function isMidnightUtc(d: Date): boolean {
  return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;
}
