/**
 * The catalogue of domain events (docs/DOMAIN.md, "Events") that webhooks, workflows and notifications subscribe to,
 * grouped by the record they are about. A type only ever gains payload fields; a breaking change is a new type
 * (`deal.won.v2`). The planned types are accepted in subscriptions but nothing produces them yet (their chapters:
 * telephony, calendar, scoring).
 */
export const EVENT_GROUPS = {
  contact: ['contact.created', 'contact.updated', 'contact.deleted', 'contact.restored'],
  organisation: ['organisation.created', 'organisation.updated', 'organisation.deleted', 'organisation.restored'],
  deal: [
    'deal.created',
    'deal.updated',
    'deal.stage_changed',
    'deal.won',
    'deal.lost',
    'deal.deleted',
    'deal.restored',
  ],
  product: ['product.created', 'product.updated', 'product.deleted', 'product.restored'],
  interaction: ['interaction.created', 'interaction.updated', 'interaction.deleted', 'interaction.restored'],
  task: [
    'task.created',
    'task.updated',
    'task.assigned',
    'task.completed',
    'task.due',
    'task.deleted',
    'task.restored',
  ],
  email: [
    'email.sent',
    'email.delivered',
    'email.opened',
    'email.clicked',
    'email.bounced',
    'email.complained',
    'email.unsubscribed',
  ],
  call: ['call.completed'],
  meeting: ['meeting.scheduled'],
  lead: ['lead.score_changed'],
} as const;

export type EventGroup = keyof typeof EVENT_GROUPS;
export type EventType = (typeof EVENT_GROUPS)[EventGroup][number];

export const EVENT_TYPES = Object.values(EVENT_GROUPS).flat() as EventType[];

/** The groups whose events nothing produces yet. */
export const PLANNED_EVENT_GROUPS = ['call', 'meeting', 'lead'] as const satisfies readonly EventGroup[];
export type PlannedEventType = (typeof EVENT_GROUPS)[(typeof PLANNED_EVENT_GROUPS)[number]][number];
/** The types a real action produces today. */
export type ProducedEventType = Exclude<EventType, PlannedEventType>;

export const PLANNED_EVENT_TYPES = PLANNED_EVENT_GROUPS.flatMap((g) => EVENT_GROUPS[g]) as PlannedEventType[];
export const PRODUCED_EVENT_TYPES = EVENT_TYPES.filter(
  (t) => !(PLANNED_EVENT_TYPES as string[]).includes(t),
) as ProducedEventType[];
