/**
 * The consent rules of the web app, pure (docs/ANALYTICS.md, "Web app: capture and consent"). The server decides
 * (`GET /api/v1/analytics/config`): posthog-js is loaded only when it says `capture`, the replay recorder runs only
 * when it says `record`, and the banner shows only when it says `askConsent`.
 */

/** What the web needs of `GET /api/v1/analytics/config` to decide. */
export interface ConsentConfig {
  capture: boolean;
  record: boolean;
  askConsent: boolean;
}

/** The two switches of a user's choice. */
export interface ConsentChoice {
  analytics: boolean;
  replay: boolean;
}

export interface CapturePlan {
  /** Load posthog-js (if not loaded) and capture. */
  capture: boolean;
  /** Record the session (needs `capture`). */
  record: boolean;
  /** Show the consent banner. */
  ask: boolean;
}

/** No config yet (loading, signed out, failed): nothing captured, nothing asked. */
export function capturePlan(config: ConsentConfig | null | undefined): CapturePlan {
  if (!config) return { capture: false, record: false, ask: false };
  const capture = config.capture && !config.askConsent;
  return { capture, record: capture && config.record, ask: config.askConsent };
}

/**
 * A switch flipped in the profile: replay never stays on without analytics (the server refuses it), and turning
 * analytics off turns replay off with it. Turning replay on needs analytics on (the switch is hidden otherwise).
 */
export function nextChoice(current: ConsentChoice, change: Partial<ConsentChoice>): ConsentChoice {
  const analytics = change.analytics ?? current.analytics;
  const replay = analytics && (change.replay ?? current.replay);
  return { analytics, replay };
}

/** The banner's answer: refusing refuses both, whatever the replay box says. */
export function bannerChoice(accept: boolean, replay: boolean): ConsentChoice {
  return { analytics: accept, replay: accept && replay };
}
