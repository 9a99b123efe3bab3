import { z } from 'zod';
import {
  type Coerced,
  coerceBoolean,
  coerceDecimal,
  coerceEmail,
  coerceInteger,
  coercePhone,
  coerceUrl,
  matchEnum,
  splitList,
} from '../../platform/tabular/coerce.ts';
import { parseDate } from '../../platform/tabular/coerce-date.ts';
import { countryCodeOf } from '../../platform/tabular/countries.ts';
import type { EnumOption } from '../../platform/tabular/enum-options.ts';
import {
  LINK_ROLE_OPTIONS,
  ORGANISATION_CATEGORY_OPTIONS,
  ORGANISATION_TYPE_OPTIONS,
  SOURCE_OPTIONS,
} from '../../platform/tabular/enum-options.ts';
import { amfLicence as amfLicenceSchema } from '../organisations/organisations.contracts.ts';

/**
 * The import shape of each target: one Zod schema per target whose input is the mapped cells (strings,
 * missing or empty) and whose output is typed values. Cells are trimmed; empty means null. Failures carry a
 * stable code in `issue.params.code` (`import.required`, `import.invalid_email`, ...).
 */
type Reader<T> = (value: string) => Coerced<T>;

function issue(ctx: z.RefinementCtx, code: string, message: string) {
  ctx.addIssue({ code: 'custom', message, params: { code } });
}

function optional<T>(read: Reader<T>) {
  return z
    .string()
    .nullish()
    .transform((raw, ctx): T | null => {
      const value = raw?.trim() ?? '';
      if (value === '') return null;
      const r = read(value);
      if (r.ok) return r.value;
      issue(ctx, r.code, r.message);
      return z.NEVER;
    });
}

function required<T>(read: Reader<T>) {
  return z
    .string()
    .nullish()
    .transform((raw, ctx): T => {
      const value = raw?.trim() ?? '';
      if (value === '') {
        issue(ctx, 'import.required', 'This field is required');
        return z.NEVER;
      }
      const r = read(value);
      if (r.ok) return r.value;
      issue(ctx, r.code, r.message);
      return z.NEVER;
    });
}

const text =
  (max = 500): Reader<string> =>
  (v) =>
    v.length <= max
      ? { ok: true, value: v }
      : { ok: false, code: 'import.too_long', message: `Longer than ${max} characters` };

const country: Reader<string> = (v) => {
  const code = countryCodeOf(v);
  return code
    ? { ok: true, value: code }
    : { ok: false, code: 'import.unknown_country', message: `"${v}" is not a known country` };
};

const date: Reader<string> = (v) => {
  const iso = parseDate(v);
  return iso
    ? { ok: true, value: iso }
    : { ok: false, code: 'import.invalid_date', message: `"${v}" is not a date (expected DD/MM/YYYY or YYYY-MM-DD)` };
};

/** The organisations contract's AMF licence check (GP- and eight digits), with the import's own code. */
const amfLicence: Reader<string> = (v) => {
  const r = amfLicenceSchema.safeParse(v);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, code: 'import.invalid_amf_licence', message: `"${v}" is not an AMF licence number (GP-04000048)` };
};

const list: Reader<string[]> = (v) => ({ ok: true, value: splitList(v) });

const oneOf =
  <V extends string>(options: readonly EnumOption<V>[]): Reader<V> =>
  (v) =>
    matchEnum(v, options);

const tier: Reader<number> = (v) => {
  const r = coerceInteger(v);
  if (!r.ok) return r;
  return r.value >= 1 && r.value <= 3 ? r : { ok: false, code: 'import.invalid_tier', message: 'Tier is 1, 2 or 3' };
};

const NOTES_MAX = 20_000;

export const organisationImportSchema = z.object({
  name: required(text(300)),
  type: optional(oneOf(ORGANISATION_TYPE_OPTIONS)),
  category: optional(oneOf(ORGANISATION_CATEGORY_OPTIONS)),
  email: optional(coerceEmail),
  phone: optional(coercePhone),
  website: optional(coerceUrl),
  amfLicence: optional(amfLicence),
  address: optional(text()),
  postalCode: optional(text(20)),
  city: optional(text(200)),
  countryCode: optional(country),
  aum: optional(coerceDecimal),
  aumDate: optional(date),
  tier: optional(tier),
  tags: optional(list),
  strategies: optional(list),
  notes: optional(text(NOTES_MAX)),
  source: optional(oneOf(SOURCE_OPTIONS)),
});

export const personImportSchema = z.object({
  firstName: required(text(200)),
  lastName: required(text(200)),
  email: optional(coerceEmail),
  personalEmail: optional(coerceEmail),
  phone: optional(coercePhone),
  mobile: optional(coercePhone),
  jobTitle: optional(text(300)),
  organisationName: optional(text(300)),
  linkedinUrl: optional(coerceUrl),
  city: optional(text(200)),
  countryCode: optional(country),
  notes: optional(text(NOTES_MAX)),
  tags: optional(list),
  source: optional(oneOf(SOURCE_OPTIONS)),
  connectedOn: optional(date),
});

export const linkImportSchema = z.object({
  personEmail: required(coerceEmail),
  organisationName: required(text(300)),
  role: optional(oneOf(LINK_ROLE_OPTIONS)),
  isPrimary: optional(coerceBoolean),
  jobTitle: optional(text(300)),
});

export const IMPORT_SCHEMAS = {
  organisations: organisationImportSchema,
  people: personImportSchema,
  links: linkImportSchema,
} as const;

export type OrganisationImport = z.output<typeof organisationImportSchema>;
export type PersonImport = z.output<typeof personImportSchema>;
export type LinkImport = z.output<typeof linkImportSchema>;
export interface ImportValueOf {
  organisations: OrganisationImport;
  people: PersonImport;
  links: LinkImport;
}
