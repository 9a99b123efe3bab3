/**
 * The catalogue of domain events (DOMAIN.md) that webhooks, workflows and notifications subscribe to, grouped by
 * the record they are about. A type only ever gains payload fields; a breaking change is a new type (`deal.won.v2`).
 */
export const EVENT_GROUPS = {
  contact: ['contact.created', 'contact.updated', 'contact.deleted'],
  organisation: ['organisation.created', 'organisation.updated', 'organisation.deleted'],
  deal: ['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won', 'deal.lost'],
  product: ['product.created', 'product.updated'],
  interaction: ['interaction.created'],
  task: ['task.created', 'task.assigned', 'task.completed', 'task.due'],
  email: ['email.sent', 'email.opened', 'email.clicked', 'email.bounced', 'email.unsubscribed'],
  call: ['call.completed'],
  meeting: ['meeting.scheduled'],
  lead: ['lead.score_changed'],
} as const;

export type EventGroup = keyof typeof EVENT_GROUPS;
export type EventType = (typeof EVENT_GROUPS)[EventGroup][number];

export const EVENT_TYPES = Object.values(EVENT_GROUPS).flat() as EventType[];
