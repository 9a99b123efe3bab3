import type { ANALYTICS_EVENTS, AnalyticsEventName, AnalyticsEventProperties } from '@crm/contracts';

/**
 * The web's own events of the catalogue (`packages/contracts/src/analytics-events.ts`, `source: 'web'`): the only
 * custom events `track()` accepts, each with its properties typed by the catalogue's Zod schema. Types only: the
 * schemas themselves (and Zod) load with posthog-js, in its lazy chunk (validate.ts).
 */
export type WebEventName = {
  [E in AnalyticsEventName]: (typeof ANALYTICS_EVENTS)[E]['source'] extends 'web' ? E : never;
}[AnalyticsEventName];

export type WebEventProperties<E extends WebEventName> = AnalyticsEventProperties<E>;
