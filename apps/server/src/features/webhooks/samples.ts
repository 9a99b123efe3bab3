import type {
  EmailRecord,
  EventPayload,
  InteractionRecord,
  MandatRecord,
  OrganisationRecord,
  PersonRecord,
  ProducedEventType,
  ProductRecord,
  TaskRecord,
} from '@crm/contracts';

/**
 * Example payloads of the events the CRM emits today, shaped exactly like the API's objects (a unit test checks the
 * fields against the API schemas) and typed by the catalogue's payloads (@crm/contracts, event-payloads.ts; the same
 * test parses each with its type's schema). `POST /webhooks/{id}/test` sends them, and docs/WEBHOOKS.md shows them.
 */
const OWNER = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a01';
const TEAM = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a02';
const ORG = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a10';
const PERSON = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a20';
const MANDAT = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a30';
const PRODUCT = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a40';
const TASK = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a50';
const INTERACTION = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a60';
const SEND = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a70';
const CAMPAIGN = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a71';
const STEP = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a72';
const EMAIL_EVENT = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a73';
const AT = '2026-11-24T09:30:00.000Z';

const rgpd = { consent: true, consentAt: AT, legalBasis: 'interet_legitime', dataSource: 'salon', anonymisedAt: null };
const stamps = { createdAt: AT, updatedAt: AT, deletedAt: null };

export const SAMPLE_OBJECTS = {
  person: {
    id: PERSON,
    firstName: 'Hélène',
    lastName: 'Martin',
    email: 'helene.martin@patrimoine-conseil.example',
    personalEmail: null,
    phone: '+33 1 42 68 53 00',
    mobile: '+33 6 12 34 56 78',
    jobTitle: 'Directrice des investissements',
    language: 'fr',
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
  } satisfies PersonRecord,
  organisation: {
    id: ORG,
    name: 'Patrimoine Conseil',
    type: 'client',
    category: 'CGPI',
    email: 'contact@patrimoine-conseil.example',
    phone: '+33 1 42 68 53 00',
    website: 'https://patrimoine-conseil.example',
    amfLicence: null,
    address: '12 rue de la Paix',
    postalCode: '75002',
    city: 'Paris',
    countryCode: 'FR',
    language: 'fr',
    aum: '250000000.00',
    aumDate: '2026-06-30',
    strategies: ['actions europe'],
    tags: ['prioritaire'],
    tier: 1,
    notes: null,
    isActive: true,
    marketingOptOut: false,
    source: 'salon',
    ownerId: OWNER,
    teamId: TEAM,
    ...rgpd,
    ...stamps,
  } satisfies OrganisationRecord,
  mandat: {
    id: MANDAT,
    kind: 'distribution',
    title: 'Distribution fonds Actions Europe',
    organisationId: ORG,
    primaryContactId: PERSON,
    stage: 'gagne',
    amount: '1250000.00',
    currency: 'EUR',
    probability: 100,
    expectedCloseDate: '2026-12-15',
    closedAt: AT,
    lostReasonCode: null,
    lostReason: null,
    source: 'recommandation',
    mandateNumber: 'M-2026-0042',
    signedAt: '2026-11-24',
    startDate: '2027-01-01',
    endDate: '2029-12-31',
    commissionRate: '0.0075',
    contractStatus: 'a_venir',
    ownerId: OWNER,
    teamId: TEAM,
    ...stamps,
  } satisfies MandatRecord,
  product: {
    id: PRODUCT,
    name: 'Actions Europe ISR',
    isin: 'FR0010315770',
    type: 'FCP',
    assetClass: 'Actions',
    category: 'Europe',
    sriRisk: 4,
    sfdrArticle: 8,
    currency: 'EUR',
    managementCompanyId: ORG,
    status: 'actif',
    createdBy: OWNER,
    ...stamps,
  } satisfies ProductRecord,
  task: {
    id: TASK,
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
  } satisfies TaskRecord,
  interaction: {
    id: INTERACTION,
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
    externalSource: null,
    externalId: null,
    createdBy: OWNER,
    ownerId: OWNER,
    teamId: TEAM,
    ...stamps,
  } satisfies InteractionRecord,
  email: {
    id: SEND,
    messageId: '<0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a74@crm.example>',
    campaignId: CAMPAIGN,
    campaignName: 'Lancement Atlas Obligations 2031',
    stepId: STEP,
    step: 1,
    variant: null,
    subject: 'Hélène, découvrez notre nouveau fonds obligataire',
    personId: PERSON,
    address: 'helene.martin@patrimoine-conseil.example',
    ownerId: OWNER,
    teamId: TEAM,
    sentAt: AT,
  } satisfies EmailRecord,
};

const deleted = <T extends Record<string, unknown>>(o: T) => ({ ...o, deletedAt: AT });
const openTask = { ...SAMPLE_OBJECTS.task, status: 'todo' as const, completedAt: null };

/**
 * The payload of each event type the CRM emits today: every produced type of the catalogue (@crm/contracts), each of
 * its type's shape.
 */
