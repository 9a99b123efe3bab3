import { z } from 'zod';
import { DIRECTIONS, INTERACTION_TYPES, LOST_REASON_CODES, MANDAT_STAGES, TASK_STATUSES } from './domain.ts';
import type { EventType } from './events.ts';

/**
 * The payload (`data` of a webhook body) of every event type of the catalogue (events.ts). The server's `emit()` takes
 * `EventPayload<T>` for its type, so a payload that drifts from this file does not compile, and outside production
 * each emitted payload is also parsed with its schema (a test that emits catches what a cast hid).
 *
 * Conventions (docs/DOMAIN.md, "Events"): the record sits under one key named after its family, exactly as the API
 * returns it (`GET /api/v1/<entity>/{id}`). Here a record declares only the fields the event's consumers rely on
 * (its id, its owner and team for the visibility checks, the fields notifications show); the others pass through
 * unchecked: the API's own schemas (apps/server, `*.contracts.ts`) describe them in full. Dates are `Date` objects
 * while the server holds the payload and ISO strings on the wire, so no date field is declared.
 *
 * The payload objects themselves are strict, so the server cannot emit a key this catalogue does not list (refused
 * by tsc in an object literal, and by the parse outside production). A type only ever gains payload fields: a
 * receiver should parse with `.loose()` (or ignore unknown keys).
 */

const id = z.uuid();
const ownership = { ownerId: id.nullable(), teamId: id.nullable() };

/** A contact (`GET /api/v1/people/{id}`). */
export const PersonRecordSchema = z.looseObject({ id, firstName: z.string(), lastName: z.string(), ...ownership });
/** An organisation (`GET /api/v1/organisations/{id}`). */
export const OrganisationRecordSchema = z.looseObject({ id, name: z.string(), ...ownership });
/** A mandate, the "deal" of the events (`GET /api/v1/mandats/{id}`). */
export const MandatRecordSchema = z.looseObject({
  id,
  title: z.string(),
  organisationId: id,
  stage: z.enum(MANDAT_STAGES),
  ...ownership,
});
/** A fund of the shared catalogue (`GET /api/v1/produits/{id}`): no owner, everyone sees it. */
export const ProductRecordSchema = z.looseObject({ id, name: z.string(), isin: z.string() });
/** An interaction with its participants (`GET /api/v1/interactions/{id}`). */
export const InteractionRecordSchema = z.looseObject({
  id,
  type: z.enum(INTERACTION_TYPES),
  title: z.string(),
  organisationId: id.nullable(),
  personId: id.nullable(),
  participants: z.array(z.looseObject({ personId: id, role: z.string().nullable(), present: z.boolean() })),
  ...ownership,
});
/** A task (`GET /api/v1/tasks/{id}`): its assignee sees it too. */
export const TaskRecordSchema = z.looseObject({
  id,
  title: z.string(),
  status: z.enum(TASK_STATUSES),
  assigneeId: id.nullable(),
  createdBy: id.nullable(),
  ...ownership,
});

export type PersonRecord = z.infer<typeof PersonRecordSchema>;
export type OrganisationRecord = z.infer<typeof OrganisationRecordSchema>;
export type MandatRecord = z.infer<typeof MandatRecordSchema>;
export type ProductRecord = z.infer<typeof ProductRecordSchema>;
export type InteractionRecord = z.infer<typeof InteractionRecordSchema>;
export type TaskRecord = z.infer<typeof TaskRecordSchema>;

/**
 * What an update adds to its record: `changes`, the names of the changed fields (or what changed otherwise:
 * `organisations` for a link, `produits` for a fund, `merge`, `anonymisedAt`), and `previous`, what the changed
 * fields held before. `previous` is absent after a link, a fund, a merge (its emitters give none) and an
 * anonymisation (the erased values must not travel).
 */
const update = { changes: z.array(z.string()), previous: z.record(z.string(), z.unknown()).optional() };

const person = { person: PersonRecordSchema };
const organisation = { organisation: OrganisationRecordSchema };
const mandat = { mandat: MandatRecordSchema };
const product = { product: ProductRecordSchema };
const interaction = { interaction: InteractionRecordSchema };
const task = { task: TaskRecordSchema };

/** Marks the provisional shape of a type nothing produces yet: it may change until its feature ships. */
const planned = <S extends z.ZodObject>(schema: S, description: string) =>
  schema.describe(`Provisional (planned, not produced yet): ${description}`);

/**
 * A campaign's e-mail to one contact (`GET /api/v1/email-events` lists the same object under each event): the send's
 * id, its Message-ID, the campaign, step (1 first) and A/B variant it belongs to, its subject, the contact and the
 * address it went to. `ownerId` and `teamId` are the contact's: whoever may see the contact sees its e-mails.
 */
export const EmailRecordSchema = z.looseObject({
  id,
  messageId: z.string().nullable(),
  campaignId: id,
  campaignName: z.string(),
  stepId: id,
  step: z.number().int().min(1),
  variant: z.string().nullable(),
  subject: z.string().nullable(),
  personId: id,
  address: z.string(),
  ...ownership,
});
export type EmailRecord = z.infer<typeof EmailRecordSchema>;
/** Every e-mail event names the stored event (`emailEventId`, the id `GET /email-events` gives it) beside the e-mail. */
const email = { email: EmailRecordSchema, emailEventId: id };
/** Where an unsubscription came from: the mail client's one-click, the unsubscribe page, the preference centre. */
export const UNSUBSCRIBE_SOURCES = ['one_click', 'unsubscribe_page', 'preference_centre'] as const;
/** Where a bounce or a complaint was learnt: a delivery report, the mail provider's webhook, the SMTP refusal. */
export const DELIVERY_FAILURE_SOURCES = ['dsn', 'provider_webhook', 'smtp'] as const;

