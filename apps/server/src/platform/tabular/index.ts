/**
 * The tabular engine: reading CSV/XLSX uploads, suggesting and applying column mappings, validating rows,
 * and streaming CSV/XLSX exports. Pure modules with no database or HTTP; features call them.
 */
export type { Table } from './build-table.ts';
export type { FieldCatalogue, FieldKind, ImportField } from './catalogue.ts';
export { coerceBoolean, matchEnum, parseDecimal, splitList } from './coerce.ts';
export { parseDate } from './coerce-date.ts';
export { countryCodeOf, isCountryCode } from './countries.ts';
export { CSV_DIALECTS, type CsvDialect, type CsvExportOptions, csvExportStream } from './csv-export.ts';
export type { TextEncoding } from './decode-text.ts';
export type { CsvDelimiter } from './detect-delimiter.ts';
export type { EnumOption } from './enum-options.ts';
export { coded, col, type ExportColumn, joined, num } from './export-columns.ts';
export {
  type DryRunError,
  type DryRunInput,
  type DryRunOptions,
  type DryRunReport,
  dryRun,
  type MapRowResult,
  mapRow,
  type RowError,
} from './map-row.ts';
export { neutraliseCell } from './neutralise-cell.ts';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  type ReadTableOptions,
  type ReadTableResult,
  readTable,
  type TableFormat,
} from './read-table.ts';
export { type ColumnMapping, type MappingSuggestion, suggestMapping } from './suggest-mapping.ts';
export { type MappingProblem, validateMapping } from './validate-mapping.ts';
export { type XlsxExportOptions, xlsxExportStream } from './xlsx-export.ts';
