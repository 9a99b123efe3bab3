import { infiniteQueryOptions, keepPreviousData, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client.ts';
import { campaignKeys, emailTemplateKeys, marketingKeys, suppressionKeys } from '../../app/query-keys.ts';
import type { Campaign, CampaignStatus } from './campaign-form.ts';

/**
 * The campaigns' queries: campaigns, their audience, report and recipients; e-mail templates, their variables and
 * previews; who marketing mail is from; the suppression list.
 */

export type EmailTemplate = Schemas['EmailTemplate'];
export type TemplateCreate = Schemas['EmailTemplateCreate'];
export type TemplateChange = Schemas['EmailTemplateChange'];
export type PreviewRequest = Schemas['EmailTemplatePreviewRequest'];
export type Preview = Schemas['EmailTemplatePreview'];
export type TemplateVariable = Schemas['EmailTemplateVariables']['items'][number];
export type VariableName = TemplateVariable['name'];

/** Every template of the firm, last changed first (the list is short: no paging, searched on the page). */
export const templatesQuery = queryOptions({
  queryKey: emailTemplateKeys.list(),
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/email-templates', { signal })).items,
});

/** One template. */
export const templateQuery = (id: string) =>
  queryOptions({
    queryKey: emailTemplateKeys.record(id),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/email-templates/{id}', { params: { path: { id } }, signal })),
  });

/** The variables a template may use, with sample values: fixed by the server's version. */
export const variablesQuery = queryOptions({
  queryKey: emailTemplateKeys.variables,
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/email-templates/variables', { signal })).items,
  staleTime: Number.POSITIVE_INFINITY,
});

/**
 * The draft rendered as the recipient would get it (for a contact, or sample values). A read: a POST only because
 * the draft is long. The previous rendering stays on screen while the next one comes.
 */
export const previewQuery = (request: PreviewRequest | null) =>
  queryOptions({
    queryKey: emailTemplateKeys.preview(request),
    queryFn: async ({ signal }) =>
      data(await api.POST('/api/v1/email-templates/preview', { body: request as PreviewRequest, signal })),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    gcTime: 60_000, // one rendering per pause in the typing: not kept long
  });

/** Who marketing mail is from: the footer's company name and postal address (everyone may read it). */
export const marketingSettingsQuery = queryOptions({
  queryKey: marketingKeys.settings,
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/marketing/settings', { signal })),
  staleTime: 5 * 60_000,
});

/** A template saved or created: it becomes the cached one, and the list refreshes. */
export function templateSaved(queryClient: QueryClient, saved: EmailTemplate) {
  queryClient.setQueryData(emailTemplateKeys.record(saved.id), saved);
  void queryClient.invalidateQueries({ queryKey: emailTemplateKeys.list() });
}

/**
 * A template deleted: out of the list at once (then the list refreshes); its own query only marked stale, not
 * refetched, since the page that showed it is leaving (a refetch would answer 404 under it).
 */
export function templateDeleted(queryClient: QueryClient, id: string) {
  queryClient.setQueryData(templatesQuery.queryKey, (list) => list?.filter((x) => x.id !== id));
  void queryClient.invalidateQueries({ queryKey: emailTemplateKeys.list() });
  void queryClient.invalidateQueries({ queryKey: emailTemplateKeys.record(id), refetchType: 'none' });
}

// --- campaigns -----------------------------------------------------------------------------------------------------

export type CampaignListItem = Omit<Campaign, 'steps'>;
export type AudienceRequest = Schemas['AudiencePreviewRequest'];
export type AudiencePreview = Schemas['AudiencePreview'];
export type ExclusionReason =
  | 'excluded_segment'
  | 'opted_out'
  | 'no_address'
  | 'invalid_address'
  | 'duplicate_address'
  | 'unsubscribed'
  | 'bounced'
  | 'complained'
  | 'suppressed_manually'
  | 'topic_off';
export type CampaignReport = Schemas['CampaignReport'];
export type RecipientFilter = 'opened' | 'clicked' | 'not_opened' | 'unsubscribed';
export type Recipient = Schemas['CampaignRecipients']['items'][number];
export type Suppression = Schemas['EmailSuppression'];
export type SuppressionReason = Suppression['reason'];

/** While a campaign sends, its page and the list follow it (the send job runs every minute). */
const LIVE_REFRESH = 15_000;

/** The campaigns, last changed first, of one status or all (short: no paging). */
export const campaignsQuery = (status: CampaignStatus | null) =>
  queryOptions({
    queryKey: campaignKeys.list({ status }),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/campaigns', { params: { query: status ? { status } : {} }, signal })).items,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.some((c) => c.status === 'running') ? LIVE_REFRESH : false),
  });

/** One campaign with its steps; refreshed while it is scheduled or running. */
export const campaignQuery = (id: string) =>
  queryOptions({
    queryKey: campaignKeys.record(id),
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/campaigns/{id}', { params: { path: { id } }, signal })),
    refetchInterval: (q) => {
      const status = q.state.data?.status;
      return status === 'running' || status === 'scheduled' ? LIVE_REFRESH : false;
    },
  });

/** The report of a campaign that started; `live` while it sends. */
export const reportQuery = (id: string, live: boolean) =>
  queryOptions({
    queryKey: campaignKeys.part(id, 'report'),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/campaigns/{id}/report', { params: { path: { id } }, signal })),
    refetchInterval: live ? LIVE_REFRESH : false,
  });

/** Who a campaign would reach (a read: a POST only for its body); the previous answer stays while the next comes. */
export const audienceQuery = (request: AudienceRequest | null) =>
  queryOptions({
    queryKey: campaignKeys.audience(request),
    queryFn: async ({ signal }) =>
      data(await api.POST('/api/v1/campaigns/audience', { body: request as AudienceRequest, signal })),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

/** A campaign's recipients and what each did, page by page (keyset by address); refreshed while it sends. */
export const recipientsQuery = (id: string, filter: RecipientFilter | null, live: boolean) =>
  infiniteQueryOptions({
    queryKey: campaignKeys.part(id, 'recipients', filter),
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/campaigns/{id}/recipients', {
          params: {
            path: { id },
            query: { limit: 50, ...(filter ? { filter } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_REFRESH : false,
  });

/** A campaign changed (saved, scheduled, paused…): it becomes the cached one, and the lists and its report refresh. */
export function campaignSaved(queryClient: QueryClient, saved: Campaign) {
  queryClient.setQueryData(campaignKeys.record(saved.id), saved);
  void queryClient.invalidateQueries({ queryKey: campaignKeys.lists() });
  void queryClient.invalidateQueries({ queryKey: campaignKeys.part(saved.id, 'report') });
  void queryClient.invalidateQueries({ queryKey: campaignKeys.part(saved.id, 'recipients') });
}

// --- the suppression list ------------------------------------------------------------------------------------------

export interface SuppressionParams {
  q: string;
  reason: SuppressionReason | null;
}

/** The suppression list page by page, with its counts by reason (managers and administrators). */
export const suppressionsQuery = (p: SuppressionParams) =>
  infiniteQueryOptions({
    queryKey: suppressionKeys.list(p),
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/email-suppressions', {
          params: {
            query: {
              limit: 50,
              ...(p.q.trim() ? { q: p.q.trim() } : {}),
              ...(p.reason ? { reason: p.reason } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
