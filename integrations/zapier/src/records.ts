/**
 * Samples and output fields of the CRM records Zapier shows: the objects exactly as the API returns them
 * (`GET /api/v1/people/{id}`...), which is also what the webhooks carry. test/definition.test.ts checks that every
 * sample has the fields of the API schema.
 */
const OWNER = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a01';
const TEAM = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a02';
const ORG = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a10';
const PERSON = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a20';
const MANDAT = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a30';
const AT = '2026-11-24T09:30:00.000Z';
const stamps = { createdAt: AT, updatedAt: AT, deletedAt: null };
const rgpd = { consent: true, consentAt: AT, legalBasis: 'interet_legitime', dataSource: 'salon', anonymisedAt: null };

export const PERSON_SAMPLE = {
  id: PERSON,
  firstName: 'Hélène',
  lastName: 'Martin',
  email: 'helene.martin@patrimoine-conseil.example',
  personalEmail: null,
  phone: '+33 1 42 68 53 00',
  mobile: '+33 6 12 34 56 78',
  jobTitle: 'Directrice des investissements',
  language: 'FR',
  countryCode: 'FR',
  timeZone: null,
  linkedinUrl: null,
  linkedinHeadline: null,
  linkedinConnectedOn: null,
  notes: null,
  isActive: true,
  marketingOptOut: false,
  recordingOptOut: false,
  source: 'salon',
  ownerId: OWNER,
  teamId: TEAM,
  ...rgpd,
  anonymisationReason: null,
  lastActivityAt: AT,
  ...stamps,
};

export const ORGANISATION_SAMPLE = {
  id: ORG,
  name: 'Patrimoine Conseil',
  type: 'client',
  category: 'CGPI',
  email: 'contact@patrimoine-conseil.example',
  phone: '+33 1 42 68 53 00',
  website: 'https://patrimoine-conseil.example',
  address: '12 rue de la Paix',
  postalCode: '75002',
  city: 'Paris',
  countryCode: 'FR',
  language: 'FR',
  aum: '250000000.00',
  aumDate: '2026-06-30',
  strategies: ['actions europe'],
  tags: ['prioritaire'],
  tier: 1,
  amfLicence: null,
  notes: null,
  isActive: true,
  marketingOptOut: false,
  source: 'salon',
  ownerId: OWNER,
  teamId: TEAM,
  ...rgpd,
  ...stamps,
};

export const MANDAT_SAMPLE = {
  id: MANDAT,
  kind: 'distribution',
  title: 'Distribution fonds Actions Europe',
  organisationId: ORG,
  primaryContactId: PERSON,
  stage: 'lead',
  amount: '1250000.00',
  currency: 'EUR',
  probability: 10,
  expectedCloseDate: '2026-12-15',
  closedAt: null,
  lostReasonCode: null,
  lostReason: null,
  source: 'recommandation',
  mandateNumber: 'M-2026-0042',
  signedAt: null,
  startDate: null,
  endDate: null,
  commissionRate: '0.75',
  contractStatus: null,
  ownerId: OWNER,
  teamId: TEAM,
  ...stamps,
};

export const WON_MANDAT_SAMPLE = {
  ...MANDAT_SAMPLE,
  stage: 'gagne',
  probability: 100,
  closedAt: AT,
  signedAt: '2026-11-24',
  startDate: '2027-01-01',
  endDate: '2029-12-31',
  contractStatus: 'a_venir',
};

export const LOST_MANDAT_SAMPLE = {
  ...MANDAT_SAMPLE,
  stage: 'perdu',
  probability: 0,
  closedAt: AT,
  lostReasonCode: 'prix',
  lostReason: 'Frais jugés trop élevés',
};

export const TASK_SAMPLE = {
  id: '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a50',
  title: 'Relancer Hélène Martin',
  description: 'Envoyer le DICI du fonds Actions Europe',
  status: 'done',
  priority: 'haute',
  category: 'relance',
  dueAt: AT,
  completedAt: AT,
  assigneeId: OWNER,
  createdBy: OWNER,
  organisationId: ORG,
  personId: PERSON,
  mandatId: MANDAT,
  dueNotifiedAt: null,
  ownerId: OWNER,
  teamId: TEAM,
  ...stamps,
};

