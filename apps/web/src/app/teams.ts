import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client.ts';

/** Query keys of teams: a team change invalidates `teamKeys.all` (every teams query starts with it). */
export const teamKeys = {
  all: ['teams'] as const,
  list: () => [...teamKeys.all, 'list'] as const,
};

/** Every team (a small list): the one definition of the query, for pickers, filters, names and the admin page. */
export const teamsQuery = queryOptions({
  queryKey: teamKeys.list(),
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/teams', { signal })).items,
  staleTime: 5 * 60_000,
});

/** The teams query itself (loading and error states included). */
export const useTeamsQuery = (enabled = true) => useQuery({ ...teamsQuery, enabled });

/** Teams as pickers and names need them. */
export function useTeams() {
  const teams = useTeamsQuery().data ?? [];
  return {
    teams,
    teamOptions: teams.map((team) => ({ value: team.id, label: team.name })),
    teamName: (id: string | null | undefined) => (id ? (teams.find((x) => x.id === id)?.name ?? '…') : '—'),
  };
}