const PAYLOADS = {
  'contact.created': () => ({ person: SAMPLE_OBJECTS.person }),
  'contact.updated': () => ({
    person: SAMPLE_OBJECTS.person,
    changes: ['jobTitle'],
    previous: { jobTitle: 'Analyste' },
  }),
  'contact.deleted': () => ({ person: deleted(SAMPLE_OBJECTS.person) }),
  'contact.restored': () => ({ person: SAMPLE_OBJECTS.person }),
  'organisation.created': () => ({ organisation: SAMPLE_OBJECTS.organisation }),
  'organisation.updated': () => ({
    organisation: SAMPLE_OBJECTS.organisation,
    changes: ['tier'],
    previous: { tier: 2 },
  }),
  'organisation.deleted': () => ({ organisation: deleted(SAMPLE_OBJECTS.organisation) }),
  'organisation.restored': () => ({ organisation: SAMPLE_OBJECTS.organisation }),
  'deal.created': () => ({
    mandat: { ...SAMPLE_OBJECTS.mandat, stage: 'lead', probability: 10, closedAt: null },
  }),
  'deal.updated': () => ({ mandat: SAMPLE_OBJECTS.mandat, changes: ['amount'], previous: { amount: '1000000.00' } }),
  'deal.stage_changed': () => ({ mandat: SAMPLE_OBJECTS.mandat, from: 'negociation', to: 'gagne' }),
  'deal.won': () => ({ mandat: SAMPLE_OBJECTS.mandat }),
  'deal.lost': () => ({
    mandat: {
      ...SAMPLE_OBJECTS.mandat,
      stage: 'perdu',
      probability: 0,
      contractStatus: null,
      lostReasonCode: 'prix',
      lostReason: 'Frais jugés trop élevés',
    },
    lostReasonCode: 'prix',
    lostReason: 'Frais jugés trop élevés',
  }),
  'deal.deleted': () => ({ mandat: deleted(SAMPLE_OBJECTS.mandat) }),
  'deal.restored': () => ({ mandat: SAMPLE_OBJECTS.mandat }),
  'product.created': () => ({ product: SAMPLE_OBJECTS.product }),
  'product.updated': () => ({
    product: SAMPLE_OBJECTS.product,
    changes: ['sfdrArticle'],
    previous: { sfdrArticle: 6 },
  }),
  'product.deleted': () => ({ product: deleted(SAMPLE_OBJECTS.product) }),
  'product.restored': () => ({ product: SAMPLE_OBJECTS.product }),
  'interaction.created': () => ({ interaction: SAMPLE_OBJECTS.interaction }),
  'interaction.updated': () => ({
    interaction: SAMPLE_OBJECTS.interaction,
    changes: ['outcome'],
    previous: { outcome: null },
  }),
  'interaction.deleted': () => ({ interaction: deleted(SAMPLE_OBJECTS.interaction) }),
  'interaction.restored': () => ({ interaction: SAMPLE_OBJECTS.interaction }),
  'task.created': () => ({ task: openTask }),
  'task.updated': () => ({ task: openTask, changes: ['priority'], previous: { priority: 'moyenne' } }),
  'task.assigned': () => ({ task: openTask }),
  'task.completed': () => ({ task: SAMPLE_OBJECTS.task }),
  'task.due': () => ({ task: { ...openTask, dueNotifiedAt: AT } }),
  'task.deleted': () => ({ task: deleted(openTask) }),
  'task.restored': () => ({ task: openTask }),
  'email.sent': () => ({ email: SAMPLE_OBJECTS.email, emailEventId: EMAIL_EVENT }),
  'email.delivered': () => ({
    email: SAMPLE_OBJECTS.email,
    emailEventId: EMAIL_EVENT,
    response: '250 2.0.0 Ok: queued as 4Xk9Lq1Zz3',
  }),
  'email.opened': () => ({ email: SAMPLE_OBJECTS.email, emailEventId: EMAIL_EVENT, openCount: 1 }),
  'email.clicked': () => ({
    email: SAMPLE_OBJECTS.email,
    emailEventId: EMAIL_EVENT,
    url: 'https://www.example.com/fonds/atlas-obligations-2031',
    clickCount: 1,
  }),
  'email.bounced': () => ({
    email: SAMPLE_OBJECTS.email,
    emailEventId: EMAIL_EVENT,
    bounceType: 'hard',
    status: '5.1.1',
    reason: 'smtp; 550 5.1.1 <helene.martin@patrimoine-conseil.example>: Recipient address rejected',
    source: 'dsn',
  }),
  'email.complained': () => ({ email: SAMPLE_OBJECTS.email, emailEventId: EMAIL_EVENT, source: 'provider_webhook' }),
  'email.unsubscribed': () => ({ email: SAMPLE_OBJECTS.email, emailEventId: EMAIL_EVENT, source: 'one_click' }),
} satisfies { [T in ProducedEventType]: () => EventPayload<T> };

/** Event types the CRM emits today (the others of the catalogue arrive with their features). */
export const EMITTED_EVENT_TYPES = Object.keys(PAYLOADS);

/** The sample payload of a produced type; null for another type. */
export function samplePayload<T extends ProducedEventType>(type: T): EventPayload<T>;
export function samplePayload(type: string): Record<string, unknown> | null;
export function samplePayload(type: string): Record<string, unknown> | null {
  return (PAYLOADS as Record<string, () => Record<string, unknown>>)[type]?.() ?? null;
}
