// The lazy chunk: posthog-js with its extensions bundled (the session recorder, exception and dead-click capture) and
// no loader of external scripts (`posthog-js/full/no-external`): our server serves no /static/ scripts, and the CSP
// allows none. Imported only by runtime.ts, once the user consented.
import posthog, { type PostHogConfig } from 'posthog-js/full/no-external';
import type { RuntimeConfig } from './runtime.ts';
import { webEventProperties } from './validate.ts';

declare global {
  interface Window {
    _POSTHOG_REMOTE_CONFIG?: Record<string, { config: Record<string, unknown> }>;
  }
}

/**
 * What PostHog's servers would answer at `/array/<token>/config`: ours serves no such file, so it is given before
 * init (posthog-js then fetches nothing). Replay is "enabled" on the project side, so that `disable_session_recording`
 * alone (the user's replay consent) decides; no console or network capture, no canvas; no surveys; no flags request.
 */
export function remoteConfig(token: string) {
  return {
    token,
    supportedCompression: ['gzip-js'],
    hasFeatureFlags: false,
    autocapture_opt_out: false,
    autocaptureExceptions: true,
    captureDeadClicks: true,
    capturePerformance: false,
    heatmaps: true,
    elementsChainAsString: true,
    surveys: false,
    productTours: false,
    siteApps: [],
    sessionRecording: {
      endpoint: '/s/',
      consoleLogRecordingEnabled: false,
      recordCanvas: false,
      networkPayloadCapture: null,
      sampleRate: null,
      minimumDurationMilliseconds: null,
      linkedFlag: null,
      urlTriggers: [],
      urlBlocklist: [],
      eventTriggers: [],
    },
  };
}

/** posthog-js' options (docs/ANALYTICS.md, "Web app: capture and consent"). */
export function posthogOptions(config: RuntimeConfig, record: boolean, origin: string): Partial<PostHogConfig> {
  return {
    api_host: `${origin}${config.apiHost}`,
    persistence: 'localStorage',
    // Page views on every route change (react-router pushes history), page leaves.
    capture_pageview: 'history_change',
    capture_pageleave: true,
    // Clicks without their texts or attribute values (the server keeps test ids and roles).
    autocapture: true,
    mask_all_text: true,
    mask_all_element_attributes: true,
    capture_heatmaps: true,
    capture_dead_clicks: true,
    capture_exceptions: true,
    capture_performance: false,
    save_referrer: true,
    save_campaign_params: false,
    // Nothing else: no surveys, tours, conversations, experiments, toolbar or external scripts.
    disable_surveys: true,
    disable_product_tours: true,
    disable_conversations: true,
    disable_web_experiments: true,
    disable_external_dependency_loading: true,
    advanced_disable_toolbar_metrics: true,
    enable_recording_console_log: false,
    // Replay only with its own consent: inputs and every text masked, no canvas, no console or network.
    disable_session_recording: !record,
    session_recording: {
      maskAllInputs: true,
      maskTextSelector: '*',
      recordCrossOriginIframes: false,
      captureCanvas: { recordCanvas: false },
      captureJsonLd: false,
    },
    person_profiles: 'identified_only',
    // posthog-js drops the events of browsers whose user agent looks automated (headless Chromium among them). Here
    // only a signed-in user who consented is ever captured, so that filter has nothing to keep out.
    opt_out_useragent_filter: true,
  };
}

let initialised = false;

/** Starts capturing for this user (init once per page load, then opt in again), recording or not. */
export function start(config: RuntimeConfig, record: boolean) {
  if (!initialised) {
    window._POSTHOG_REMOTE_CONFIG = {
      ...window._POSTHOG_REMOTE_CONFIG,
      [config.token]: { config: remoteConfig(config.token) },
    };
    posthog.init(config.token, posthogOptions(config, record, window.location.origin));
    initialised = true;
  }
  // An opt-out stored by an earlier withdrawal on this browser would outlive the new consent: the server decides.
  if (posthog.has_opted_out_capturing()) posthog.opt_in_capturing({ captureEventName: false });
  if (posthog.get_distinct_id() !== config.distinctId) posthog.identify(config.distinctId);
  if (record) {
    if (!posthog.sessionRecordingStarted()) posthog.startSessionRecording();
  } else posthog.stopSessionRecording();
}

/** Stops at once: no recording, no capture (autocapture and page views included); `forget` on sign-out. */
export function stop(options: { forget?: boolean } = {}) {
  if (!initialised) return;
  posthog.stopSessionRecording();
  posthog.opt_out_capturing();
  if (options.forget) posthog.reset();
}

export function capture(event: string, properties: unknown) {
  const parsed = webEventProperties(event, properties);
  if (parsed && initialised && !posthog.has_opted_out_capturing()) posthog.capture(event, parsed);
}
