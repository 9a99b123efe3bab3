import { EMAIL_EVENT_TYPES } from '@crm/contracts';
import { z } from 'zod';

export { EmailEventSchema, EmailSchema } from '@crm/contracts';

import { EmailEventSchema } from '@crm/contracts';

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
