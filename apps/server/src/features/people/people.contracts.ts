import { LEGAL_BASES, LINK_ROLES, SOURCES } from '@crm/contracts';
import { z } from 'zod';
import { expandedFields, expandParam } from '../../platform/http/expand.ts';
import { countryCode, emailAddress, timeZoneName, webUrl } from '../../platform/http/fields.ts';
import { boolQuery, dateQuery, listQueryBase, listResponse, multi } from '../../platform/http/list.ts';

const isoAlpha2 = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'ISO 3166-1 alpha-2 code')
  .transform((s) => s.toUpperCase());

export const PersonSchema = z
  .object({
    id: z.uuid(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable(),
    personalEmail: z.string().nullable(),
    phone: z.string().nullable(),
    mobile: z.string().nullable(),
    jobTitle: z.string().nullable(),
    language: z.string(),
    countryCode: z.string(),
    timeZone: z.string().nullable().describe('IANA time zone; null: the country’s'),
    linkedinUrl: z.string().nullable(),
    linkedinHeadline: z.string().nullable(),
    linkedinConnectedOn: z.string().nullable().describe('Date of the LinkedIn connection (YYYY-MM-DD)'),
    notes: z.string().nullable(),
    isActive: z.boolean(),
    marketingOptOut: z.boolean(),
    recordingOptOut: z.boolean(),
    source: z.enum(SOURCES).nullable(),
    ownerId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    consent: z.boolean(),
    consentAt: z.date().nullable(),
    legalBasis: z.enum(LEGAL_BASES),
    dataSource: z.string().nullable(),
    anonymisedAt: z.date().nullable(),
    anonymisationReason: z.string().nullable().describe('Why the person was anonymised (null until then)'),
    lastActivityAt: z.date().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    deletedAt: z.date().nullable(),
  })
  .meta({ id: 'Person' });
export type PersonDto = z.infer<typeof PersonSchema>;

const editable = {
  firstName: z.string().trim().min(1).max(120),
  lastName: z.string().trim().min(1).max(120),
  email: emailAddress().nullable(),
  personalEmail: emailAddress().nullable(),
  phone: z.string().trim().max(40).nullable(),
  mobile: z.string().trim().max(40).nullable(),
  jobTitle: z.string().trim().max(200).nullable(),
  language: isoAlpha2,
  countryCode: countryCode(),
  timeZone: timeZoneName().nullable(),
  linkedinUrl: webUrl(300).nullable(),
  linkedinHeadline: z.string().trim().max(300).nullable(),
  linkedinConnectedOn: z.iso.date().nullable(),
  notes: z.string().max(20_000).nullable(),
  isActive: z.boolean(),
  marketingOptOut: z.boolean(),
  recordingOptOut: z.boolean(),
  source: z.enum(SOURCES).nullable(),
  ownerId: z.uuid(),
  consent: z.boolean(),
  legalBasis: z.enum(LEGAL_BASES),
  dataSource: z.string().trim().max(300).nullable(),
};

export const CreatePersonSchema = z
  .object({
    ...editable,
    force: z.boolean().optional().describe('Create even when a person with the same name exists'),
    organisationId: z.uuid().optional().describe('Link the new person to this organisation at once'),
    role: z.enum(LINK_ROLES).optional().describe('Role of that link (default contact_secondaire)'),
  })
  .partial()
  .required({ firstName: true, lastName: true });
export type CreatePersonInput = z.infer<typeof CreatePersonSchema>;

/**
 * `PUT /people/upsert`: a create body whose work e-mail is required, the match key (docs/DOMAIN.md, "Upsert").
 */
export const UpsertPersonSchema = CreatePersonSchema.extend({
  email: emailAddress().describe(
    'The match key: a live contact the caller may see with this work e-mail (any case) is updated, else one is created',
  ),
}).meta({ id: 'UpsertPerson' });
export type UpsertPersonInput = z.infer<typeof UpsertPersonSchema>;

export const UpsertPersonResultSchema = z
  .object({
    created: z.boolean().describe('true: no contact matched and one was created (201); false: the match was updated'),
    person: PersonSchema,
  })
  .meta({ id: 'PersonUpsertResult' });

export const UpdatePersonSchema = z.object(editable).partial().strict();
export type UpdatePersonInput = z.infer<typeof UpdatePersonSchema>;

export const PersonListQuery = listQueryBase.extend({
  language: multi(isoAlpha2).optional(),
  countryCode: multi(countryCode()).optional(),
  source: multi(z.enum(SOURCES)).optional(),
  ownerId: multi(z.uuid()).optional(),
  teamId: multi(z.uuid()).optional(),
  isActive: boolQuery.optional(),
  marketingOptOut: boolQuery.optional(),
  organisationId: z.uuid().optional().describe('People linked to this organisation'),
  email: z
    .string()
    .trim()
    .min(3)
    .max(320)
    .optional()
    .describe('Exact e-mail (work or personal), case-insensitive: the lookup of integrations (find or create)'),
  role: multi(z.enum(LINK_ROLES)).optional().describe('People with a link of one of these roles'),
  createdFrom: dateQuery.optional(),
  createdTo: dateQuery.optional(),
  updatedFrom: dateQuery.optional(),
  updatedTo: dateQuery.optional(),
  lastActivityFrom: dateQuery
    .optional()
    .describe('Last activity (interaction) at or after; people without any are left out'),
  lastActivityTo: dateQuery
    .optional()
    .describe('Last activity (interaction) at or before; people without any are left out'),
  inactiveDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe('No activity for this many days (1-3650), people without any activity included'),
});
export type PersonListFilter = z.infer<typeof PersonListQuery>;

export const PersonListSchema = listResponse(PersonSchema);

/** The query of `GET /people`: the list's filters plus `expand` (not an export's nor a saved view's parameter). */
export const PersonListRouteQuery = PersonListQuery.extend({ expand: expandParam(['organisation', 'owner']) });
/** A page of `GET /people`: items with the expanded relations when asked for. */
export const PersonPageSchema = listResponse(
  PersonSchema.extend({ organisation: expandedFields.organisation, owner: expandedFields.owner }).meta({
    id: 'PersonListItem',
  }),
);

export const PersonCandidateSchema = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
});
export type PersonCandidate = z.infer<typeof PersonCandidateSchema>;

