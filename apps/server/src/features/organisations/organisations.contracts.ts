import { LEGAL_BASES, ORGANISATION_CATEGORIES, ORGANISATION_TYPES, SOURCES } from '@crm/contracts';
import { z } from 'zod';
import { expandedFields, expandParam } from '../../platform/http/expand.ts';
import { countryCode, decimalAmount, emailAddress, webUrl } from '../../platform/http/fields.ts';
import { boolQuery, dateQuery, listQueryBase, listResponse, multi } from '../../platform/http/list.ts';

/**
 * An AMF licence number (numéro d'agrément): `GP-` and eight digits for a portfolio management company (GP-04000048),
 * the form the AMF's register (GECO) shows; written without case or spaces, stored upper-cased with its dash.
 */
export const AMF_LICENCE = /^GP-?\d{8}$/i;
export const amfLicence = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(AMF_LICENCE, 'An AMF licence number: GP- and 8 digits (GP-04000048)'))
  .transform((s) => (s.includes('-') ? s : `GP-${s.slice(2)}`));

/** `aum` is a numeric(18,2) column. */
const money = decimalAmount({ precision: 18, scale: 2 }).describe('Decimal amount, as a number or a string');
const tagList = z.array(z.string().trim().min(1).max(60)).max(50);

export const OrganisationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(ORGANISATION_TYPES),
    category: z.enum(ORGANISATION_CATEGORIES),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    amfLicence: z.string().nullable().describe('AMF licence number (numéro d’agrément), e.g. GP-04000048'),
    address: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    countryCode: z.string(),
    language: z.string(),
    aum: z.string().nullable().describe('Assets under management (EUR), decimal string'),
    aumDate: z.string().nullable(),
    strategies: z.array(z.string()),
    tags: z.array(z.string()),
    tier: z.number().int().nullable(),
    notes: z.string().nullable(),
    isActive: z.boolean(),
    marketingOptOut: z.boolean(),
    source: z.enum(SOURCES).nullable(),
    ownerId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    consent: z.boolean(),
    consentAt: z.date().nullable(),
    legalBasis: z.enum(LEGAL_BASES),
    dataSource: z.string().nullable(),
    anonymisedAt: z.date().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    deletedAt: z.date().nullable(),
  })
  .meta({ id: 'Organisation' });
export type OrganisationDto = z.infer<typeof OrganisationSchema>;

const editable = {
  name: z.string().trim().min(1).max(200),
  type: z.enum(ORGANISATION_TYPES),
  category: z.enum(ORGANISATION_CATEGORIES),
  email: emailAddress().nullable(),
  phone: z.string().trim().max(40).nullable(),
  website: webUrl(300).nullable(),
  amfLicence: amfLicence.nullable(),
  address: z.string().trim().max(500).nullable(),
  postalCode: z.string().trim().max(20).nullable(),
  city: z.string().trim().max(120).nullable(),
  countryCode: countryCode(),
  language: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .transform((s) => s.toUpperCase()),
  aum: money.nullable(),
  aumDate: z.iso.date().nullable(),
  strategies: tagList,
  tags: tagList,
  tier: z.number().int().min(1).max(3).nullable(),
  notes: z.string().max(20_000).nullable(),
  isActive: z.boolean(),
  marketingOptOut: z.boolean(),
  source: z.enum(SOURCES).nullable(),
  ownerId: z.uuid(),
  consent: z.boolean(),
  legalBasis: z.enum(LEGAL_BASES),
  dataSource: z.string().trim().max(300).nullable(),
};

export const CreateOrganisationSchema = z
  .object({ ...editable, force: z.boolean().optional().describe('Create even when similar names exist') })
  .partial()
  .required({ name: true });
export type CreateOrganisationInput = z.infer<typeof CreateOrganisationSchema>;

/** `PUT /organisations/upsert`: a create body, matched on its normalised name (docs/DOMAIN.md, "Upsert"). */
export const UpsertOrganisationSchema = CreateOrganisationSchema.meta({ id: 'UpsertOrganisation' });
export type UpsertOrganisationInput = z.infer<typeof UpsertOrganisationSchema>;

export const UpsertOrganisationResultSchema = z
  .object({
    created: z.boolean().describe('true: nothing matched and the organisation was created (201); false: updated'),
    organisation: OrganisationSchema,
  })
  .meta({ id: 'OrganisationUpsertResult' });

export const UpdateOrganisationSchema = z.object(editable).partial().strict();
export type UpdateOrganisationInput = z.infer<typeof UpdateOrganisationSchema>;

/** A bound of the encours filter: a non-negative amount in EUR (`?aumMin=100000000`). */
const aumBound = z.coerce.number().finite().min(0).max(1e16);

export const OrganisationListQuery = listQueryBase.extend({
  type: multi(z.enum(ORGANISATION_TYPES)).optional(),
  category: multi(z.enum(ORGANISATION_CATEGORIES)).optional(),
  source: multi(z.enum(SOURCES)).optional(),
  tier: multi(z.coerce.number().int().min(1).max(3)).optional(),
  countryCode: multi(countryCode()).optional(),
  city: z.string().trim().min(1).max(120).optional().describe('Cities containing this text, case and accents ignored'),
  tags: multi(z.string().trim().min(1).max(60))
    .optional()
    .describe('Records having all these tags (comma-separated), case and accents ignored'),
  aumMin: aumBound
    .optional()
    .describe('Encours (AUM, EUR) at least this amount; organisations without one are left out'),
  aumMax: aumBound
    .optional()
    .describe('Encours (AUM, EUR) at most this amount; organisations without one are left out'),
  ownerId: multi(z.uuid()).optional(),
  teamId: multi(z.uuid()).optional(),
  isActive: boolQuery.optional(),
  createdFrom: dateQuery.optional(),
  createdTo: dateQuery.optional(),
  updatedFrom: dateQuery.optional(),
  updatedTo: dateQuery.optional(),
});
export type OrganisationListFilter = z.infer<typeof OrganisationListQuery>;

export const OrganisationListSchema = listResponse(OrganisationSchema);

/** The query of `GET /organisations`: the list's filters plus `expand` (not an export's nor a saved view's parameter). */
export const OrganisationListRouteQuery = OrganisationListQuery.extend({ expand: expandParam(['owner']) });
/** A page of `GET /organisations`: items with the expanded relations when asked for. */
export const OrganisationPageSchema = listResponse(
  OrganisationSchema.extend({ owner: expandedFields.owner }).meta({ id: 'OrganisationListItem' }),
);

export const DuplicateCandidatesSchema = z.object({
  candidates: z.array(
    z.object({ id: z.uuid(), name: z.string(), city: z.string().nullable(), similarity: z.number() }),
  ),
});
