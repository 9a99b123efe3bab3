import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { buildTable, type RawRecord } from './build-table.ts';
import { squashKey } from './normalise.ts';
import { parseTable } from './parse-table.ts';
import {
  DEFAULT_MAX_ROWS,
  MAX_CELL_CHARS,
  MAX_CELLS,
  MAX_COLUMNS,
  MAX_ENTRY_UNZIPPED_BYTES,
  MAX_UNZIPPED_BYTES,
  type ReadLimits,
} from './read-limits.ts';
import { readTable } from './read-table.ts';
import { cellToString } from './read-xlsx.ts';
import { rawXlsx, tallBomb, wideBomb, withDeclaredSize } from './xlsx.fixtures.ts';

/** Column names that mark these files' header rows (a feature passes the synonyms of its catalogue). */
const HEADER_NAMES = ['Prénom', 'Nom', 'Société', 'Ville', 'Date'];
const HEADER_KEYS = HEADER_NAMES.map(squashKey);

describe('cellToString', () => {
  it.each<[ExcelJS.CellValue, string]>([
    [null, ''],
    ['texte', 'texte'],
    [1250000.5, '1250000.5'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [true, 'true'],
    [new Date('2026-11-24T00:00:00Z'), '2026-11-24'],
    [new Date('2026-11-24T09:15:00Z'), '2026-11-24T09:15:00'],
    [{ richText: [{ text: 'Acme ' }, { text: 'Gestion', font: { bold: true } }] }, 'Acme Gestion'],
    [{ text: 'site', hyperlink: 'https://acme.fr' }, 'site'],
    [{ formula: 'A1*2', result: 42 }, '42'],
    [{ error: '#N/A' }, ''],
  ])('reads %j as %j', (value, expected) => {
    expect(cellToString(value)).toBe(expected);
  });
});

describe('readTable (XLSX)', () => {
  it('reads the first sheet, finds the header under a title and skips empty rows', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Contacts');
    wb.addWorksheet('Autre').addRow(['ignored']);
    sheet.addRow(['Liste des contacts']);
    sheet.addRow([]);
    sheet.addRow(['Prénom', 'Nom', 'Date']);
    sheet.addRow(['Jean', 'Dupont', new Date('2026-11-24T00:00:00Z')]);
    sheet.addRow([null, null, null]);
    sheet.addRow(['Marie', 'Curie', 45000]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const t = await readTable(bytes, 'xlsx', { headerNames: HEADER_NAMES });
    expect(t.headers).toEqual(['Prénom', 'Nom', 'Date']);
    expect(t.skippedPreambleLines).toBe(2);
    expect(t.rows).toEqual([
      { Prénom: 'Jean', Nom: 'Dupont', Date: '2026-11-24' },
      { Prénom: 'Marie', Nom: 'Curie', Date: '45000' },
    ]);
    expect(t.rowNumbers).toEqual([4, 6]);
  });
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
}

const LIMITS: ReadLimits = {
  maxColumns: MAX_COLUMNS,
  maxCells: MAX_CELLS,
  maxCellChars: MAX_CELL_CHARS,
  maxRecords: DEFAULT_MAX_ROWS + 30,
  maxRows: DEFAULT_MAX_ROWS,
  maxEntryBytes: MAX_ENTRY_UNZIPPED_BYTES,
  maxUnzippedBytes: MAX_UNZIPPED_BYTES,
};

/** The reader this one replaced (exceljs loads the whole workbook): the reference for "read as before". */
async function exceljsTable(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  const records: RawRecord[] = [];
  workbook.worksheets[0]!.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellToString(row.getCell(i).value));
    records.push({ cells, rowNumber });
  });
  return { ...buildTable(records, new Set(HEADER_KEYS), DEFAULT_MAX_ROWS), format: 'xlsx' };
}

const streamed = (bytes: Buffer) => parseTable(bytes, 'xlsx', { limits: LIMITS, headerKeys: HEADER_KEYS });

const row = (r: number, cells: string) => `<row r="${r}">${cells}</row>`;
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

