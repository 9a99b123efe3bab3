import { EVENT_TYPES } from '@crm/contracts';
import { z } from 'zod';
import { dateQuery, listResponse } from '../../platform/http/list.ts';
import { EMITTED_EVENT_TYPES } from './samples.ts';
import { DELIVERY_STATUSES, WEBHOOK_SOURCES } from './webhooks.schema.ts';

/** Headers the CRM sets itself: an endpoint's custom headers may not override them. */
const RESERVED_HEADER =
  /^(content-type|content-length|host|user-agent|connection|transfer-encoding|webhook-.*|x-crm-.*)$/i;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
/**
 * A header value: printable ASCII and spaces only. Node's http client would also send tabs and Latin-1 bytes, but a
 * receiver reads those as it likes (an é sent as one byte is not UTF-8): the CRM keeps to what every receiver reads
 * alike (docs/WEBHOOKS.md). Control characters, line breaks and non-ASCII characters are refused at save.
 */
const HEADER_VALUE = /^[\x20-\x7e]*$/;

/** The mask shown instead of a credential-looking header value; sent back in a PATCH, it keeps the stored value. */
export const MASKED_VALUE = '••••••';

/** Custom headers; with `masked`, a value may be the mask (a PATCH keeping the stored value). */
const headerMap = (masked: boolean) =>
  z
    .record(z.string(), z.string())
    .superRefine((h, ctx) => {
      const names = Object.keys(h);
      if (names.length > 20) ctx.addIssue({ code: 'custom', message: 'at most 20 headers' });
      for (const [name, value] of Object.entries(h)) {
        if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'not a valid header name' });
        else if (RESERVED_HEADER.test(name))
          ctx.addIssue({ code: 'custom', path: [name], message: 'set by the CRM, cannot be overridden' });
        if (value.length > 1000) ctx.addIssue({ code: 'custom', path: [name], message: 'at most 1000 characters' });
        if (!HEADER_VALUE.test(value) && !(masked && value === MASKED_VALUE)) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'printable ASCII characters and spaces only (no line breaks, control or non-ASCII characters)',
          });
        }
      }
    })
    .describe(
      `Extra headers sent with every delivery (e.g. an Authorization for your receiver). In a PATCH, a value of "${MASKED_VALUE}" keeps the stored one`,
    );

const eventTypes = z
  .array(z.enum(['*', ...EVENT_TYPES]))
  .min(1)
  .max(EVENT_TYPES.length + 1)
  .transform((types) => (types.includes('*') ? ['*'] : [...new Set(types)]))
  .describe('Event types to receive (see docs/WEBHOOKS.md), or ["*"] for all');

export const CreateWebhookBody = z.object({
  url: z.string().trim().min(1).max(2048).describe('https:// URL of the receiver (public addresses only)'),
  description: z.string().trim().max(500).default(''),
  eventTypes,
  headers: headerMap(false).default({}),
  active: z.boolean().default(true),
  source: z
    .enum(WEBHOOK_SOURCES)
    .default('api')
    .describe('Who subscribed: `zapier` and `make` mark the subscriptions of those apps (REST hooks)'),
});
export type CreateWebhookInput = z.infer<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z
  .object({
    url: z.string().trim().min(1).max(2048),
    description: z.string().trim().max(500),
    eventTypes,
    headers: headerMap(true),
    active: z.boolean().describe('Re-enabling an endpoint the CRM disabled clears its failure record'),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to update');
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookBody>;

export const WebhookSchema = z
  .object({
    id: z.uuid(),
    ownerId: z.uuid(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    headers: z.record(z.string(), z.string()).describe('Values of sensitive-looking headers are masked'),
    source: z.enum(WEBHOOK_SOURCES),
    active: z.boolean(),
    disabledReason: z
      .enum(['gone', 'failing'])
      .nullable()
      .describe('Why the CRM disabled it: the receiver answered 410, or it kept failing for days'),
    previousSecretExpiresAt: z.string().nullable().describe('Until then the previous secret also signs'),
    health: z.object({
      successRate: z.number().nullable().describe('Share of 2xx among the attempts of the last 24 h'),
      attempts24h: z.number().int(),
      pending: z.number().int().describe('Deliveries waiting or retrying'),
      dead: z.number().int().describe('Deliveries that failed every attempt (kept 30 days, can be redelivered)'),
      lastDeliveryAt: z.string().nullable(),
      failingSince: z.string().nullable(),
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Webhook' });
export type WebhookDto = z.infer<typeof WebhookSchema>;

export const CreatedWebhook = WebhookSchema.extend({
  secret: z.string().describe('The signing secret (whsec_...): shown this once only'),
});

export const RotatedSecret = z.object({
  secret: z.string().describe('The new signing secret (whsec_...): shown this once only'),
  previousSecretExpiresAt: z.string().describe('The old secret keeps signing (beside the new one) until then'),
});

export const ListWebhooksQuery = z.object({
  source: z.enum(WEBHOOK_SOURCES).optional(),
});
export const WebhookList = z.object({ items: z.array(WebhookSchema) });

export const WebhookIdParams = z.object({ id: z.uuid() });
export const DeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });

export const DeliverySchema = z
  .object({
    id: z.uuid(),
    endpointId: z.uuid(),
    eventId: z.uuid().describe('The webhook-id header: the same on every attempt'),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    trigger: z.enum(['scheduled', 'manual', 'test']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastDurationMs: z.number().int().nullable().describe('Duration of the last attempt'),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

export const AttemptSchema = z
  .object({
    id: z.uuid(),
    attempt: z.number().int(),
    trigger: z.enum(['scheduled', 'manual', 'test']),
    url: z.string(),
    requestHeaders: z.record(z.string(), z.string()),
    requestBody: z.string(),
    responseStatus: z.number().int().nullable(),
    responseHeaders: z.record(z.string(), z.string()).nullable(),
    responseBody: z.string().nullable().describe('The first 4 KB'),
    error: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    startedAt: z.string(),
  })
  .meta({ id: 'WebhookAttempt' });

export const DeliveryDetail = DeliverySchema.extend({
  body: z.string().describe('The JSON body sent, exactly'),
  attemptLog: z.array(AttemptSchema),
}).meta({ id: 'WebhookDeliveryDetail' });

export const DeliveriesQuery = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  eventType: z.string().max(100).optional(),
  from: dateQuery.optional().describe('Created at or after (ISO 8601)'),
  to: dateQuery.optional().describe('Created at or before (ISO 8601)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
});
export const DeliveryList = listResponse(DeliverySchema);

export const TestWebhookBody = z.object({
  eventType: z
    .enum(EMITTED_EVENT_TYPES as [string, ...string[]])
    .default('contact.created')
    .describe('The sample event to send'),
});