export const EVENT_PAYLOAD_SCHEMAS = {
  'contact.created': z.strictObject(person),
  'contact.updated': z.strictObject({ ...person, ...update }),
  /** `mergedInto`: the id of the contact a merged duplicate went into. */
  'contact.deleted': z.strictObject({ ...person, mergedInto: id.optional() }),
  'contact.restored': z.strictObject(person),

  'organisation.created': z.strictObject(organisation),
  'organisation.updated': z.strictObject({ ...organisation, ...update }),
  /** `mergedInto`: the id of the organisation a merged duplicate went into. */
  'organisation.deleted': z.strictObject({ ...organisation, mergedInto: id.optional() }),
  'organisation.restored': z.strictObject(organisation),

  'deal.created': z.strictObject(mandat),
  'deal.updated': z.strictObject({ ...mandat, ...update }),
  'deal.stage_changed': z.strictObject({ ...mandat, from: z.enum(MANDAT_STAGES), to: z.enum(MANDAT_STAGES) }),
  'deal.won': z.strictObject(mandat),
  /**
   * `lostReasonCode`: why (domain.ts `LOST_REASON_CODES`); `lostReason`: the detail given, else the French name of the
   * code, so never empty, as it was before the codes (the detail alone, or null, is the mandate's own `lostReason`).
   */
  'deal.lost': z.strictObject({ ...mandat, lostReasonCode: z.enum(LOST_REASON_CODES), lostReason: z.string().min(1) }),
  'deal.deleted': z.strictObject(mandat),
  'deal.restored': z.strictObject(mandat),

  'product.created': z.strictObject(product),
  'product.updated': z.strictObject({ ...product, ...update }),
  'product.deleted': z.strictObject(product),
  'product.restored': z.strictObject(product),

  'interaction.created': z.strictObject(interaction),
  'interaction.updated': z.strictObject({ ...interaction, ...update }),
  'interaction.deleted': z.strictObject(interaction),
  'interaction.restored': z.strictObject(interaction),

  'task.created': z.strictObject(task),
  'task.updated': z.strictObject({ ...task, ...update }),
  'task.assigned': z.strictObject(task),
  'task.completed': z.strictObject(task),
  'task.due': z.strictObject(task),
  'task.deleted': z.strictObject(task),
  'task.restored': z.strictObject(task),

  /** Handed to the outbox (the e-mail's `sentAt`) in the transaction that planned it; it leaves with the mail queue. */
  'email.sent': z.strictObject(email),
  /** Accepted by the mail server (the SMTP answer, as it came). */
  'email.delivered': z.strictObject({ ...email, response: z.string().nullable() }),
  /** Opened by a person (opens made by machines, privacy proxies or scanners, are stored but not emitted). */
  'email.opened': z.strictObject({ ...email, openCount: z.number().int().min(1) }),
  /** A link clicked by a person: its URL as written in the mail, and how many clicks this e-mail has had. */
  'email.clicked': z.strictObject({ ...email, url: z.string(), clickCount: z.number().int().min(1) }),
  /** Refused for good (`hard`: the address is suppressed) or for now (`soft`), with the server's status and reason. */
  'email.bounced': z.strictObject({
    ...email,
    bounceType: z.enum(['hard', 'soft']),
    status: z.string().nullable(),
    reason: z.string().nullable(),
    source: z.enum(DELIVERY_FAILURE_SOURCES),
  }),
  /** Reported as spam by the recipient (the address is suppressed). */
  'email.complained': z.strictObject({ ...email, source: z.enum(DELIVERY_FAILURE_SOURCES) }),
  /** The recipient unsubscribed from everything through this e-mail's links. */
  'email.unsubscribed': z.strictObject({ ...email, source: z.enum(UNSUBSCRIBE_SOURCES) }),
  'call.completed': planned(
    z.strictObject({
      call: z.looseObject({
        id,
        personId: id.nullable(),
        organisationId: id.nullable(),
        direction: z.enum(DIRECTIONS),
        durationSeconds: z.number().int().nullable(),
        ...ownership,
      }),
      interaction: InteractionRecordSchema.optional(),
    }),
    'the call, and the interaction that logs it',
  ),
  'meeting.scheduled': planned(
    z.strictObject({
      meeting: z.looseObject({
        id,
        title: z.string(),
        startsAt: z.string(),
        endsAt: z.string().nullable(),
        personIds: z.array(id),
        organisationId: id.nullable(),
        ...ownership,
      }),
    }),
    'the meeting (its times ISO 8601) with the contacts invited',
  ),
  'lead.score_changed': planned(
    z.strictObject({ ...person, score: z.number(), previousScore: z.number().nullable() }),
    'the contact, its new score and the one before (null for the first)',
  ),
} satisfies Record<EventType, z.ZodType>;

/** The payload of an event of type `T`. */
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_PAYLOAD_SCHEMAS)[T]>;

/** The top-level keys of a type's payload, `?` after the optional ones (docs/WEBHOOKS.md lists them). */
export function payloadKeys(type: EventType): string[] {
  const shape = EVENT_PAYLOAD_SCHEMAS[type].shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([key, schema]) => (schema.safeParse(undefined).success ? `${key}?` : key));
}
