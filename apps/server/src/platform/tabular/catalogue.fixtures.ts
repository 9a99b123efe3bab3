import { z } from 'zod';
import type { FieldCatalogue, FieldKind, ImportField } from './catalogue.ts';
import { type Coerced, coerceBoolean, coerceDecimal, coerceEmail, matchEnum, splitList } from './coerce.ts';
import { parseDate } from './coerce-date.ts';
import type { EnumOption } from './enum-options.ts';

/**
 * A fictitious import target for the engine's tests (a plant nursery's stock list): the engine takes its
 * catalogue as a parameter and knows none of the CRM's (features/imports/import-fields.ts).
 */

const field = (
  name: string,
  fr: string,
  en: string,
  kind: FieldKind,
  synonyms: string[],
  extra: Partial<ImportField> = {},
): ImportField => ({ name, label: { fr, en }, kind, synonyms: [fr, en, name, ...synonyms], ...extra });

export const EXPOSURE_OPTIONS: EnumOption<'sun' | 'shade'>[] = [
  { value: 'sun', label: { fr: 'Soleil', en: 'Sun' }, aliases: ['Plein soleil', 'Full sun'] },
  { value: 'shade', label: { fr: 'Ombre', en: 'Shade' }, aliases: ['Mi-ombre', 'Partial shade'] },
];

export const PLANT_FIELDS: ImportField[] = [
  field('name', 'Nom', 'Name', 'text', ['Plante', 'Plant', 'Nom commun', 'Common name'], { required: true }),
  field('species', 'Espèce', 'Species', 'text', ['Nom latin', 'Latin name', 'Nom botanique']),
  field('colours', 'Couleurs', 'Colours', 'list', ['Couleur', 'Colour', 'Color', 'Teintes']),
  field('height', 'Hauteur', 'Height', 'decimal', ['Taille', 'Hauteur adulte', 'Height (cm)']),
  field('perennial', 'Vivace', 'Perennial', 'boolean', ['Pérenne']),
  field('exposure', 'Exposition', 'Exposure', 'enum', ['Lumière', 'Light'], { options: EXPOSURE_OPTIONS }),
  field('supplierEmail', 'E-mail du pépiniériste', 'Supplier email', 'email', ['E-mail', 'Email', 'Courriel']),
  field('plantedOn', 'Planté le', 'Planted on', 'date', ['Date de plantation', 'Planting date']),
  field('code', 'Code', 'Code', 'text', ['Référence', 'SKU']),
  field('notes', 'Notes', 'Notes', 'text', ['Remarques', 'Comment', 'Commentaires']),
];

function cell<T>(read: (value: string) => Coerced<T>, required = false) {
  return z
    .string()
    .nullish()
    .transform((raw, ctx): T | null => {
      const value = raw?.trim() ?? '';
      if (value === '' && !required) return null;
      const r: Coerced<T> =
        value === '' ? { ok: false, code: 'import.required', message: 'This field is required' } : read(value);
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: r.message, params: { code: r.code } });
      return z.NEVER;
    });
}

const text = (value: string): Coerced<string> => ({ ok: true, value });

export const plantImportSchema = z.object({
  name: cell(text, true),
  species: cell(text),
  colours: cell((v) => ({ ok: true, value: splitList(v) })),
  height: cell(coerceDecimal),
  perennial: cell(coerceBoolean),
  exposure: cell((v) => matchEnum(v, EXPOSURE_OPTIONS)),
  supplierEmail: cell(coerceEmail),
  plantedOn: cell((v): Coerced<string> => {
    const iso = parseDate(v);
    return iso ? { ok: true, value: iso } : { ok: false, code: 'import.invalid_date', message: `"${v}" is not a date` };
  }),
  // a plain Zod check, without a code of its own: mapRow reports it as `import.invalid`
  code: z.string().max(6).nullish(),
  notes: cell(text),
});

export type PlantImport = z.output<typeof plantImportSchema>;

export const PLANTS: FieldCatalogue<PlantImport> = { name: 'plants', fields: PLANT_FIELDS, schema: plantImportSchema };

/** Every spelling of a plant field: what a plant list's header row looks like. */
export const PLANT_HEADER_NAMES: string[] = PLANT_FIELDS.flatMap((f) => f.synonyms);
