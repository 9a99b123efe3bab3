export type CsvDelimiter = ',' | ';' | '\t' | '|';

/** In order of preference on a tie. `|` is what some registers and databases export (AMF/ORIAS extracts, psql). */
const CANDIDATES: CsvDelimiter[] = [',', ';', '\t', '|'];
const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_RECORDS = 50;

/**
 * Picks the delimiter that splits the most records of a sample into the same number of fields (quotes
 * respected, so a quoted note full of commas does not vote). Ties go to the wider split, then to `,`.
 * A preamble (LinkedIn's notes) is outvoted by the table below it.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const records = sampleRecords(text.slice(0, SAMPLE_CHARS));
  let best: { delimiter: CsvDelimiter; votes: number; width: number } = { delimiter: ',', votes: 0, width: 0 };
  for (const delimiter of CANDIDATES) {
    const counts = records.map((r) => countOutsideQuotes(r, delimiter)).filter((c) => c > 0);
    const { value: width, frequency: votes } = mode(counts);
    if (votes > best.votes || (votes === best.votes && width > best.width)) best = { delimiter, votes, width };
  }
  return best.delimiter;
}

/** Splits on line ends outside quotes; keeps only records with some content. */
function sampleRecords(text: string): string[] {
  const records: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length && records.length < SAMPLE_RECORDS; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '\n' && !inQuotes) {
      const record = text.slice(start, i).replace(/\r$/, '');
      if (record.trim() !== '') records.push(record);
      start = i + 1;
    }
  }
  const last = text.slice(start);
  if (records.length < SAMPLE_RECORDS && last.trim() !== '' && !inQuotes) records.push(last);
  return records;
}

function countOutsideQuotes(record: string, delimiter: string): number {
  let inQuotes = false;
  let count = 0;
  for (const ch of record) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === delimiter && !inQuotes) count++;
  }
  return count;
}

export function mode(values: number[]): { value: number; frequency: number } {
  const freq = new Map<number, number>();
  for (const v of values) freq.set(v, (freq.get(v) ?? 0) + 1);
  let best = { value: 0, frequency: 0 };
  for (const [value, frequency] of freq) {
    if (frequency > best.frequency || (frequency === best.frequency && value > best.value)) best = { value, frequency };
  }
  return best;
}