export const INTERACTION_SAMPLE = {
  id: '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a60',
  type: 'appel',
  title: 'Appel de suivi',
  body: 'Intéressée par la part institutionnelle.',
  occurredAt: AT,
  durationMinutes: 20,
  direction: 'sortant',
  organisationId: ORG,
  personId: PERSON,
  mandatId: MANDAT,
  outcome: 'positif',
  participants: [{ personId: PERSON, role: null, present: true }],
  externalParticipants: [],
  externalSource: 'zapier',
  externalId: 'gmail-18c2f0a4',
  createdBy: OWNER,
  ownerId: OWNER,
  teamId: TEAM,
  ...stamps,
};

/**
 * A campaign e-mail event as Zapier shows it (docs/ZAPIER_SETUP.md): the event (`id`, `type`, `at`, the link `url` of
 * a click) and its e-mail flattened beside it (`emailId`...). The webhook's `email.*` events and the polling fallback
 * (`GET /api/v1/email-events`) give the same record.
 */
export const EMAIL_EVENT_SAMPLE = {
  id: '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a73',
  type: 'opened',
  at: AT,
  url: null,
  emailId: '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a70',
  messageId: '<0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a74@crm.example>',
  campaignId: '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a71',
  campaignName: 'Lancement Atlas Obligations 2031',
  stepId: '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a72',
  step: 1,
  variant: null,
  subject: 'Hélène, découvrez notre nouveau fonds obligataire',
  personId: PERSON,
  address: 'helene.martin@patrimoine-conseil.example',
  ownerId: OWNER,
  teamId: TEAM,
  sentAt: AT,
};

type OutputField = { key: string; label: string; type?: 'string' | 'number' | 'integer' | 'boolean' | 'datetime' };

const common: OutputField[] = [
  { key: 'ownerId', label: 'Owner ID' },
  { key: 'teamId', label: 'Team ID' },
  { key: 'createdAt', label: 'Created at', type: 'datetime' },
  { key: 'updatedAt', label: 'Updated at', type: 'datetime' },
];

export const PERSON_OUTPUT_FIELDS: OutputField[] = [
  { key: 'id', label: 'Contact ID' },
  { key: 'firstName', label: 'First name' },
  { key: 'lastName', label: 'Last name' },
  { key: 'email', label: 'E-mail' },
  { key: 'personalEmail', label: 'Personal e-mail' },
  { key: 'phone', label: 'Phone' },
  { key: 'mobile', label: 'Mobile' },
  { key: 'jobTitle', label: 'Job title' },
  { key: 'language', label: 'Language' },
  { key: 'countryCode', label: 'Country code' },
  { key: 'timeZone', label: 'Time zone (IANA; empty: the country’s)' },
  { key: 'linkedinUrl', label: 'LinkedIn URL' },
  { key: 'isActive', label: 'Active', type: 'boolean' },
  { key: 'marketingOptOut', label: 'Marketing opt-out', type: 'boolean' },
  { key: 'source', label: 'Source' },
  { key: 'consent', label: 'Consent', type: 'boolean' },
  { key: 'legalBasis', label: 'Legal basis' },
  { key: 'lastActivityAt', label: 'Last activity at', type: 'datetime' },
  ...common,
];

export const ORGANISATION_OUTPUT_FIELDS: OutputField[] = [
  { key: 'id', label: 'Organisation ID' },
  { key: 'name', label: 'Name' },
  { key: 'type', label: 'Type' },
  { key: 'category', label: 'Category' },
  { key: 'email', label: 'E-mail' },
  { key: 'phone', label: 'Phone' },
  { key: 'website', label: 'Website' },
  { key: 'address', label: 'Address' },
  { key: 'postalCode', label: 'Postal code' },
  { key: 'city', label: 'City' },
  { key: 'countryCode', label: 'Country code' },
  { key: 'aum', label: 'Assets under management (EUR)' },
  { key: 'tier', label: 'Tier', type: 'integer' },
  { key: 'tags', label: 'Tags' },
  { key: 'source', label: 'Source' },
  ...common,
];

