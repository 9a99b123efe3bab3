import type { FieldCatalogue } from '../../platform/tabular/index.ts';
import { FIELD_CATALOGUE, type ImportTarget } from './import-fields.ts';
import { IMPORT_SCHEMAS, type ImportValueOf } from './import-schemas.ts';

/**
 * Each import target as the tabular engine takes it (suggestMapping, validateMapping, mapRow, dryRun): its fields
 * (import-fields.ts) and the schema of one of its rows (import-schemas.ts).
 */
export const IMPORT_CATALOGUES: { [T in ImportTarget]: FieldCatalogue<ImportValueOf[T]> } = {
  organisations: { name: 'organisations', fields: FIELD_CATALOGUE.organisations, schema: IMPORT_SCHEMAS.organisations },
  people: { name: 'people', fields: FIELD_CATALOGUE.people, schema: IMPORT_SCHEMAS.people },
  links: { name: 'links', fields: FIELD_CATALOGUE.links, schema: IMPORT_SCHEMAS.links },
};

/** The catalogue of one target. */
export function catalogueOf<T extends ImportTarget>(target: T): FieldCatalogue<ImportValueOf[T]> {
  return IMPORT_CATALOGUES[target];
}
