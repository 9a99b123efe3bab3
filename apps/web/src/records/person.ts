import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, data, type paths, type Schemas } from '../api/client.ts';
import { peopleKeys as keys } from '../app/query-keys.ts';
import { personLinksQuery, personQuery, recordSaved } from './queries.ts';

export type Person = Schemas['Person'];
export type PersonLink = Schemas['PersonOrganisation'];
export type PersonPatch = paths['/api/v1/people/{id}']['patch']['requestBody']['content']['application/json'];
export type PersonCreate = paths['/api/v1/people']['post']['requestBody']['content']['application/json'];
export type LinkRole = PersonLink['role'];
export type DuplicateCandidate = { id: string; firstName: string; lastName: string; email: string | null };

export const fullName = (p: Pick<Person, 'firstName' | 'lastName'>) => `${p.firstName} ${p.lastName}`.trim();

export function usePerson(id: string) {
  return useQuery(personQuery(id));
}

export function usePersonLinks(id: string) {
  return useQuery(personLinksQuery(id));
}

/** PATCH of a person; the detail cache is updated with the answer, then the person (timeline) and lists refresh. */
export function useUpdatePerson(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { errorToast: false }, // inline fields and the edit form show the error where it happened
    mutationFn: async (patch: PersonPatch) =>
      data(await api.PATCH('/api/v1/people/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: (person) => recordSaved(queryClient, keys, person),
  });
}

/** The candidates of a `person.duplicate` answer (409), or null for any other error. */
export function duplicateCandidates(error: unknown): DuplicateCandidate[] | null {
  if (!(error instanceof ApiError) || error.code !== 'person.duplicate') return null;
  const list = error.problem.candidates;
  return Array.isArray(list) ? (list as DuplicateCandidate[]) : [];
}
