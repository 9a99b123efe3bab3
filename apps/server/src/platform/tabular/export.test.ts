import { type Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvExportStream } from './csv-export.ts';
import type { ExportColumn } from './export-columns.ts';
import { neutraliseCell } from './neutralise-cell.ts';
import { readTable } from './read-table.ts';
import { xlsxExportStream } from './xlsx-export.ts';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const DANGEROUS = ['=1+1', '+33 1 23 45 67 89', '-5', '@SUM(A1:A2)', '\tcmd', '\r=cmd', '=HYPERLINK("http://x","y")'];

interface Contact {
  name: string;
  note: string | null;
  amount: number | null;
  since: Date | null;
  tags: string[];
}

const columns: ExportColumn<Contact>[] = [
  { key: 'name', header: 'Nom' },
  { key: 'note', header: 'Note' },
  { key: 'amount', header: 'Montant' },
  { key: 'since', header: 'Depuis' },
  { key: 'tags', header: 'Tags' },
];

describe('neutraliseCell', () => {
  it.each(DANGEROUS)('prefixes a quote to %j', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  it('leaves safe strings, numbers (even negative), booleans, dates and null alone', () => {
    expect(neutraliseCell('Acme = Gestion')).toBe('Acme = Gestion');
    expect(neutraliseCell(-5)).toBe(-5);
    expect(neutraliseCell(true)).toBe(true);
    expect(neutraliseCell(null)).toBeNull();
    const d = new Date();
    expect(neutraliseCell(d)).toBe(d);
  });
});

describe('csvExportStream', () => {
  it('writes RFC 4180 CSV with a BOM that parses back to the same values', async () => {
    const rows: Contact[] = [
      {
        name: 'Acme, "la" Gestion',
        note: 'ligne 1\r\nligne 2\nligne 3',
        amount: 1250000.5,
        since: new Date('2025-12-31T00:00:00Z'),
        tags: ['ESG', 'Actions'],
      },
      { name: 'Élan Crédit', note: null, amount: -5, since: null, tags: [] },
    ];
    const bytes = await bytesOf(csvExportStream(columns, rows));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.startsWith('Nom,Note,Montant,Depuis,Tags\r\n')).toBe(true);
    expect(text).toContain('"Acme, ""la"" Gestion"');
    expect(parse(text, { bom: true })).toEqual([
      ['Nom', 'Note', 'Montant', 'Depuis', 'Tags'],
      ['Acme, "la" Gestion', 'ligne 1\r\nligne 2\nligne 3', '1250000.5', '2025-12-31', 'ESG; Actions'],
      ['Élan Crédit', '', '-5', '', ''],
    ]);
  });

  it('neutralises every dangerous prefix, in cells and headers, but not negative numbers', async () => {
    const rows = DANGEROUS.map((note) => ({ name: 'x', note, amount: -42, since: null, tags: ['=evil'] }));
    const cols: ExportColumn<Contact>[] = [...columns, { key: 'x', header: '=Header', value: () => 'ok' }];
    const parsed = parse((await bytesOf(csvExportStream(cols, rows))).toString('utf8'), { bom: true }) as string[][];
    expect(parsed[0]?.[5]).toBe("'=Header");
    expect(parsed.slice(1).map((r) => r[1])).toEqual(DANGEROUS.map((v) => `'${v}`));
    expect(parsed.slice(1).every((r) => r[2] === '-42' && r[4] === "'=evil")).toBe(true);
  });

  it('writes ; with decimal commas for French Excel when asked', async () => {
    const rows = [{ name: 'A;B', note: null, amount: 12.5, since: null, tags: [] }];
    const text = (
      await bytesOf(csvExportStream(columns, rows, { delimiter: ';', decimalSeparator: ',', bom: false }))
    ).toString();
    expect(text).toBe('Nom;Note;Montant;Depuis;Tags\r\n"A;B";;12,5;;\r\n');
  });

  it('writes the excel-fr dialect: ;, a BOM, names of codes, French dates and times, decimal commas, Oui/Non', async () => {
    type Row = { kind: string; day: string; at: Date; since: Date; amount: number; active: boolean; note: string };
    const cols: ExportColumn<Row>[] = [
      { key: 'kind', header: 'Type', labels: { distributeur: 'Distributeur', emetteur: 'Émetteur' } },
      { key: 'day', header: 'Jour' },
      { key: 'at', header: 'Le' },
      { key: 'since', header: 'Depuis' },
      { key: 'amount', header: 'Montant' },
      { key: 'active', header: 'Actif' },
      { key: 'note', header: 'Note' },
    ];
    const rows: Row[] = [
      {
        kind: 'emetteur',
        day: '2024-03-12',
        at: new Date('2024-07-01T22:30:00Z'), // 2 July, 00:30 in Paris (summer time)
        since: new Date('2024-03-12T00:00:00Z'),
        amount: 1250.5,
        active: true,
        note: 'a; b',
      },
      {
        kind: 'unknown_code',
        day: '',
        at: new Date('2024-01-15T08:05:00Z'),
        since: new Date(NaN),
        amount: -3,
        active: false,
        note: '',
      },
    ];
    const bytes = await bytesOf(csvExportStream(cols, rows, { dialect: 'excel-fr' }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString()).toBe(
      'Type;Jour;Le;Depuis;Montant;Actif;Note\r\n' +
        'Émetteur;12/03/2024;02/07/2024 00:30;12/03/2024;1250,5;Oui;"a; b"\r\n' +
        'unknown_code;;15/01/2024 09:05;;-3;Non;\r\n',
    );
  });

  it('quotes every cell holding a separator and neutralises a formula after one, for a French or an English Excel', async () => {
    // The attack's payloads: a formula hidden after a `;` (French Excel's separator) or a `,` (English Excel's).
    const payloads = [
      "Acme;=cmd|' /C calc'!A0",
      "Acme,=cmd|' /C calc'!A0",
      'x; +1+1',
      'x,@SUM(1+1)',
      'a\t-1+1',
      'quote " ;=1+1',
    ];
    const rows = payloads.map((name) => ({ name, note: null, amount: null, since: null, tags: ['a', '=b;c'] }));
    for (const delimiter of [',', ';'] as const) {
      const text = (await bytesOf(csvExportStream(columns, rows, { delimiter, bom: false }))).toString();
      const lines = text.split('\r\n').slice(1, -1);
      // Every field holding a separator is quoted, whatever the delimiter.
      for (const line of lines) expect(line.startsWith('"')).toBe(true);
      // Read back honouring quotes, with the file's delimiter: the same texts, neutralised after each separator.
      const parsed = parse(text, { delimiter }) as string[][];
      expect(parsed.slice(1).map((r) => r[0])).toEqual([
        "Acme;'=cmd|' /C calc'!A0",
        "Acme,'=cmd|' /C calc'!A0",
        "x; '+1+1",
        "x,'@SUM(1+1)",
        "a\t'-1+1",
        'quote " ;\'=1+1',
      ]);
      expect(parsed.slice(1).every((r) => r[4] === "a; '=b;c")).toBe(true);
      // Read with the other separator, or split naively without honouring quotes: no cell starts a formula.
      const other = delimiter === ',' ? ';' : ',';
      const cells = (
        parse(text, { delimiter: other, relax_quotes: true, relax_column_count: true }) as string[][]
      ).flat();
      for (const cell of cells) expect(cell, `${delimiter} file read with ${other}`).not.toMatch(/^[=+\-@\t\r]/);
      for (const sep of [',', ';', '\t']) {
        for (const piece of lines.flatMap((l) => l.split(sep))) {
          expect(piece.replace(/^[ "]+/, ''), `${delimiter} file split on ${JSON.stringify(sep)}`).not.toMatch(
            /^[=+\-@]/,
          );
        }
      }
    }
  });

  it('streams 100,000 rows from an async source without holding them', async () => {
    let produced = 0;
    async function* source() {
      for (let i = 0; i < 100_000; i++) {
        produced++;
        yield {
          name: `Contact ${i}`,
          note: 'Une note assez longue pour peser un peu dans le fichier',
          amount: i,
          since: null,
          tags: ['a', 'b'],
        };
      }
    }
    const stream = csvExportStream(columns, source());
    const before = process.memoryUsage().heapUsed;
    let chunks = 0;
    let bytes = 0;
    let producedAtFirstChunk = -1;
    await pipeline(
      stream,
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          if (chunks === 0) producedAtFirstChunk = produced;
          chunks++;
          bytes += chunk.length;
          cb();
        },
      }),
    );
    expect(produced).toBe(100_000);
    expect(bytes).toBeGreaterThan(5_000_000);
    expect(chunks).toBeGreaterThan(100);
    // the first bytes leave long before the source is exhausted
    expect(producedAtFirstChunk).toBeLessThan(10_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('stops pulling rows when the consumer goes away', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless() {
      try {
        for (;;) {
          pulled++;
          yield { name: 'x', note: null, amount: 1, since: null, tags: [] };
        }
      } finally {
        closed = true;
      }
    }
    const stream = csvExportStream(columns, endless());
    for await (const _chunk of stream) break;
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(10_000);
  });

  it('fails the stream when the source fails', async () => {
    async function* failing() {
      yield { name: 'a', note: null, amount: 1, since: null, tags: [] };
      throw new Error('database went away');
    }
    await expect(bytesOf(csvExportStream(columns, failing()))).rejects.toThrow('database went away');
  });
});

describe('xlsxExportStream', () => {
  const rows: Contact[] = [
    {
      name: 'Acme Gestion',
      note: 'ligne 1\nligne 2',
      amount: 1250000.5,
      since: new Date('2025-12-31T00:00:00Z'),
      tags: ['ESG'],
    },
    { name: 'Bêta', note: null, amount: -5, since: new Date('2026-01-02T09:30:00Z'), tags: [] },
    ...DANGEROUS.map((note) => ({ name: 'Danger', note, amount: null, since: null, tags: [] })),
  ];

  it('round-trips through readTable: dates as ISO dates, numbers as numbers, dangerous strings neutralised', async () => {
    const bytes = await bytesOf(xlsxExportStream(columns, rows, { sheetName: 'Contacts' }));
    const table = await readTable(bytes, 'xlsx');
    expect(table.headers).toEqual(['Nom', 'Note', 'Montant', 'Depuis', 'Tags']);
    expect(table.rows[0]).toEqual({
      Nom: 'Acme Gestion',
      Note: 'ligne 1\nligne 2',
      Montant: '1250000.5',
      Depuis: '2025-12-31',
      Tags: 'ESG',
    });
    expect(table.rows[1]).toMatchObject({ Nom: 'Bêta', Montant: '-5', Depuis: '2026-01-02T09:30:00' });
    // XML turns a literal carriage return into a line feed on reading; the cell is still neutralised
    expect(table.rows.slice(2).map((r) => r.Note)).toEqual(DANGEROUS.map((v) => `'${v.replace('\r', '\n')}`));
  });

  it('writes a bold header, real dates and numbers', async () => {
    const bytes = await bytesOf(xlsxExportStream(columns, rows));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('D2').value).toEqual(new Date('2025-12-31T00:00:00Z'));
    expect(sheet.getCell('D2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('C3').value).toBe(-5);
    expect(sheet.getCell('B4').value).toBe("'=1+1");
  });

  it('streams 20,000 rows in many chunks', async () => {
    function* source() {
      for (let i = 0; i < 20_000; i++) yield { name: `Contact ${i}`, note: 'note', amount: i, since: null, tags: [] };
    }
    let chunks = 0;
    let bytes = 0;
    await pipeline(
      xlsxExportStream(columns, source()),
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          chunks++;
          bytes += chunk.length;
          setImmediate(cb);
        },
      }),
    );
    expect(chunks).toBeGreaterThan(5);
    expect(bytes).toBeGreaterThan(100_000);
  });
});
