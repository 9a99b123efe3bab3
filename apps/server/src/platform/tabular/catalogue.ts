import type { z } from 'zod';
import type { EnumOption } from './enum-options.ts';

/** How a cell is read: see coerce.ts for what each kind accepts. */
export type FieldKind =
  | 'text'
  | 'email'
  | 'phone'
  | 'url'
  | 'country'
  | 'decimal'
  | 'integer'
  | 'boolean'
  | 'date'
  | 'list'
  | 'enum';

/** One field an import column can be mapped to, with what the mapping screen shows. */
export interface ImportField {
  name: string;
  label: { fr: string; en: string };
  kind: FieldKind;
  required?: boolean;
  /** Header spellings that suggest this field (French and English; compared without accents or case). */
  synonyms: string[];
  /** For `enum` fields. */
  options?: EnumOption[];
}

/**
 * What an import creates, as the engine sees it: the fields a column can be mapped to and the Zod schema of a
 * mapped row. The engine knows no target of its own: features define their catalogues and pass one to
 * `suggestMapping`, `validateMapping`, `mapRow` and `dryRun`.
 */
export interface FieldCatalogue<Value = unknown> {
  /** What is imported, as messages name it (`No field "x" for <name>`). */
  name: string;
  fields: readonly ImportField[];
  /**
   * A mapped row: its input is field name -> trimmed cell (missing when empty), its output the typed values.
   * A failure carries a stable code in `issue.params.code` (`import.required`, ...); `import.invalid` otherwise.
   */
  schema: z.ZodType<Value>;
}
