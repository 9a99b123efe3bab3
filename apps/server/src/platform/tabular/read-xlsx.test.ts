import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable } from './read-table.ts';
import { cellToString } from './read-xlsx.ts';

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
    const t = await readTable(bytes, 'xlsx');
    expect(t.headers).toEqual(['Prénom', 'Nom', 'Date']);
    expect(t.skippedPreambleLines).toBe(2);
    expect(t.rows).toEqual([
      { Prénom: 'Jean', Nom: 'Dupont', Date: '2026-11-24' },
      { Prénom: 'Marie', Nom: 'Curie', Date: '45000' },
    ]);
    expect(t.rowNumbers).toEqual([4, 6]);
  });
});
