import { ANALYTICS_CONSENT_SOURCES } from '@crm/contracts';
import { z } from 'zod';

/** A user's analytics choices (docs/ANALYTICS.md, "Consent"). `decidedAt` null: never asked (nothing is captured). */
export const ConsentSchema = z
  .object({
    analytics: z.boolean().describe('Product analytics (page views, clicks, features used) may be recorded'),
    replay: z.boolean().describe('Session replay may be recorded (masked); needs `analytics`'),
    source: z.enum(ANALYTICS_CONSENT_SOURCES).nullable().describe('Where the choice was made; null: never asked'),
    decidedAt: z.date().nullable(),
  })
  .describe('My analytics consent');

export const ConsentInput = z.object({
  analytics: z.boolean(),
  replay: z.boolean(),
  source: z.enum(ANALYTICS_CONSENT_SOURCES),
});
export type ConsentInput = z.infer<typeof ConsentInput>;

/** What the web app needs to initialise posthog-js (docs/ANALYTICS.md, "Web setup"). */
export const AnalyticsConfigSchema = z.object({
  enabled: z.boolean().describe('Analytics are on for this installation (ANALYTICS_ENABLED)'),
  apiHost: z.string().describe('posthog-js `api_host`, a path of this origin (prefix it with `location.origin`)'),
  token: z.string().describe('posthog-js project token (public by design)'),
  distinctId: z
    .string()
    .describe('The id to `identify` the user with (the server attributes events by session anyway)'),
  capture: z.boolean().describe('Whether to capture events: analytics enabled and consented'),
  record: z.boolean().describe('Whether to record the session: capture, and replay consented'),
  askConsent: z.boolean().describe('The user was never asked: show the consent prompt'),
  consent: ConsentSchema,
});

export const MyEventsQuery = z.object({
  cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const MyEventSchema = z.object({
  id: z.string(),
  event: z.string(),
  distinctId: z.string(),
  sessionId: z.string().nullable(),
  source: z.string(),
  occurredAt: z.date(),
  path: z.string().nullable(),
  route: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
});

export const MyEventsPage = z.object({
  items: z.array(MyEventSchema),
  nextCursor: z.string().nullable(),
  recordings: z.number().int().describe('Session replay chunks kept about me (not included; erased with my events)'),
});

export const ErasedSchema = z.object({ events: z.number().int(), recordings: z.number().int() });

export const IngestStatsSchema = z.object({
  requests: z.number().int(),
  received: z.number().int(),
  stored: z.number().int(),
  recordings: z.number().int(),
  dropped: z.record(z.string(), z.number().int()).describe('Events not stored, by reason (no_consent, unknown_event…)'),
  writer: z.object({
    queued: z.number().int(),
    written: z.number().int(),
    inserts: z.number().int(),
    failedWrites: z.number().int(),
    dropped: z.number().int(),
    refused: z.number().int(),
  }),
  forward: z
    .object({
      sent: z.number().int(),
      batches: z.number().int(),
      retries: z.number().int(),
      dropped: z.number().int(),
      queued: z.number().int(),
    })
    .nullable(),
});
