import type { FieldCatalogue } from './catalogue.ts';
import type { ColumnMapping } from './suggest-mapping.ts';

export interface MappingProblem {
  code: 'import.mapping_unknown_field' | 'import.mapping_duplicate_field' | 'import.mapping_missing_required';
  field: string;
  headers: string[];
  message: string;
}

/** Kinds whose cells several columns may feed (joined by mapRow). */
const JOINABLE = new Set(['list']);

/**
 * Checks a mapping chosen on the mapping screen before a dry run: every field exists in the catalogue, a
 * required field is mapped, and no single-value field is fed by two columns (`list` fields and a field named
 * `notes` may be: mapRow joins them).
 * Returns the problems; an empty list means the mapping can be used.
 */
export function validateMapping(
  mapping: ColumnMapping,
  catalogue: Pick<FieldCatalogue, 'name' | 'fields'>,
): MappingProblem[] {
  const fields = new Map(catalogue.fields.map((f) => [f.name, f]));
  const headersOf = new Map<string, string[]>();
  for (const [header, field] of Object.entries(mapping)) {
    if (field) headersOf.set(field, [...(headersOf.get(field) ?? []), header]);
  }
  const problems: MappingProblem[] = [];
  for (const [field, headers] of headersOf) {
    const def = fields.get(field);
    if (!def) {
      problems.push({
        code: 'import.mapping_unknown_field',
        field,
        headers,
        message: `No field "${field}" for ${catalogue.name}`,
      });
    } else if (headers.length > 1 && !JOINABLE.has(def.kind) && field !== 'notes') {
      problems.push({
        code: 'import.mapping_duplicate_field',
        field,
        headers,
        message: `${def.label.en} is mapped from several columns: ${headers.join(', ')}`,
      });
    }
  }
  for (const def of fields.values()) {
    if (def.required && !headersOf.has(def.name)) {
      problems.push({
        code: 'import.mapping_missing_required',
        field: def.name,
        headers: [],
        message: `${def.label.en} must be mapped to a column`,
      });
    }
  }
  return problems;
}
