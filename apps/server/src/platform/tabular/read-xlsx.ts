/// <reference path="./unzipper.d.ts" />
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import unzipper, { type CentralDirectoryFile } from 'unzipper';
import { AppError } from '../errors.ts';
import { HEADER_SEARCH_DEPTH, type RawRecord } from './build-table.ts';
import { dateToIso, numberToPlainString } from './cell-format.ts';
import {
  DEFAULT_MAX_ROWS,
  MAX_CELL_CHARS,
  MAX_CELLS,
  MAX_COLUMNS,
  MAX_ENTRY_UNZIPPED_BYTES,
  MAX_UNZIPPED_BYTES,
  type ReadLimits,
} from './read-limits.ts';
import {
  cellTooLong,
  tooLargeUnzipped,
  tooManyCells,
  tooManyColumns,
  tooManyRows,
  unreadable,
} from './tabular.errors.ts';

const DEFAULT_LIMITS: ReadLimits = {
  maxColumns: MAX_COLUMNS,
  maxCells: MAX_CELLS,
  maxCellChars: MAX_CELL_CHARS,
  maxRecords: DEFAULT_MAX_ROWS + HEADER_SEARCH_DEPTH,
  maxRows: DEFAULT_MAX_ROWS,
  maxEntryBytes: MAX_ENTRY_UNZIPPED_BYTES,
  maxUnzippedBytes: MAX_UNZIPPED_BYTES,
};

/**
 * Reads the first worksheet of an XLSX file into raw records with their sheet row numbers, streaming: the
 * zip's central directory is read from the buffer, then the styles, the shared strings and the sheet are
 * inflated and parsed as SAX events (saxes), one chunk at a time. Only cells with a value are kept; every
 * limit (uncompressed size of each part and of the whole file, column of a value, rows, cells, cell length)
 * is checked before the memory it guards is allocated. Values read as exceljs reads them (dates from the cell
 * style, numbers without exponent, rich text joined, formulas as their cached result, merged cells filled with
 * the value of their first cell).
 */
