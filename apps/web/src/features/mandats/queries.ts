/** The mandates feature's queries, on the shared keys (app/query-keys.ts): all of them under `mandatKeys.record(id)`. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { mandatKeys } from '../../app/query-keys.ts';

/** One mandate (its page; a save puts the server's answer here). */
export const mandatQuery = (id: string) =>
  queryOptions({
    queryKey: mandatKeys.record(id),
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/mandats/{id}', { params: { path: { id } }, signal })),
  });

export const useMandat = (id: string) => useQuery(mandatQuery(id));

/** Every stage change of a mandate, oldest first. */
export const stageHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: mandatKeys.part(id, 'stage-history'),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/mandats/{id}/stage-history', { params: { path: { id } }, signal })).items,
  });

/** The funds attached to a mandate. */
export const mandatProduitsQuery = (id: string) =>
  queryOptions({
    queryKey: mandatKeys.part(id, 'produits'),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/mandats/{id}/produits', { params: { path: { id } }, signal })).items,
  });
