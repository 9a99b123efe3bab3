import { z } from 'zod';

/**
 * The catalogue of product-analytics events (docs/ANALYTICS.md, docs/adr/0014-product-analytics.md): what the CRM
 * records about its own use. Properties are ids, enums, counts and codes only: never a client's name, an e-mail
 * address or a typed value. The ingestion refuses (drops and counts) a custom event that is not here and strips a
 * property its schema does not list.
 *
 * `feature`: the product feature the event shows use of (the "never used" report lists the features of this
 * catalogue that no event showed in the period). `source`: who sends it (the web app through posthog-js, or the
 * server through posthog-node).
 */
const id = z.string().uuid();
const count = z.number().int().min(0);
/** A code of the application (an entity, a stage, a type, a scope): letters, digits, `_ . : -`, never free text. */
const code = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);
/** A route pattern of the API (`/api/v1/people/:id`), as Fastify names it. */
const routePattern = z.string().regex(/^[A-Za-z0-9_/:.{}*-]{0,200}$/);

export const PRODUCT_FEATURES = [
  'contacts',
  'organisations',
  'mandates',
  'pipeline',
  'tasks',
  'interactions',
  'notes',
  'search',
  'imports',
  'exports',
  'webhooks',
  'api-keys',
  'saved-views',
  'bulk-edit',
  'merge',
  'recycle-bin',
  'auth',
] as const;
export type ProductFeature = (typeof PRODUCT_FEATURES)[number];

interface AnalyticsEventDef {
  feature: ProductFeature;
  source: 'web' | 'server';
  description: string;
  properties: z.ZodObject<z.ZodRawShape>;
}

export const ANALYTICS_EVENTS = {
  user_logged_in: {
    feature: 'auth',
    source: 'server',
    description: 'A user signed in (password, with or without a second factor)',
    properties: z.object({ method: z.enum(['password', 'totp', 'backup_code']) }),
  },
  contact_created: {
    feature: 'contacts',
    source: 'server',
    description: 'A contact (person) was created',
    properties: z.object({ personId: id, via: z.enum(['form', 'import', 'api', 'linkedin']).optional() }),
  },
  organisation_created: {
    feature: 'organisations',
    source: 'server',
    description: 'An organisation was created',
    properties: z.object({ organisationId: id }),
  },
  deal_created: {
    feature: 'mandates',
    source: 'server',
    description: 'A mandate (deal) was created',
    properties: z.object({ mandatId: id, stage: code }),
  },
  deal_stage_changed: {
    feature: 'pipeline',
    source: 'server',
    description: 'A mandate moved to another stage',
    properties: z.object({ mandatId: id, from: code, to: code }),
  },
  deal_won: {
    feature: 'pipeline',
    source: 'server',
    description: 'A mandate was won',
    properties: z.object({ mandatId: id }),
  },
  deal_lost: {
    feature: 'pipeline',
    source: 'server',
    description: 'A mandate was lost',
    properties: z.object({ mandatId: id }),
  },
  task_created: {
    feature: 'tasks',
    source: 'server',
    description: 'A task was created',
    properties: z.object({ taskId: id }),
  },
  task_completed: {
    feature: 'tasks',
    source: 'server',
    description: 'A task was marked done',
    properties: z.object({ taskId: id }),
  },
  interaction_logged: {
    feature: 'interactions',
    source: 'server',
    description: 'An interaction (call, meeting, e-mail…) was logged',
    properties: z.object({ interactionId: id, type: code }),
  },
  note_added: {
    feature: 'notes',
    source: 'server',
    description: 'A note was added to a record',
    properties: z.object({ noteId: id }),
  },
  import_completed: {
    feature: 'imports',
    source: 'server',
    description: 'An import finished',
    properties: z.object({ importId: id, entity: code, created: count, updated: count, failed: count }),
  },
  export_downloaded: {
    feature: 'exports',
    source: 'server',
    description: 'A list was exported (CSV or XLSX)',
    properties: z.object({ entity: code, format: z.enum(['csv', 'xlsx']), rows: count }),
  },
  webhook_created: {
    feature: 'webhooks',
    source: 'server',
    description: 'A webhook endpoint was created',
    properties: z.object({ webhookId: id, events: count }),
  },
  api_key_created: {
    feature: 'api-keys',
    source: 'server',
    description: 'A personal API key was created',
    properties: z.object({ scopes: z.array(code).max(10) }),
  },
  records_merged: {
    feature: 'merge',
    source: 'server',
    description: 'Two records were merged',
    properties: z.object({ entity: code, keptId: id }),
  },
  record_restored: {
    feature: 'recycle-bin',
    source: 'server',
    description: 'A record was restored from the recycle bin',
    properties: z.object({ entity: code, recordId: id }),
  },
  bulk_edit_applied: {
    feature: 'bulk-edit',
    source: 'server',
    description: 'A bulk edit changed several records',
    properties: z.object({ entity: code, records: count, fields: count }),
  },
  api_error: {
    feature: 'auth',
    source: 'server',
    description: 'The API answered an error (its stable code and status; never the request body)',
    properties: z.object({ code, status: z.number().int().min(100).max(599), route: routePattern }),
  },
  search_performed: {
    feature: 'search',
    source: 'web',
    description: 'A Ctrl+K search was run (the length of the query, never its text)',
    properties: z.object({ length: count, results: count }),
  },
  search_result_opened: {
    feature: 'search',
    source: 'web',
    description: 'A search result was opened',
    properties: z.object({ type: code, rank: count }),
  },
  saved_view_applied: {
    feature: 'saved-views',
    source: 'web',
    description: 'A saved view of a list was applied',
    properties: z.object({ entity: code }),
  },
  analytics_consent_changed: {
    feature: 'auth',
    source: 'server',
    description: 'A user changed their analytics choices (sent only once they accept)',
    properties: z.object({ replay: z.boolean() }),
  },
} as const satisfies Record<string, AnalyticsEventDef>;

export type AnalyticsEventName = keyof typeof ANALYTICS_EVENTS;
export type AnalyticsEventProperties<E extends AnalyticsEventName> = z.infer<
  (typeof ANALYTICS_EVENTS)[E]['properties']
>;
export const ANALYTICS_EVENT_NAMES = Object.keys(ANALYTICS_EVENTS) as AnalyticsEventName[];

/** Where a user made their analytics choices: the first-use prompt or their profile. */
export const ANALYTICS_CONSENT_SOURCES = ['prompt', 'profile'] as const;
export type AnalyticsConsentSource = (typeof ANALYTICS_CONSENT_SOURCES)[number];

/**
 * PostHog's own events (`$`-prefixed) the ingestion keeps, each with the allow-listed `$` properties
 * (docs/ANALYTICS.md); `$snapshot` (session replay) goes to the recordings. Any other `$` event is dropped.
 */
export const ANALYTICS_POSTHOG_EVENTS = [
  '$pageview',
  '$pageleave',
  '$autocapture',
  '$rageclick',
  '$dead_click',
  '$exception',
  '$$heatmap',
  '$web_vitals',
  '$feature_flag_called',
] as const;
