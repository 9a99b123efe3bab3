import { z } from 'zod';
import { EMAIL_EVENT_TYPES } from './campaigns.schema.ts';

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

const types = z
  .string()
  .max(200)
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(z.enum(EMAIL_EVENT_TYPES)).max(EMAIL_EVENT_TYPES.length));

export const EmailEventListQuery = z.strictObject({
  type: types.optional().describe('Comma-separated types: `opened,clicked`'),
  personId: z.uuid().optional(),
  campaignId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(400).optional().describe('`nextCursor` of the previous page'),
});

export const EmailEventListSchema = z
  .object({ items: z.array(EmailEventSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'EmailEventList' });
