import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { analyticsConsentKeys } from '../query-keys.ts';
import type { ConsentChoice } from './consent.ts';

async function fetchConfig({ signal }: { signal: AbortSignal }) {
  return data(await api.GET('/api/v1/analytics/config', { signal }));
}
export type AnalyticsConfig = Awaited<ReturnType<typeof fetchConfig>>;

/** What posthog-js needs and whether to capture, record or ask (the server decides), for the signed-in user. */
export const analyticsConfigQuery = (userId: string) =>
  queryOptions({
    queryKey: analyticsConsentKeys.config(userId),
    queryFn: fetchConfig,
    staleTime: Number.POSITIVE_INFINITY,
  });

/** Saves my choice (`PUT /analytics/consent`), then reads the config again: the capture follows at once. */
export function useSaveConsent(source: 'prompt' | 'profile') {
  const queryClient = useQueryClient();
  return useMutation({
    // The banner and the card show the refusal themselves.
    meta: { errorToast: false },
    mutationFn: async (choice: ConsentChoice) =>
      data(await api.PUT('/api/v1/analytics/consent', { body: { ...choice, source } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: analyticsConsentKeys.all }),
  });
}
