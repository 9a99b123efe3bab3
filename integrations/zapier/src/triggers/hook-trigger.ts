import type { Bundle, ZObject } from 'zapier-platform-core';
import { apiUrl, type CrmRecord, crmRequest } from '../api';
import { crmError } from '../middleware';

/** The body the CRM POSTs to a webhook endpoint (docs/WEBHOOKS.md): `{ type, timestamp, data }`. */
export interface CrmEvent {
  type?: string;
  timestamp?: string;
  data?: Record<string, unknown>;
}

/** One instant trigger: a CRM event type, the record its payload carries, and how to list recent ones. */
export interface InstantTriggerSpec {
  key: string;
  noun: string;
  label: string;
  description: string;
  eventType: string;
  /**
   * The record a payload carries (`data.person`...), with what the event adds; null when the payload has none.
   * `timestamp`: when the event occurred (the body's).
   */
  recordOf: (data: Record<string, unknown>, timestamp: string | undefined) => CrmRecord | null;
  /** Recent records of the same shape, newest first: the sample in the Zap editor and the polling fallback. */
  listRecent: (z: ZObject, bundle: Bundle) => Promise<CrmRecord[]>;
  sample: Record<string, unknown>;
  outputFields: { key: string; label: string; type?: 'string' | 'number' | 'integer' | 'boolean' | 'datetime' }[];
}

/** What Zapier keeps of a subscription (`bundle.subscribeData`): the endpoint without its signing secret. */
export interface Subscription {
  id: string;
  url: string;
  eventTypes: string[];
  source: string;
}

export function hookTrigger(spec: InstantTriggerSpec) {
  // Subscribe: a webhook endpoint of the CRM marked `source: zapier`, receiving this one event type.
  const performSubscribe = async (z: ZObject, bundle: Bundle): Promise<Subscription> => {
    const endpoint = await crmRequest<Subscription & { secret?: string }>(z, bundle, {
      method: 'POST',
      path: '/webhooks',
      body: {
        url: bundle.targetUrl,
        eventTypes: [spec.eventType],
        source: 'zapier',
        description: `Zapier: ${spec.label}`,
      },
    });
    // Zapier cannot check signatures of the calls it receives: the secret is of no use here and is not kept.
    const { secret: _secret, ...kept } = endpoint;
    return kept;
  };

  // Unsubscribe: delete the endpoint; one already deleted in the CRM (Settings -> Integrations) is fine too.
  const performUnsubscribe = async (z: ZObject, bundle: Bundle) => {
    const id = bundle.subscribeData?.id;
    if (!id) return { deleted: false };
    const response = await z.request({
      method: 'DELETE',
      url: apiUrl(bundle, `/webhooks/${encodeURIComponent(id)}`),
      skipThrowForStatus: true,
    });
    if (response.status === 404) return { id, deleted: false };
    if (response.status >= 400) throw crmError(z, response);
    return { id, deleted: true };
  };

  // An event arrived: return its record (an event of another type, e.g. a test send, triggers nothing).
  const perform = async (_z: ZObject, bundle: Bundle): Promise<CrmRecord[]> => {
    const event = (bundle.cleanedRequest ?? {}) as CrmEvent;
    if (event.type !== spec.eventType || !event.data || typeof event.data !== 'object') return [];
    const record = spec.recordOf(event.data, event.timestamp);
    return record ? [record] : [];
  };

  return {
    key: spec.key,
    noun: spec.noun,
    display: { label: spec.label, description: spec.description },
    operation: {
      type: 'hook' as const,
      performSubscribe,
      performUnsubscribe,
      perform,
      performList: spec.listRecent,
      sample: spec.sample,
      outputFields: spec.outputFields,
    },
  };
}