export async function readXlsxRecords(bytes: Buffer, limits: ReadLimits = DEFAULT_LIMITS): Promise<RawRecord[]> {
  const zip = await openZip(bytes, limits);
  const rootRels = zip.has('_rels/.rels') ? await readRelationships(zip, '_rels/.rels') : [];
  const workbookPath = resolveTarget('', rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target) ?? '';
  const workbookFile = zip.find(workbookPath) ?? zip.find('xl/workbook.xml');
  if (!workbookFile) throw unreadable('this is not a valid XLSX workbook');
  const workbook = await readWorkbook(zip, workbookFile);
  const workbookDir = posix.dirname(workbookFile);
  const relsPath = posix.join(workbookDir, '_rels', `${posix.basename(workbookFile)}.rels`);
  const rels = zip.has(relsPath) ? await readRelationships(zip, relsPath) : [];
  const target = (rel: Relationship | undefined) => resolveTarget(workbookDir, rel?.target);

  const sheetRel = rels.find((r) => r.id === workbook.firstSheetRelId);
  const sheetPath = zip.find(target(sheetRel));
  if (!sheetPath) throw unreadable('the workbook has no worksheet');
  const stylesPath = zip.find(target(rels.find((r) => r.type.endsWith('/styles'))));
  const stringsPath = zip.find(target(rels.find((r) => r.type.endsWith('/sharedStrings'))));

  const dateStyles = stylesPath ? await readDateStyles(zip, stylesPath) : [];
  const sharedStrings = stringsPath ? await readSharedStrings(zip, stringsPath, limits) : [];
  return readSheet(zip, sheetPath, { dateStyles, sharedStrings, date1904: workbook.date1904 }, limits);
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

// --- Zip ---------------------------------------------------------------------------------------------------

interface Zip {
  has(path: string): boolean;
  /** The stored name of a part, matched exactly, then without regard to case. */
  find(path: string | undefined): string | undefined;
  /** Streams one part through SAX handlers, counting the inflated bytes against the limits. */
  parse(path: string, handlers: XmlHandlers): Promise<void>;
}

async function openZip(bytes: Buffer, limits: ReadLimits): Promise<Zip> {
  let files: CentralDirectoryFile[];
  try {
    files = (await unzipper.Open.buffer(bytes)).files;
  } catch (err) {
    throw unreadable('this is not a valid XLSX workbook', err);
  }
  const byPath = new Map<string, CentralDirectoryFile>();
  const byLowerPath = new Map<string, string>();
  let declared = 0;
  for (const f of files) {
    declared += f.uncompressedSize;
    byPath.set(f.path, f);
    byLowerPath.set(f.path.toLowerCase(), f.path);
  }
  // `!(<=)`: a size unzipper could not read (NaN) counts as too large.
  if (!(declared <= limits.maxUnzippedBytes)) throw tooLargeUnzipped(limits.maxUnzippedBytes);
  let inflated = 0;

  return {
    has: (path) => byPath.has(path),
    find: (path) => (path === undefined ? undefined : byPath.has(path) ? path : byLowerPath.get(path.toLowerCase())),
    async parse(path, handlers) {
      const file = byPath.get(path)!;
      if (!(file.uncompressedSize <= limits.maxEntryBytes)) throw tooLargeUnzipped(limits.maxEntryBytes);
      const parser = xmlParser(handlers);
      const decoder = new StringDecoder('utf8');
      let stream: Readable | undefined;
      let size = 0;
      try {
        stream = file.stream();
        let first = true;
        for await (const chunk of stream) {
          const buf = chunk as Buffer;
          size += buf.length;
          inflated += buf.length;
          if (size > limits.maxEntryBytes) throw tooLargeUnzipped(limits.maxEntryBytes);
          if (inflated > limits.maxUnzippedBytes) throw tooLargeUnzipped(limits.maxUnzippedBytes);
          let text = decoder.write(buf);
          if (first && text.length > 0) {
            if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
            first = false;
          }
          parser.write(text);
        }
        parser.write(decoder.end());
        parser.close();
      } catch (err) {
        stream?.destroy();
        if (err instanceof AppError) throw err;
        throw unreadable(`the part ${path} of the workbook is not valid`, err);
      }
    },
  };
}

// --- XML ---------------------------------------------------------------------------------------------------

interface XmlHandlers {
  /** Element names come without their namespace prefix (`x:c` -> `c`). */
  open?(name: string, attributes: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

function xmlParser(handlers: XmlHandlers): SaxesParser {
  const parser = new SaxesParser();
  parser.on('doctype', () => {
    throw unreadable('the workbook declares a DOCTYPE');
  });
  const { open, text, close } = handlers;
  if (open) parser.on('opentag', (tag) => open(localName(tag.name), tag.attributes as Record<string, string>));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
  return parser;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** An attribute by local name (`r:id` and `id` alike). */
function attr(attributes: Record<string, string>, name: string): string | undefined {
  if (name in attributes) return attributes[name];
  for (const key of Object.keys(attributes)) if (localName(key) === name) return attributes[key];
  return undefined;
}

// --- Workbook structure ------------------------------------------------------------------------------------

interface Relationship {
  id: string;
  type: string;
  target: string;
}

async function readRelationships(zip: Zip, path: string): Promise<Relationship[]> {
  const rels: Relationship[] = [];
  await zip.parse(path, {
    open(name, a) {
      if (name === 'Relationship' && a.Id && a.Target) rels.push({ id: a.Id, type: a.Type ?? '', target: a.Target });
    },
  });
  return rels;
}

/** A relationship target as a zip path: absolute (`/xl/...`) or relative to the folder of the part. */
function resolveTarget(dir: string, target: string | undefined): string | undefined {
  if (!target) return undefined;
  if (target.startsWith('/')) return posix.normalize(target.slice(1));
  return posix.normalize(posix.join(dir, target));
}

async function readWorkbook(zip: Zip, path: string) {
  let firstSheetRelId: string | undefined;
  let date1904 = false;
  await zip.parse(path, {
    open(name, a) {
      if (name === 'sheet' && firstSheetRelId === undefined) firstSheetRelId = attr(a, 'id');
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    },
  });
  return { firstSheetRelId, date1904 };
}

/** Built-in number formats that are dates (what exceljs finds with its own test on their format codes). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Whether a format code shows a date or time: exceljs's test, so cells read as they did with it. */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** For each cell style (`s` of a cell), whether its number format is a date. */
async function readDateStyles(zip: Zip, path: string): Promise<boolean[]> {
  const customFormats = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await zip.parse(path, {
    open(name, a) {
      if (name === 'numFmt' && a.numFmtId !== undefined) customFormats.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfFormats.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfFormats.map((id) => {
    if (!id) return false;
    const custom = customFormats.get(id);
    return custom !== undefined ? isDateFormat(custom) : BUILT_IN_DATE_FORMATS.has(id);
  });
}

/** Shared strings as text: rich text runs joined, phonetic hints left out, `_xHHHH_` escapes decoded. */
async function readSharedStrings(zip: Zip, path: string, limits: ReadLimits): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | undefined;
  let inText = false;
  let phonetic = 0;
  await zip.parse(path, {
    open(name) {
      if (name === 'si') {
        // A table cannot use more distinct strings than it has cells.
        if (strings.length >= limits.maxCells) throw tooManyCells(limits.maxCells);
        current = [];
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && current && phonetic === 0) inText = true;
    },
    text(text) {
      if (inText)
        current!.push(text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && current) {
        strings.push(current.join(''));
        current = undefined;
      }
    },
  });
  return strings;
}

// --- Sheet -------------------------------------------------------------------------------------------------

interface SheetContext {
  dateStyles: boolean[];
  sharedStrings: string[];
  date1904: boolean;
}

/** Column number of a cell reference (`B3` -> 2, `XFD1` -> 16384); 0 when there is none. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col;
}

function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

async function readSheet(zip: Zip, path: string, ctx: SheetContext, limits: ReadLimits): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  const merges: string[] = [];
  let width = 0;
  let rowNumber = 0;
  let cells: string[] = [];
  let lastColumn = 0;
  // The cell being read.
  let column = 0;
  let type = '';
  let style = 0;
  let formula = false;
  let value: string | undefined;
  let inline: string | undefined;
  let inValue = false;
  let inFormula = false;
  let inInline = false;
  let inText = false;
  let phonetic = 0;

  const checkLength = (s: string) => {
    if (s.length > limits.maxCellChars) throw cellTooLong(limits.maxCellChars, rowNumber);
  };
  const numeric = (v: string): ExcelJS.CellValue => {
    const n = Number.parseFloat(v);
    return ctx.dateStyles[style] ? excelToDate(n, ctx.date1904) : n;
  };
  const cellValue = (): ExcelJS.CellValue => {
    if (formula) {
      if (value === undefined) return null;
      if (type === 'str') return value;
      if (type === 'b') return Number.parseInt(value, 10) !== 0;
      if (type === 'e') return { error: value as ExcelJS.CellErrorValue['error'] };
      return numeric(value);
    }
    if (type === 'inlineStr') return inline ?? null;
    if (value === undefined) return null;
    switch (type) {
      case 's':
        return ctx.sharedStrings[Number.parseInt(value, 10)] ?? null;
      case 'str':
        return value;
      case 'b':
        return Number.parseInt(value, 10) !== 0;
      case 'e':
        return { error: value as ExcelJS.CellErrorValue['error'] };
      default:
        return numeric(value);
    }
  };
  const addRecord = () => {
    if (cells.length === 0) return;
    records.push({ cells, rowNumber });
    width = Math.max(width, cells.length);
    if (records.length > limits.maxRecords) throw tooManyRows(limits.maxRows);
    if (records.length * width > limits.maxCells) throw tooManyCells(limits.maxCells);
  };

  await zip.parse(path, {
    open(name, a) {
      switch (name) {
        case 'row':
          rowNumber = a.r ? Number.parseInt(a.r, 10) : rowNumber + 1;
          cells = [];
          lastColumn = 0;
          break;
        case 'c':
          column = a.r ? columnOf(a.r) : lastColumn + 1;
          if (column === 0) column = lastColumn + 1;
          type = a.t ?? '';
          style = a.s ? Number.parseInt(a.s, 10) : 0;
          formula = false;
          value = undefined;
          inline = undefined;
          break;
        case 'f':
          inFormula = true;
          if (a.t === 'shared') formula = true;
          break;
        case 'v':
          inValue = true;
          break;
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (inInline && phonetic === 0) inText = true;
          break;
        case 'mergeCell':
          if (a.ref) merges.push(a.ref);
          break;
      }
    },
    text(text) {
      if (inValue) {
        value = value === undefined ? text : value + text;
        checkLength(value);
      } else if (inText) {
        inline = inline === undefined ? text : inline + text;
        checkLength(inline);
      } else if (inFormula && text !== '') formula = true;
    },
    close(name) {
      switch (name) {
        case 'v':
          inValue = false;
          break;
        case 'f':
          inFormula = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 't':
          inText = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c': {
          lastColumn = column;
          const s = cellToString(cellValue());
          if (s === '') break;
          if (column > limits.maxColumns) throw tooManyColumns(limits.maxColumns, rowNumber);
          checkLength(s);
          while (cells.length < column - 1) cells.push('');
          cells[column - 1] = s;
          break;
        }
        case 'row':
          addRecord();
          cells = [];
          break;
      }
    },
  });
  return merges.length > 0 ? applyMerges(records, merges, limits) : records;
}

/** Fills each merged range with the value of its first cell, as exceljs did (a merged company name). */
function applyMerges(records: RawRecord[], merges: string[], limits: ReadLimits): RawRecord[] {
  const byRow = new Map(records.map((r) => [r.rowNumber, r]));
  let width = records.reduce((w, r) => Math.max(w, r.cells.length), 0);
  let added = 0;
  for (const ref of merges) {
    const m = /^([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$/.exec(ref);
    if (!m) continue;
    const [left, top, right, bottom] = [columnOf(m[1]!), Number(m[2]), columnOf(m[3]!), Number(m[4])];
    const master = byRow.get(top)?.cells[left - 1] ?? '';
    if (master === '' || right < left || bottom < top) continue;
    if (right > limits.maxColumns) throw tooManyColumns(limits.maxColumns, top);
    added += (bottom - top + 1) * (right - left + 1);
    if (added > limits.maxCells || bottom - top + 1 > limits.maxRecords) throw tooManyCells(limits.maxCells);
    for (let row = top; row <= bottom; row++) {
      let record = byRow.get(row);
      if (!record) {
        record = { cells: [], rowNumber: row };
        byRow.set(row, record);
        if (byRow.size > limits.maxRecords) throw tooManyRows(limits.maxRows);
      }
      while (record.cells.length < right) record.cells.push('');
      for (let col = left; col <= right; col++) record.cells[col - 1] = master;
      width = Math.max(width, record.cells.length);
    }
    if (byRow.size * width > limits.maxCells) throw tooManyCells(limits.maxCells);
  }
  return [...byRow.values()].sort((a, b) => a.rowNumber - b.rowNumber);
}