describe('readTable (XLSX) reads files as the exceljs reader did', () => {
  it('dates, numbers, booleans, rich text, hyperlinks, formulas with results, errors, gaps, merges, a header on row 3', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Contacts');
    sheet.addRow(['Liste des contacts']);
    sheet.mergeCells('A1:C1');
    sheet.addRow([]);
    sheet.addRow(['Nom', 'Société', 'Date', 'Montant', 'Actif', 'Note', 'Lien', 'Calcul', 'Erreur']);
    sheet.addRow([
      { richText: [{ text: 'Acme ' }, { text: 'Gestion', font: { bold: true } }] },
      'Acme',
      new Date('2026-11-24T00:00:00Z'),
      1250000.5,
      true,
      null,
      { text: 'site', hyperlink: 'https://acme.fr' },
      { formula: 'D4*2', result: 2500001 },
      { error: '#N/A' },
    ]);
    sheet.addRow([
      'Beta',
      null,
      new Date('2026-11-24T09:15:00Z'),
      1e21,
      false,
      'texte',
      null,
      { formula: 'A5', result: 'Beta' },
    ]);
    sheet.mergeCells('B4:B5');
    sheet.addRow([
      'Gamma',
      'Cie',
      45000,
      1.5e-7,
      null,
      ' espaces ',
      null,
      { formula: 'TODAY()', result: new Date('2026-01-02T00:00:00Z') },
    ]);
    sheet.getCell('C6').numFmt = 'dd/mm/yyyy';
    sheet.getCell('D6').numFmt = '0.00';
    sheet.addRow(['Delta', 'Été & « guillemets »', null, -3, null, 'ligne 1\nligne 2']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const expected = await exceljsTable(bytes);
    expect(expected.rows).toHaveLength(4);
    expect(await streamed(bytes)).toEqual(expected);
    expect(await readTable(bytes, 'xlsx', { headerNames: HEADER_NAMES })).toEqual(expected);
  });

  it('inline strings, shared rich text, escapes, phonetic hints, cells without a reference, 1904 dates, string formulas', async () => {
    const bytes = await rawXlsx({
      workbookPr: '<workbookPr date1904="1"/>',
      sharedStrings:
        '<si><t>Nom</t></si><si><t>Ville</t></si><si><r><t>Ly</t></r><r><rPr><b/></rPr><t>on</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><t>a_x000D_b</t></si>',
      styles:
        '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>',
      sheetData: [
        row(1, '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>1</v></c>'),
        row(2, `${inline('A2', 'Dupont &amp; fils')}<c r="B2" t="s"><v>2</v></c><c r="C2" s="1"><v>45000</v></c>`),
        row(
          4,
          '<c r="A4" t="inlineStr"><is><r><t>Ri</t></r><r><t>che</t></r></is></c><c r="B4" t="s"><v>3</v></c><c r="C4" s="2"><v>12.5</v></c>',
        ),
        row(5, '<c r="A5" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c r="C5" t="b"><v>1</v></c>'),
      ].join(''),
    });
    const expected = await exceljsTable(bytes);
    expect(expected.rows).toHaveLength(3);
    expect(await streamed(bytes)).toEqual(expected);
    expect(expected.rows[1]).toEqual({ Nom: 'Riche', Ville: 'a\rb', 'Ville (2)': '12.5' });
  });

  it('places cells without a reference after the previous one (exceljs could not read them)', async () => {
    const bytes = await rawXlsx({
      sheetData: `${row(1, `${inline('A1', 'Nom')}${inline('B1', 'Ville')}`)}<row><c t="inlineStr"><is><t>a</t></is></c><c r="C2" t="inlineStr"><is><t>c</t></is></c><c><v>4</v></c></row>`,
    });
    const t = await streamed(bytes);
    expect(t.rows).toEqual([{ Nom: 'a', Ville: '', 'Column 3': 'c', 'Column 4': '4' }]);
    expect(t.rowNumbers).toEqual([2]);
  });

  it('any small grid of values reads the same (property)', async () => {
    const text = fc.string({ unit: fc.constantFrom(...'abcXYZ 0123,;é&<>"\''.split('')), maxLength: 8 });
    const value = fc.oneof(
      text,
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
      fc.boolean(),
      fc.date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.constant(null),
    );
    const grid = fc.array(fc.array(value, { minLength: 0, maxLength: 7 }), { minLength: 1, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(grid, async (rows) => {
        const wb = new ExcelJS.Workbook();
        const sheet = wb.addWorksheet('S');
        for (const r of rows) sheet.addRow(r);
        const bytes = Buffer.from(await wb.xlsx.writeBuffer());
        expect(await streamed(bytes)).toEqual(await exceljsTable(bytes));
      }),
      { numRuns: 60 },
    );
  });
});

describe('readTable (XLSX) limits', () => {
  it('refuses a value beyond column 200 and reads one in column 200', async () => {
    const header = row(1, `${inline('A1', 'Nom')}${inline('B1', 'Ville')}`);
    const at = (col: string) =>
      rawXlsx({ sheetData: header + row(2, `${inline('A2', 'a')}${inline(`${col}2`, 'z')}`) });
    const ok = await streamed(await at('GR'));
    expect(ok.headers).toHaveLength(MAX_COLUMNS);
    expect(ok.rows[0]!['Column 200']).toBe('z');
    const err = await readTable(await at('GS'), 'xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('import.too_many_columns');
    expect((err as AppError).extra).toEqual({ maxColumns: MAX_COLUMNS, rowNumber: 2 });
  });

  it('ignores empty styled cells beyond the last column', async () => {
    const bytes = await rawXlsx({
      sheetData:
        row(1, `${inline('A1', 'Nom')}${inline('B1', 'Ville')}<c r="XFD1" s="0"/>`) +
        row(2, `${inline('A2', 'a')}<c r="XFD2"/>`),
    });
    expect((await streamed(bytes)).headers).toEqual(['Nom', 'Ville']);
  });

  it('refuses the 200-row and 2,000-row XFD bombs in a worker with 64 MB of heap', async () => {
    for (const rows of [200, 2000]) {
      const bomb = await wideBomb(rows);
      expect(bomb.length).toBeLessThan(20_000);
      expect(await codeOf(readTable(bomb, 'xlsx', { memoryMb: 64 }))).toBe('import.too_many_columns');
    }
  });

  it('stops a sheet at the row limit without reading the rest, in a worker with 64 MB of heap', async () => {
    // 30,000 rows against a limit of 10,000: the same ratio as the 300,000-row bomb of the security suite.
    const bomb = await tallBomb(30_000);
    expect(await codeOf(readTable(bomb, 'xlsx', { maxRows: 10_000, memoryMb: 64 }))).toBe('import.too_many_rows');
  });

  it('refuses a part whose declared uncompressed size is above the cap, before inflating it', async () => {
    const bytes = await rawXlsx({ sheetData: row(1, inline('A1', 'Nom')) });
    const lying = withDeclaredSize(bytes, 'xl/worksheets/sheet1.xml', MAX_ENTRY_UNZIPPED_BYTES + 1);
    expect(await codeOf(readTable(lying, 'xlsx'))).toBe('import.too_large_unzipped');
    const huge = withDeclaredSize(bytes, '[Content_Types].xml', MAX_UNZIPPED_BYTES);
    expect(await codeOf(readTable(huge, 'xlsx'))).toBe('import.too_large_unzipped');
  });

  it('refuses a part that inflates past the cap while declaring a small size (zip bomb)', async () => {
    const big = await rawXlsx({ sheetData: `${row(1, inline('A1', 'Nom'))}<!--${'x'.repeat(2_000_000)}-->`, level: 9 });
    expect(big.length).toBeLessThan(20_000);
    const lying = withDeclaredSize(big, 'xl/worksheets/sheet1.xml', 100);
    expect(await codeOf(readTable(lying, 'xlsx', { maxEntryUnzippedBytes: 1_000_000 }))).toBe(
      'import.too_large_unzipped',
    );
    expect(await codeOf(readTable(lying, 'xlsx', { maxUnzippedBytes: 1_500_000 }))).toBe('import.too_large_unzipped');
    expect((await readTable(lying, 'xlsx')).headers).toEqual(['Nom']);
  });

  it('refuses too many cells, a cell too long and a DOCTYPE', async () => {
    const rows = Array.from({ length: 50 }, (_, i) =>
      row(i + 1, `${inline(`A${i + 1}`, 'a')}${inline(`J${i + 1}`, 'b')}`),
    );
    const wide = await rawXlsx({ sheetData: rows.join('') });
    expect(await codeOf(readTable(wide, 'xlsx', { maxCells: 499 }))).toBe('import.too_many_cells');
    expect((await readTable(wide, 'xlsx', { maxCells: 500 })).rowCount).toBe(49);

    const long = await rawXlsx({ sheetData: row(1, inline('A1', 'x'.repeat(MAX_CELL_CHARS + 1))) });
    expect(await codeOf(readTable(long, 'xlsx'))).toBe('import.cell_too_long');

    const laughs = await rawXlsx({
      sheetData: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row(1, inline('A1', '&lol2;'))}</sheetData></worksheet>`,
    });
    expect(await codeOf(readTable(laughs, 'xlsx'))).toBe('import.unreadable');
  });

  it('answers import.parse_timeout past the time limit and import.too_complex past the heap limit', async () => {
    const bytes = await rawXlsx({ sheetData: row(1, inline('A1', 'Nom')) });
    expect(await codeOf(readTable(bytes, 'xlsx', { timeoutMs: 1 }))).toBe('import.parse_timeout');
    const bomb = await tallBomb(60_000);
    expect(await codeOf(readTable(bomb, 'xlsx', { memoryMb: 16 }))).toBe('import.too_complex');
  });
});