// --- person <-> organisation links -------------------------------------------------------------

export const PersonOrganisationSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    organisationId: z.uuid(),
    organisationName: z.string(),
    role: z.enum(LINK_ROLES),
    isPrimary: z.boolean(),
    jobTitle: z.string().nullable(),
    workEmail: z.string().nullable(),
    workPhone: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'PersonOrganisation' });
export type PersonOrganisationDto = z.infer<typeof PersonOrganisationSchema>;

const linkEditable = {
  role: z.enum(LINK_ROLES),
  isPrimary: z.boolean(),
  jobTitle: z.string().trim().max(200).nullable(),
  workEmail: emailAddress().nullable(),
  workPhone: z.string().trim().max(40).nullable(),
};
export const CreateLinkSchema = z
  .object({ organisationId: z.uuid(), ...linkEditable })
  .partial()
  .required({
    organisationId: true,
  });
export type CreateLinkInput = z.infer<typeof CreateLinkSchema>;
export const UpdateLinkSchema = z.object(linkEditable).partial().strict();
export type UpdateLinkInput = z.infer<typeof UpdateLinkSchema>;
export const linkParams = z.object({ id: z.uuid(), linkId: z.uuid() });

export const OrganisationPersonSchema = PersonSchema.extend({
  link: PersonOrganisationSchema.omit({ organisationName: true }),
}).meta({ id: 'OrganisationPerson' });
export const OrganisationPeopleListSchema = listResponse(OrganisationPersonSchema);
export const OrganisationPeopleQuery = PersonListQuery.omit({ organisationId: true });

// --- merge and RGPD ---------------------------------------------------------------------------

export const MergePersonSchema = z.object({
  duplicateId: z.uuid().describe('The record merged into :id, then deleted'),
});
export const MergeResultSchema = z
  .object({
    person: PersonSchema,
    moved: z.record(z.string(), z.number().int()),
    filledFields: z.array(z.string()),
  })
  .meta({ id: 'PersonMergeResult' });

export const ANONYMISATION_REASON_MAX = 500;
export const AnonymisePersonSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(3)
    .max(ANONYMISATION_REASON_MAX)
    .describe('Why the person is anonymised (the request, its date): stored on the person and in the audit trail'),
});
export const AnonymisationResultSchema = z
  .object({
    person: PersonSchema,
    reason: z.string(),
    erased: z
      .record(z.string(), z.number().int())
      .describe('How many records of each place had the person’s values replaced (see docs/DOMAIN.md)'),
  })
  .meta({ id: 'PersonAnonymisation' });
export type AnonymisationResult = z.infer<typeof AnonymisationResultSchema>;

const row = z.record(z.string(), z.unknown());
export const RgpdExportSchema = z
  .object({
    exportedAt: z.date(),
    complete: z.boolean().describe('False when related records outside the caller’s scope were left out'),
    person: PersonSchema,
    organisations: z.array(PersonOrganisationSchema),
    interactions: z.array(row),
    tasks: z.array(row),
    notes: z.array(row),
    attachments: z.array(row),
    mandats: z.array(row),
    audit: z.array(row),
    dataAccess: z.array(row),
    places: z
      .record(z.string(), z.array(z.string()))
      .nullable()
      .describe(
        'Every place holding the person’s values (names, e-mails, phones), with the ids of its records: what an ' +
          'anonymisation replaces. Admins only (it crosses row scope); null in a manager’s export',
      ),
  })
  .meta({ id: 'PersonRgpdExport' });
export type RgpdExport = z.infer<typeof RgpdExportSchema>;
