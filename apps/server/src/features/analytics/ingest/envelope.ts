import { malformed, tooLarge } from './decode.ts';

/**
 * The events of a decoded capture body, whatever envelope the client used (docs/ANALYTICS.md, "Wire format"):
 * `{ api_key, batch: [...], sent_at }` (posthog-js' capture body and posthog-node's `/batch/`), a bare array (older
 * posthog-js, and `/s/` where each event carries its own `sent_at`), or one event. Each event keeps what the later
 * steps read; the sanitiser decides what is stored.
 */
export interface RawEvent {
  uuid?: string;
  event: string;
  /** PostHog's `distinct_id` as sent (top level or in `properties`), as text. */
  distinctId: string;
  properties: Record<string, unknown>;
  /** When the event happened by the sender's clock: an ISO date. */
  timestamp?: string;
  /** posthog-js' request queue replaces `timestamp` with `offset`: milliseconds before sending. */
  offset?: number;
  /** When the sender sent the request, by its own clock (corrects a skewed clock). */
  sentAt?: string;
}

export interface Envelope {
  events: RawEvent[];
  /** Entries of the batch that were no event at all (counted, not stored). */
  malformed: number;
}

/** At most this many events in one request (posthog-node sends 100 at most, posthog-js far fewer). */
export const MAX_EVENTS_PER_REQUEST = 2_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const text = (v: unknown, max: number): string | undefined => {
  if (typeof v === 'string') return v.length <= max ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
};

function toRawEvent(item: unknown, envelopeSentAt: string | undefined): RawEvent | null {
  if (!isObject(item)) return null;
  const event = text(item.event, 200);
  if (!event) return null;
  const properties = isObject(item.properties) ? item.properties : {};
  const distinctId = text(item.distinct_id ?? properties.distinct_id ?? properties.$distinct_id, 200) ?? '';
  const uuid = typeof item.uuid === 'string' ? item.uuid : undefined;
  const timestamp = typeof item.timestamp === 'string' ? item.timestamp : undefined;
  const offset = typeof item.offset === 'number' && Number.isFinite(item.offset) ? item.offset : undefined;
  const sentAt = typeof item.sent_at === 'string' ? item.sent_at : envelopeSentAt;
  return { uuid, event, distinctId, properties, timestamp, offset, sentAt };
}

export function eventsOf(payload: unknown): Envelope {
  let items: unknown[];
  let sentAt: string | undefined;
  if (Array.isArray(payload)) items = payload;
  else if (isObject(payload) && Array.isArray(payload.batch)) {
    items = payload.batch;
    sentAt = typeof payload.sent_at === 'string' ? payload.sent_at : undefined;
  } else if (isObject(payload) && isObject(payload.data)) {
    // An old form body: `data={"event": ...}`.
    return eventsOf(payload.data);
  } else if (isObject(payload) && typeof payload.event === 'string') items = [payload];
  else throw malformed('The body is neither an event, a list of events nor a `batch`');
  if (items.length > MAX_EVENTS_PER_REQUEST) throw tooLarge(`batch (more than ${MAX_EVENTS_PER_REQUEST} events)`);
  const events: RawEvent[] = [];
  let bad = 0;
  for (const item of items) {
    const e = toRawEvent(item, sentAt);
    if (e) events.push(e);
    else bad++;
  }
  return { events, malformed: bad };
}

const MAX_FUTURE_MS = 60_000;

/**
 * When an event happened, by the server's clock: the sender's `timestamp` moved by the skew between its `sent_at` and
 * our receipt (what PostHog does), or `now - offset`; never in the future.
 */
export function occurredAt(e: RawEvent, now: Date): Date {
  const at = e.timestamp ? Date.parse(e.timestamp) : Number.NaN;
  let ms: number;
  if (Number.isFinite(at)) {
    const sent = e.sentAt ? Date.parse(e.sentAt) : Number.NaN;
    ms = Number.isFinite(sent) ? now.getTime() + (at - sent) : at;
  } else if (e.offset !== undefined) ms = now.getTime() - Math.max(0, e.offset);
  else ms = now.getTime();
  if (!Number.isFinite(ms) || ms > now.getTime() + MAX_FUTURE_MS) ms = now.getTime();
  // Before 2000 is a broken clock, not history.
  if (ms < Date.UTC(2000, 0, 1)) ms = now.getTime();
  return new Date(ms);
}
