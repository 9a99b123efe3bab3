/** The fund catalogue's queries, on the shared keys (app/query-keys.ts). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, api, data } from '../../api/client.ts';
import { produitKeys } from '../../app/query-keys.ts';

/** One fund (its page; a save puts the server's answer here). */
export const produitQuery = (id: string) =>
  queryOptions({
    queryKey: produitKeys.record(id),
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/produits/{id}', { params: { path: { id } }, signal })),
  });

export const useProduit = (id: string) => useQuery(produitQuery(id));

/**
 * The fund with this (normalised) ISIN, or null (404): a list query of the catalogue, so a fund created meanwhile
 * shows.
 */
export const produitByIsinQuery = (isin: string) =>
  queryOptions({
    queryKey: produitKeys.list({ isin }),
    retry: false,
    staleTime: 10_000,
    queryFn: async ({ signal }) => {
      try {
        return data(await api.GET('/api/v1/produits/by-isin/{isin}', { params: { path: { isin } }, signal }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
