import type { CapturePlan } from './consent.ts';
import type { WebEventName, WebEventProperties } from './events.ts';

/**
 * The one door to posthog-js from the rest of the app. posthog-js and its recorder are in a lazy chunk
 * (`posthog.ts`), imported the first time the server says the signed-in user consented: before that, and after a
 * refusal, nothing is loaded and nothing is sent. `track()` is a no-op while not capturing (nothing is queued for
 * later).
 */
type Client = typeof import('./posthog.ts');
export interface RuntimeConfig {
  apiHost: string;
  token: string;
  distinctId: string;
}

let client: Promise<Client> | null = null;
let capturing = false;

/** Applies the server's decision at once: start (loading posthog-js if needed), start or stop recording, or stop. */
export function applyCapturePlan(plan: CapturePlan, config: RuntimeConfig | null) {
  capturing = plan.capture && config !== null;
  if (capturing && config) {
    client ??= import('./posthog.ts');
    void client.then((c) => c.start(config, plan.record)).catch(() => {});
  } else if (client) {
    void client.then((c) => c.stop()).catch(() => {});
  }
}

/** Signed out: stop, and forget the user (the next person on this browser is someone else). */
export function endAnalyticsSession() {
  capturing = false;
  if (client) void client.then((c) => c.stop({ forget: true })).catch(() => {});
}

/** Sends one of the catalogue's web events, when the user consented; properties are ids, enums and counts only. */
export function track<E extends WebEventName>(event: E, properties: WebEventProperties<E>) {
  if (!capturing || !client) return;
  void client.then((c) => c.capture(event, properties)).catch(() => {});
}
