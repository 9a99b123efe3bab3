import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useCurrentUser } from '../auth.tsx';
import { ConsentBanner } from './ConsentBanner.tsx';
import { capturePlan } from './consent.ts';
import { analyticsConfigQuery } from './queries.ts';
import { applyCapturePlan, endAnalyticsSession } from './runtime.ts';

/**
 * Mounted in the signed-in shell: reads `GET /analytics/config` and follows it (posthog-js loaded and capturing only
 * with the user's consent, recording only with the replay consent), asks on first use. Leaving the shell (sign-out,
 * expired session) stops the capture and forgets the user.
 */
export function AnalyticsConsent() {
  const user = useCurrentUser();
  const config = useQuery({ ...analyticsConfigQuery(user.id), enabled: !framed() });

  useEffect(() => {
    if (!framed()) applyCapturePlan(capturePlan(config.data), config.data ?? null);
  }, [config.data]);

  useEffect(() => () => endAnalyticsSession(), []);

  return !framed() && capturePlan(config.data).ask ? <ConsentBanner /> : null;
}

/**
 * The app shown inside itself (the heatmap's preview of a page, docs/ANALYTICS.md): an administrator looking at the
 * analysis is not using that page, so the framed copy captures nothing and asks nothing.
 */
function framed(): boolean {
  try {
    return window.top !== window.self;
  } catch {
    return true;
  }
}
