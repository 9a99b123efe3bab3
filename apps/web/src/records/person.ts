import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, data, type paths, type Schemas } from '../api/client.ts';

export type Person = Schemas['Person'];
export type PersonLink = Schemas['PersonOrganisation'];
export type PersonPatch = paths['/api/v1/people/{id}']['patch']['requestBody']['content']['application/json'];
export type PersonCreate = paths['/api/v1/people']['post']['requestBody']['content']['application/json'];
export type LinkRole = PersonLink['role'];
export type DuplicateCandidate = { id: string; firstName: string; lastName: string; email: string | null };

/** Query keys of the people feature (every key starts with `people`, so one invalidation refreshes all). */
export const peopleKeys = {
  all: ['people'] as const,
  detail: (id: string) => ['people', 'detail', id] as const,
  links: (id: string) => ['people', 'links', id] as const,
};

export const fullName = (p: Pick<Person, 'firstName' | 'lastName'>) => `${p.firstName} ${p.lastName}`.trim();

export function usePerson(id: string) {
  return useQuery({
    queryKey: peopleKeys.detail(id),
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/people/{id}', { params: { path: { id } }, signal })),
  });
}

export function usePersonLinks(id: string) {
  return useQuery({
    queryKey: peopleKeys.links(id),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/people/{id}/organisations', { params: { path: { id } }, signal })).items,
  });
}

/** PATCH of a person; the detail cache is updated with the answer and lists are refreshed. */
export function useUpdatePerson(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { errorToast: false }, // inline fields and the edit form show the error where it happened
    mutationFn: async (patch: PersonPatch) =>
      data(await api.PATCH('/api/v1/people/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: (person) => {
      queryClient.setQueryData(peopleKeys.detail(id), person);
      void queryClient.invalidateQueries({ queryKey: ['people', 'list'] });
    },
  });
}

/**
 * Refreshes every people query except those of `goneId` (deleted or merged away): the page showing it may still
 * be mounted while the next one loads, and refetching it would only answer 404.
 */
export function refreshPeopleExcept(queryClient: QueryClient, goneId: string) {
  void queryClient.invalidateQueries({ queryKey: ['people'], predicate: (q) => !q.queryKey.includes(goneId) });
}

/** The candidates of a `person.duplicate` answer (409), or null for any other error. */
export function duplicateCandidates(error: unknown): DuplicateCandidate[] | null {
  if (!(error instanceof ApiError) || error.code !== 'person.duplicate') return null;
  const list = error.problem.candidates;
  return Array.isArray(list) ? (list as DuplicateCandidate[]) : [];
}