export const MANDAT_OUTPUT_FIELDS: OutputField[] = [
  { key: 'id', label: 'Deal ID' },
  { key: 'title', label: 'Title' },
  { key: 'kind', label: 'Kind (distribution or placement)' },
  { key: 'stage', label: 'Stage' },
  { key: 'organisationId', label: 'Organisation ID' },
  { key: 'primaryContactId', label: 'Primary contact ID' },
  { key: 'amount', label: 'Amount' },
  { key: 'currency', label: 'Currency' },
  { key: 'probability', label: 'Probability (%)', type: 'integer' },
  { key: 'expectedCloseDate', label: 'Expected close date' },
  { key: 'closedAt', label: 'Closed at', type: 'datetime' },
  { key: 'lostReasonCode', label: 'Lost reason (code)' },
  { key: 'lostReason', label: 'Lost reason detail' },
  { key: 'mandateNumber', label: 'Mandate number' },
  { key: 'commissionRate', label: 'Commission rate (%)' },
  { key: 'contractStatus', label: 'Contract status' },
  ...common,
];

export const TASK_OUTPUT_FIELDS: OutputField[] = [
  { key: 'id', label: 'Task ID' },
  { key: 'title', label: 'Title' },
  { key: 'description', label: 'Description' },
  { key: 'status', label: 'Status' },
  { key: 'priority', label: 'Priority' },
  { key: 'category', label: 'Category' },
  { key: 'dueAt', label: 'Due at', type: 'datetime' },
  { key: 'completedAt', label: 'Completed at', type: 'datetime' },
  { key: 'assigneeId', label: 'Assignee ID' },
  { key: 'organisationId', label: 'Organisation ID' },
  { key: 'personId', label: 'Contact ID' },
  { key: 'mandatId', label: 'Deal ID' },
  ...common,
];

export const INTERACTION_OUTPUT_FIELDS: OutputField[] = [
  { key: 'id', label: 'Interaction ID' },
  { key: 'type', label: 'Type' },
  { key: 'title', label: 'Title' },
  { key: 'body', label: 'Body' },
  { key: 'occurredAt', label: 'Occurred at', type: 'datetime' },
  { key: 'durationMinutes', label: 'Duration (minutes)', type: 'integer' },
  { key: 'direction', label: 'Direction' },
  { key: 'organisationId', label: 'Organisation ID' },
  { key: 'personId', label: 'Contact ID' },
  { key: 'mandatId', label: 'Deal ID' },
  { key: 'outcome', label: 'Outcome' },
  { key: 'externalId', label: 'External ID' },
  ...common,
];

export const EMAIL_EVENT_OUTPUT_FIELDS: OutputField[] = [
  { key: 'id', label: 'Event ID' },
  { key: 'type', label: 'Event type' },
  { key: 'at', label: 'Occurred at', type: 'datetime' },
  { key: 'url', label: 'Link clicked' },
  { key: 'emailId', label: 'E-mail ID' },
  { key: 'messageId', label: 'Message-ID' },
  { key: 'campaignId', label: 'Campaign ID' },
  { key: 'campaignName', label: 'Campaign' },
  { key: 'stepId', label: 'Step ID' },
  { key: 'step', label: 'Step', type: 'integer' },
  { key: 'variant', label: 'A/B variant' },
  { key: 'subject', label: 'Subject' },
  { key: 'personId', label: 'Contact ID' },
  { key: 'address', label: 'E-mail address' },
  { key: 'ownerId', label: 'Contact owner ID' },
  { key: 'teamId', label: 'Contact team ID' },
  { key: 'sentAt', label: 'Sent at', type: 'datetime' },
];
