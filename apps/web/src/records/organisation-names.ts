import { useQuery } from '@tanstack/react-query';
import { organisationNamesQuery } from './queries.ts';

/** Organisation names by id (for cards and lists that only carry `organisationId`): `name(id)`, '…' while loading. */
export function useOrganisationNames(ids: (string | null | undefined)[], options: { enabled?: boolean } = {}) {
  const { data: names } = useQuery({
    ...organisationNamesQuery(ids),
    enabled: ids.some(Boolean) && options.enabled !== false,
  });
  return (id: string | null | undefined) => (id ? (names?.get(id) ?? '…') : '—');
}
