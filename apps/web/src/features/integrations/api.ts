import { EVENT_GROUPS, type EventGroup, PRODUCED_EVENT_TYPES } from '@crm/contracts';
import type { paths, Schemas } from '../../api/client.ts';

export type Webhook = Schemas['Webhook'];
export type Delivery = Schemas['WebhookDelivery'];
export type DeliveryDetail = Schemas['WebhookDeliveryDetail'];
export type Attempt = Schemas['WebhookAttempt'];
export type DeliveryStatus = Delivery['status'];
export type WebhookBody = paths['/api/v1/webhooks']['post']['requestBody']['content']['application/json'];
export type SubscribableType = WebhookBody['eventTypes'][number];
export type TestEventType = NonNullable<
  NonNullable<paths['/api/v1/webhooks/{id}/test']['post']['requestBody']>['content']['application/json']['eventType']
>;

export const DELIVERY_STATUSES = [
  'pending',
  'delivering',
  'succeeded',
  'failed',
] as const satisfies readonly DeliveryStatus[];

/**
 * The event types the CRM emits today (@crm/contracts): the server has a sample for each (the test route's enum in the
 * OpenAPI types), which tsc checks here. The others of the catalogue arrive with their features.
 */
export const TEST_EVENT_TYPES = PRODUCED_EVENT_TYPES satisfies readonly TestEventType[];
const emitted = new Set<string>(PRODUCED_EVENT_TYPES);
export const isEmitted = (type: string) => emitted.has(type);

export const EVENT_GROUP_NAMES = Object.keys(EVENT_GROUPS) as EventGroup[];
export { EVENT_GROUPS, EVENT_TYPES } from '@crm/contracts';

export const ALL_EVENTS = '*';
/** `['*']`: every type, including those added later. */
export const isAllEvents = (types: readonly string[]) => types.includes(ALL_EVENTS);

/** How often the list (health) and the delivery log refresh themselves. */
export const REFRESH_MS = 5_000;

/** A string that holds JSON, indented; anything else as it is. */
export function prettyJson(text: string | null | undefined): { text: string; json: boolean } {
  if (!text) return { text: '', json: false };
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), json: true };
  } catch {
    return { text, json: false };
  }
}
