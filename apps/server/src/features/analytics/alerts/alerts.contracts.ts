import { z } from 'zod';

/** Alert rules on product analytics (docs/ANALYTICS.md, "Alerts"), evaluated every minute by the worker. */
export const ALERT_KINDS = ['api_errors', 'funnel_conversion'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The longest window an alert looks back over: 90 days. */
export const MAX_WINDOW_MINUTES = 90 * 24 * 60;

export const AlertSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(ALERT_KINDS),
    threshold: z.number(),
    windowMinutes: z.number().int(),
    funnelId: z.uuid().nullable(),
    active: z.boolean(),
    lastValue: z.number().nullable().describe('What the last check measured (null: nothing to measure)'),
    lastCheckedAt: z.date().nullable(),
    lastFiredAt: z.date().nullable().describe('When the administrators were last notified'),
    createdBy: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'AnalyticsAlert' });
export type AlertDto = z.infer<typeof AlertSchema>;

const threshold = z
  .number()
  .min(0)
  .max(1_000_000)
  .describe('api_errors: fires above this count; funnel_conversion: fires below this percentage (0-100)');
const windowMinutes = z
  .number()
  .int()
  .min(1)
  .max(MAX_WINDOW_MINUTES)
  .describe(`Minutes looked back over (1-${MAX_WINDOW_MINUTES}; days-long windows suit funnels)`);

export const CreateAlertBody = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z
    .enum(ALERT_KINDS)
    .describe('api_errors: API errors in the window; funnel_conversion: a saved funnel’s conversion'),
  threshold,
  windowMinutes: windowMinutes.default(5),
  funnelId: z.uuid().nullable().optional().describe('The saved funnel watched (funnel_conversion only)'),
  active: z.boolean().default(true),
});
export type CreateAlertInput = z.infer<typeof CreateAlertBody>;

export const UpdateAlertBody = z.object({
  name: CreateAlertBody.shape.name.optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  threshold: threshold.optional(),
  windowMinutes: windowMinutes.optional(),
  funnelId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateAlertInput = z.infer<typeof UpdateAlertBody>;

export const AlertListSchema = z.object({ items: z.array(AlertSchema) });
