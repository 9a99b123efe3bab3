import type { ImportOptions, Mapping } from './imports.contracts.ts';

/**
 * Values the importer sets for every row (category "SDG", source "registre AMF"): each becomes a column of its own,
 * under a header no file can have (a NUL, which no request may carry), mapped to its field. So a constant is checked,
 * coerced and joined (list fields) exactly like a mapped column, and a field both mapped and constant is the
 * engine's `import.mapping_duplicate_field`.
 */
const HEADER_PREFIX = '\u0000';

const headerOf = (field: string) => `${HEADER_PREFIX}${field}`;

/** The saved mapping plus one column per constant. */
export function effectiveMapping(mapping: Mapping, options: Pick<ImportOptions, 'constants'>): Mapping {
  const constants = Object.keys(options.constants ?? {});
  if (constants.length === 0) return mapping;
  return { ...mapping, ...Object.fromEntries(constants.map((field) => [headerOf(field), field])) };
}

/** The cells of a row plus the constants' cells. */
export function withConstants(
  raw: Readonly<Record<string, string>>,
  options: Pick<ImportOptions, 'constants'>,
): Record<string, string> {
  const constants = options.constants;
  if (!constants) return raw as Record<string, string>;
  const row: Record<string, string> = { ...raw };
  for (const [field, value] of Object.entries(constants)) row[headerOf(field)] = value;
  return row;
}

/** The field of a header the constants added, or null for a column of the file. */
export function constantField(header: string): string | null {
  return header.startsWith(HEADER_PREFIX) ? header.slice(HEADER_PREFIX.length) : null;
}
