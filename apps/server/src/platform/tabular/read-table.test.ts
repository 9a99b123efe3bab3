import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { readTable } from './read-table.ts';

const csv = (text: string) => Buffer.from(text, 'utf8');

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
}

describe('readTable (CSV)', () => {
  it('reads UTF-8 with commas', async () => {
    const t = await readTable(csv('Prénom,Nom,Ville\nJérôme,Lefèvre,Orléans\nAnaïs,Dupont,Paris\n'), 'csv');
    expect(t.headers).toEqual(['Prénom', 'Nom', 'Ville']);
    expect(t.rows).toEqual([
      { Prénom: 'Jérôme', Nom: 'Lefèvre', Ville: 'Orléans' },
      { Prénom: 'Anaïs', Nom: 'Dupont', Ville: 'Paris' },
    ]);
    expect(t.rowCount).toBe(2);
    expect(t.encoding).toBe('utf-8');
    expect(t.delimiter).toBe(',');
    expect(t.rowNumbers).toEqual([2, 3]);
  });

  it('strips a UTF-8 BOM so the first header is clean', async () => {
    const t = await readTable(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv('Nom;Société\nDurand;Élan\n')]),
      'csv',
    );
    expect(t.headers).toEqual(['Nom', 'Société']);
    expect(t.rows[0]).toEqual({ Nom: 'Durand', Société: 'Élan' });
  });

  it('falls back to Windows-1252 for French Excel exports', async () => {
    const bytes = iconv.encode(
      'Nom;Prénom;Société\r\nLefèvre;Hélène;Crédit Agricole – Île-de-France\r\n',
      'windows-1252',
    );
    const t = await readTable(bytes, 'csv');
    expect(t.encoding).toBe('windows-1252');
    expect(t.delimiter).toBe(';');
    expect(t.headers).toEqual(['Nom', 'Prénom', 'Société']);
    expect(t.rows[0]).toEqual({ Nom: 'Lefèvre', Prénom: 'Hélène', Société: 'Crédit Agricole – Île-de-France' });
  });

  it('reads UTF-16 with a BOM and tabs (Excel "Unicode text")', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Nom\tVille\nMüller\tGenève\n', 'utf-16le')]);
    const t = await readTable(bytes, 'csv');
    expect(t.delimiter).toBe('\t');
    expect(t.rows).toEqual([{ Nom: 'Müller', Ville: 'Genève' }]);
  });

  it('detects | (register and database extracts), even with commas and semicolons in the cells', async () => {
    const t = await readTable(
      csv('Dénomination|Agrément|Adresse\nAlpha Gestion, SAS|GP-04000048|1 rue A; Paris\nBeta AM|GP-05000012|Lyon\n'),
      'csv',
    );
    expect(t.delimiter).toBe('|');
    expect(t.headers).toEqual(['Dénomination', 'Agrément', 'Adresse']);
    expect(t.rows[0]).toEqual({
      Dénomination: 'Alpha Gestion, SAS',
      Agrément: 'GP-04000048',
      Adresse: '1 rue A; Paris',
    });
  });

  it('detects ; even when decimals contain commas', async () => {
    const t = await readTable(csv('Nom;Encours;Ville\nAcme;1 250,5;Paris\nBeta;12,75;Lyon\n'), 'csv');
    expect(t.delimiter).toBe(';');
    expect(t.rows[1]).toEqual({ Nom: 'Beta', Encours: '12,75', Ville: 'Lyon' });
  });

  it('keeps quoted fields with delimiters, quotes and line breaks in one row, numbering rows as Excel does', async () => {
    const text = 'Nom,Notes,Ville\r\n"Acme, SA","Ligne 1\r\nLigne 2 ""citée""",Paris\r\nBeta,,Lyon\r\n';
    const t = await readTable(csv(text), 'csv');
    expect(t.rows).toEqual([
      { Nom: 'Acme, SA', Notes: 'Ligne 1\r\nLigne 2 "citée"', Ville: 'Paris' },
      { Nom: 'Beta', Notes: '', Ville: 'Lyon' },
    ]);
    expect(t.rowNumbers).toEqual([2, 3]);
  });

  it('skips fully empty rows but keeps counting them', async () => {
    const t = await readTable(csv('Nom,Ville\nA,Paris\n,\n\n  ,  \nB,Lyon\n'), 'csv');
    expect(t.rows.map((r) => r.Nom)).toEqual(['A', 'B']);
    expect(t.rowNumbers).toEqual([2, 6]);
  });

  it('names empty and repeated headers', async () => {
    const t = await readTable(csv('Nom,,Nom\na,b,c\n'), 'csv');
    expect(t.headers).toEqual(['Nom', 'Column 2', 'Nom (2)']);
  });

  it('finds the header of LinkedIn Connections.csv under its notes', async () => {
    const linkedin = [
      'Notes:',
      '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download it. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"',
      '',
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Jean,Dupont,https://www.linkedin.com/in/jean-dupont,,Acme Gestion,Directeur commercial,24 Nov 2026',
      'Marie,Curie,https://www.linkedin.com/in/mcurie,marie@exemple.fr,"Radium, Polonium & Cie",Gérante,03 Jan 2025',
      '',
    ].join('\n');
    const t = await readTable(csv(linkedin), 'csv', { headerNames: ['First Name', 'Last Name', 'Email Address'] });
    expect(t.skippedPreambleLines).toBe(3);
    expect(t.headerRowNumber).toBe(4);
    expect(t.headers).toEqual([
      'First Name',
      'Last Name',
      'URL',
      'Email Address',
      'Company',
      'Position',
      'Connected On',
    ]);
    expect(t.rows[1]).toMatchObject({
      'First Name': 'Marie',
      Company: 'Radium, Polonium & Cie',
      'Connected On': '03 Jan 2025',
    });
    expect(t.rowNumbers).toEqual([5, 6]);
  });

  it('takes the first row with two known column names as the header, compared loosely', async () => {
    const text = 'Export,du,01/02/2026\nnom,VILLE,Pays\nA,Paris,FR\nB,Lyon,FR\n';
    const named = await readTable(csv(text), 'csv', { headerNames: ['Nom', 'Ville', 'Société'] });
    expect(named.headers).toEqual(['nom', 'VILLE', 'Pays']);
    expect(named.skippedPreambleLines).toBe(1);
    expect(named.rowNumbers).toEqual([3, 4]);
    // without the names (or with only one of them in a row), the first row as wide as most rows is the header
    for (const headerNames of [undefined, ['Ville', 'Société']]) {
      const t = await readTable(csv(text), 'csv', { headerNames });
      expect(t.headers).toEqual(['Export', 'du', '01/02/2026']);
      expect(t.skippedPreambleLines).toBe(0);
    }
  });

  it('finds an unknown header under a preamble by the usual row width', async () => {
    const t = await readTable(csv('Export du 01/02/2026\n\nAlpha,Beta,Gamma\n1,2,3\n4,5,6\n'), 'csv');
    expect(t.headers).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(t.skippedPreambleLines).toBe(2);
  });

  it('reads from a stream', async () => {
    const t = await readTable(Readable.from([csv('Nom,'), csv('Ville\nA,Paris\n')]), 'csv');
    expect(t.rows).toEqual([{ Nom: 'A', Ville: 'Paris' }]);
  });

  it('refuses files over the size limit, from a buffer or a stream', async () => {
    const big = csv(`Nom\n${'x\n'.repeat(1000)}`);
    expect(await codeOf(readTable(big, 'csv', { maxBytes: 100 }))).toBe('import.too_large');
    expect(await codeOf(readTable(Readable.from([big, big]), 'csv', { maxBytes: 1500 }))).toBe('import.too_large');
  });

  it('refuses more rows than the limit', async () => {
    expect(await codeOf(readTable(csv('Nom\na\nb\nc\n'), 'csv', { maxRows: 2 }))).toBe('import.too_many_rows');
  });

  it('calls an empty or binary file unreadable', async () => {
    expect(await codeOf(readTable(Buffer.alloc(0), 'csv'))).toBe('import.unreadable');
    expect(await codeOf(readTable(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2]), 'csv'))).toBe(
      'import.unreadable',
    );
    expect(await codeOf(readTable(csv('Nom,Ville\nA,Paris\n'), 'xlsx'))).toBe('import.unreadable');
  });

  it('refuses a value beyond column 200 but not empty fields after the last column', async () => {
    const cols = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`).join(',');
    expect(await codeOf(readTable(csv(`${cols(201)}\n`), 'csv'))).toBe('import.too_many_columns');
    const t = await readTable(csv(`Nom,Ville${','.repeat(500)}\na,b${','.repeat(500)}\n`), 'csv');
    expect(t.headers).toEqual(['Nom', 'Ville']);
    expect((await readTable(csv(`${cols(200)}\n`), 'csv')).headers).toHaveLength(200);
  });

  it('refuses a cell longer than Excel allows and a table with too many cells', async () => {
    expect(await codeOf(readTable(csv(`Nom\n${'x'.repeat(32_768)}\n`), 'csv'))).toBe('import.cell_too_long');
    expect((await readTable(csv(`Nom\n${'x'.repeat(32_767)}\n`), 'csv')).rows[0]!.Nom).toHaveLength(32_767);
    const grid = `${Array.from({ length: 11 }, () => 'a,b,c,d').join('\n')}\n`;
    expect(await codeOf(readTable(csv(grid), 'csv', { maxCells: 43 }))).toBe('import.too_many_cells');
    expect((await readTable(csv(grid), 'csv', { maxCells: 44 })).rowCount).toBe(10);
  });

  it('reads several files at once, each in its own worker, queued past the concurrency limit', async () => {
    const files = Array.from({ length: 5 }, (_, i) => csv(`Nom,Ville\nA${i},Paris\n`));
    const tables = await Promise.all(files.map((f) => readTable(f, 'csv')));
    expect(tables.map((t) => t.rows[0]!.Nom)).toEqual(['A0', 'A1', 'A2', 'A3', 'A4']);
  });
});
