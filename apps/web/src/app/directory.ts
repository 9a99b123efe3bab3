import { useQuery } from '@tanstack/react-query';
import { directoryQuery } from './queries.ts';

/** Users and teams by id, for owner pickers and for showing names instead of ids. */
export function useDirectory() {
  const users = useQuery(directoryQuery);
  const list = users.data ?? [];
  const byId = new Map(list.map((u) => [u.id, u]));
  return {
    users: list,
    userName: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? '…') : '—'),
    userOptions: list.map((u) => ({ value: u.id, label: u.name })),
  };
}
