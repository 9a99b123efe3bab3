/**
 * The people feature's queries, on the shared keys (app/query-keys.ts). A person and their links are the record
 * kit's (records/queries.ts: `personQuery`, `personLinksQuery`).
 */
import { queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { mandatKeys, peopleKeys } from '../../app/query-keys.ts';

/** The mandates of a contact's organisations (the API has no filter by contact): a mandate list query. */
export const personMandatsQuery = (personId: string, organisationIds: string[]) =>
  queryOptions({
    queryKey: mandatKeys.list({ organisationId: organisationIds, for: personId }),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/mandats', {
          params: { query: { organisationId: organisationIds, limit: 100, sort: '-updatedAt' } },
          signal,
        }),
      ),
    enabled: organisationIds.length > 0,
  });

/** Contacts whose name is close to this one's (likely duplicates), the person left out: a people list query. */
export const similarPeopleQuery = (person: { id: string; firstName: string; lastName: string }) =>
  queryOptions({
    queryKey: peopleKeys.list({ similarTo: person.id, name: [person.firstName, person.lastName] }),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/people', {
          params: { query: { q: `${person.firstName} ${person.lastName}`, limit: 6 } },
          signal,
        }),
      ).items.filter((p) => p.id !== person.id),
  });
