import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client.ts';

/** Users and teams by id, for owner pickers and for showing names instead of ids. */
export function useDirectory() {
  const users = useQuery({
    queryKey: ['directory', 'users'],
    queryFn: async () => data(await api.GET('/api/v1/users/directory')).items,
    staleTime: 5 * 60_000,
  });
  const list = users.data ?? [];
  const byId = new Map(list.map((u) => [u.id, u]));
  return {
    users: list,
    userName: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? '…') : '—'),
    userOptions: list.map((u) => ({ value: u.id, label: u.name })),
  };
}
