import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Test fixtures: XLSX files written part by part, as an attacker or an unusual generator would (inline
 * strings, a cell in column XFD, a zip whose sizes lie). Used by read-xlsx.test.ts and the security suite.
 */

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface RawXlsxParts {
  /** The content of `<sheetData>` (rows), or a whole sheet document when it starts with `<?xml`. */
  sheetData: string;
  /** Content of `<sst>` (`<si>` elements); no shared strings part when absent. */
  sharedStrings?: string;
  /** A whole styles document; no styles part when absent. */
  styles?: string;
  /** Extra content after `</sheetData>` (e.g. `<mergeCells>`). */
  afterSheetData?: string;
  /** `<workbookPr .../>` and the like, before `<sheets>`. */
  workbookPr?: string;
  /** Deflate level (default 6); 9 for the smallest bombs. */
  level?: number;
}

/** A workbook of one sheet, built from raw XML parts. */
export async function rawXlsx(parts: RawXlsxParts): Promise<Buffer> {
  const zip = new Map<string, string>();
  zip.set('xl/worksheets/sheet1.xml', '');
  const overrides = [
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
  ];
  const rels = [`<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`];
  if (parts.sharedStrings !== undefined) {
    zip.set('xl/sharedStrings.xml', `<?xml version="1.0"?><sst xmlns="${MAIN}">${parts.sharedStrings}</sst>`);
    rels.push(`<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  }
  if (parts.styles !== undefined) {
    zip.set('xl/styles.xml', parts.styles);
    rels.push(`<Relationship Id="rId3" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
  }
  zip.set(
    '[Content_Types].xml',
    `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
  );
  zip.set(
    '_rels/.rels',
    `<?xml version="1.0"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.set(
    'xl/workbook.xml',
    `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${parts.workbookPr ?? ''}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  zip.set(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0"?><Relationships xmlns="${PKG_REL}">${rels.join('')}</Relationships>`,
  );
  const sheet = parts.sheetData.startsWith('<?xml')
    ? parts.sheetData
    : `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${parts.sheetData}</sheetData>${parts.afterSheetData ?? ''}</worksheet>`;
  zip.set('xl/worksheets/sheet1.xml', sheet);
  return Promise.resolve(zipOf(zip, parts.level ?? 6));
}

/** A deflated zip of text entries (node:zlib is fast enough for the 70 MB sheets of the bombs). */
function zipOf(entries: Map<string, string>, level: number): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [path, text] of entries) {
    const name = Buffer.from(path);
    const data = Buffer.from(text);
    const deflated = deflateRawSync(data, { level });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.size, 8);
  end.writeUInt16LE(entries.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * The bomb of the attack report (docs/security: finding 1): `rows` rows, each with an inline string in
 * column A and a number in column XFD (16,384). 200 rows make about 3 KB, 2,000 rows about 18 KB.
 */
export function wideBomb(rows: number): Promise<Buffer> {
  let sheetData = '';
  for (let r = 1; r <= rows; r++) {
    sheetData += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x</t></is></c><c r="XFD${r}"><v>1</v></c></row>`;
  }
  return rawXlsx({ sheetData, level: 9 });
}

/** `rows` rows of 5 inline-string cells (300,000 rows: about 7 MB, 70 MB unzipped). */
export function tallBomb(rows: number): Promise<Buffer> {
  const parts: string[] = [];
  for (let r = 1; r <= rows; r++) {
    let row = `<row r="${r}">`;
    for (const col of ['A', 'B', 'C', 'D', 'E'])
      row += `<c r="${col}${r}" t="inlineStr"><is><t>v${r}${col}</t></is></c>`;
    parts.push(`${row}</row>`);
  }
  return rawXlsx({ sheetData: parts.join(''), level: 1 });
}

/**
 * Rewrites the uncompressed size that a zip declares for `entry` (central directory and local header), so a
 * test can make a file lie about its size.
 */
export function withDeclaredSize(zip: Buffer, entry: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const name = Buffer.from(entry);
  for (let i = 0; i + 46 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x02014b50 && out.subarray(i + 46, i + 46 + name.length).equals(name)) out.writeUInt32LE(size, i + 24);
    if (sig === 0x04034b50 && out.subarray(i + 30, i + 30 + name.length).equals(name)) out.writeUInt32LE(size, i + 22);
  }
  return out;
}
