import type { FieldCatalogue } from './catalogue.ts';
import { normaliseKey } from './normalise.ts';

/** Header -> field name of the catalogue, or null for a column that is not imported. */
export type ColumnMapping = Record<string, string | null>;

export interface MappingSuggestion {
  mapping: ColumnMapping;
  /** Per header, 0 (no idea) to 1 (an exact synonym). */
  confidence: Record<string, number>;
}

interface Candidate {
  header: string;
  field: string;
  score: number;
}

/**
 * Suggests a field of the catalogue for each header: an exact synonym (accents, case, spaces, underscores, camelCase
 * ignored) scores 1; a synonym found as whole words inside the header scores 0.5-0.9 by how much of the
 * header it covers. Each field goes to at most one header, best scores first.
 */
export function suggestMapping(
  headers: readonly string[],
  catalogue: Pick<FieldCatalogue, 'fields'>,
): MappingSuggestion {
  const fields = catalogue.fields.map((field) => ({
    name: field.name,
    synonyms: field.synonyms.map((s) => normaliseKey(s)).filter(Boolean),
  }));
  const candidates: Candidate[] = [];
  for (const header of headers) {
    const key = normaliseKey(header);
    if (!key) continue;
    for (const field of fields) {
      const score = Math.max(0, ...field.synonyms.map((syn) => scoreOf(key, syn)));
      if (score > 0) candidates.push({ header, field: field.name, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score || headers.indexOf(a.header) - headers.indexOf(b.header));

  const mapping: ColumnMapping = Object.fromEntries(headers.map((h) => [h, null]));
  const confidence: Record<string, number> = Object.fromEntries(headers.map((h) => [h, 0]));
  const taken = new Set<string>();
  for (const c of candidates) {
    if (mapping[c.header] !== null || taken.has(c.field)) continue;
    mapping[c.header] = c.field;
    confidence[c.header] = Math.round(c.score * 100) / 100;
    taken.add(c.field);
  }
  return { mapping, confidence };
}

function scoreOf(headerKey: string, synonymKey: string): number {
  if (headerKey === synonymKey || headerKey.replace(/ /g, '') === synonymKey.replace(/ /g, '')) return 1;
  if (synonymKey.length < 3) return 0;
  const header = ` ${headerKey} `;
  if (!header.includes(` ${synonymKey} `)) return 0;
  return 0.5 + 0.4 * (synonymKey.length / headerKey.length);
}
