import ExcelJS from 'exceljs';
import type { RawRecord } from './build-table.ts';
import { dateToIso, numberToPlainString } from './cell-format.ts';
import { unreadable } from './tabular.errors.ts';

/** Reads the first worksheet of an XLSX file into raw records with their sheet row numbers. */
export async function readXlsxRecords(bytes: Buffer): Promise<RawRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch (err) {
    throw unreadable('this is not a valid XLSX workbook', err);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable('the workbook has no worksheet');
  const records: RawRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellToString(row.getCell(i).value));
    records.push({ cells, rowNumber });
  });
  return records;
}

/** A cell as the text a person would expect: dates as ISO `YYYY-MM-DD`, numbers without exponent. */
export function cellToString(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberToPlainString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateToIso(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellToString(value.text);
  if ('formula' in value || 'sharedFormula' in value) return cellToString(value.result ?? null);
  return '';
}
