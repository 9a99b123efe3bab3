/** The organisations feature's queries, on the shared keys (app/query-keys.ts). */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { mandatKeys, organisationKeys } from '../../app/query-keys.ts';

/** One organisation (its page, the merge screen's other record). */
export const organisationQuery = (id: string) =>
  queryOptions({
    queryKey: organisationKeys.record(id),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/organisations/{id}', { params: { path: { id } }, signal })),
  });

/** Organisations whose name is close to this one's (likely duplicates), itself left out: a list query. */
export const organisationDuplicatesQuery = (organisation: { id: string; name: string }) =>
  queryOptions({
    queryKey: organisationKeys.list({ duplicatesOf: organisation.id, name: organisation.name }),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/organisations/duplicates', { params: { query: { name: organisation.name } }, signal }),
      ).candidates.filter((c) => c.id !== organisation.id),
  });

/** The organisation's contacts with their role, by last name, 50 a page. */
export const organisationContactsQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: organisationKeys.part(id, 'people'),
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/organisations/{id}/people', {
          params: {
            path: { id },
            query: { limit: 50, sort: 'lastName', ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** How many of an organisation's mandates its tab and totals take (newest first). */
const ORGANISATION_MANDATS_LIMIT = 200;

/** The organisation's mandates (a mandate list query: any mandate save refreshes it). */
export const organisationMandatsQuery = (organisationId: string) =>
  queryOptions({
    queryKey: mandatKeys.list({ organisationId }),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/mandats', {
          params: {
            query: { organisationId: [organisationId], limit: ORGANISATION_MANDATS_LIMIT, sort: '-updatedAt' },
          },
          signal,
        }),
      ),
  });

/** How many contacts an organisation has (its key figure); under its contacts' prefix, so a change there refreshes it. */
export const organisationContactCountQuery = (id: string) =>
  queryOptions({
    queryKey: organisationKeys.part(id, 'people', 'count'),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/organisations/{id}/people', { params: { path: { id }, query: { limit: 1 } }, signal }),
      ).total,
  });
