import { z } from 'zod';

/** What can happen to a campaign e-mail (docs/CAMPAIGNS.md, "Events"), in the order it usually happens. */
export const EMAIL_EVENT_TYPES = [
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'complained',
  'unsubscribed',
] as const;
export type EmailEventType = (typeof EMAIL_EVENT_TYPES)[number];

/** A campaign e-mail to one contact: the `email` object of the `email.*` events (@crm/contracts `EmailRecord`). */
export const EmailSchema = z
  .object({
    id: z.uuid().describe('The send: one step of a campaign for one contact'),
    messageId: z.string().nullable(),
    campaignId: z.uuid(),
    campaignName: z.string(),
    stepId: z.uuid(),
    step: z.number().int().min(1).describe('The step of the sequence, 1 first'),
    variant: z.string().nullable().describe('`A` or `B` under an A/B test'),
    subject: z.string().nullable().describe('As the contact received it'),
    personId: z.uuid(),
    address: z.string(),
    ownerId: z.uuid().nullable().describe('The contact’s owner'),
    teamId: z.uuid().nullable().describe('The contact’s team'),
    sentAt: z.date().nullable(),
  })
  .meta({ id: 'Email' });

export const EmailEventSchema = z
  .object({
    id: z.uuid().describe('The event’s id (`emailEventId` of the `email.*` domain events)'),
    type: z.enum(EMAIL_EVENT_TYPES),
    at: z.date(),
    url: z.string().nullable().describe('The link, for a click'),
    email: EmailSchema,
  })
  .meta({ id: 'EmailEvent' });
