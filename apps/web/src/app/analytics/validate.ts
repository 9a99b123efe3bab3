import { ANALYTICS_EVENTS } from '@crm/contracts';
import type { WebEventName } from './events.ts';

/**
 * What posthog-js is given for a `track()` call: the properties parsed by the catalogue's schema of a web event
 * (unknown properties stripped, as the server strips them), or null when the event is not a web event of the
 * catalogue or its properties do not parse (the server would drop it; nothing is sent).
 */
export function webEventProperties(event: string, properties: unknown): Record<string, unknown> | null {
  if (!Object.hasOwn(ANALYTICS_EVENTS, event)) return null;
  const def = ANALYTICS_EVENTS[event as WebEventName];
  if (def.source !== 'web') return null;
  const parsed = def.properties.safeParse(properties);
  return parsed.success ? (parsed.data as Record<string, unknown>) : null;
}
