import { keepPreviousData, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client.ts';
import { emailTemplateKeys, marketingKeys } from '../../app/query-keys.ts';

/** The campaigns' queries: e-mail templates, their variables and previews, and who marketing mail is from. */

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
