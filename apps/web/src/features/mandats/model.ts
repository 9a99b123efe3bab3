import { MANDAT_STAGES, type MandatStage, OPEN_MANDAT_STAGES } from '@crm/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { CURRENCIES, type Mandat, mandatKey } from '../../records/mandat.ts';

export type { Mandat };
export type Stage = MandatStage;

/** Mantine colour of each stage (badges, columns, stepper). */
export { STAGE_COLOR } from '../../app/stage-colors.ts';
export { MANDAT_STAGES, OPEN_MANDAT_STAGES };

export const CLOSED_STAGES: readonly Stage[] = ['gagne', 'perdu'];
export const isClosed = (stage: Stage) => CLOSED_STAGES.includes(stage);

export { CURRENCIES, mandatKey };

/** DOMAIN.md (and the API): funds go on a won mandate, or on a placement at any open stage. */
export function mayCarryProduits(m: Pick<Mandat, 'kind' | 'stage'>): boolean {
  return m.stage === 'gagne' || (m.kind === 'placement' && !isClosed(m.stage));
}

export function useMandat(id: string) {
  return useQuery({
    queryKey: mandatKey(id),
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/mandats/{id}', { params: { path: { id } }, signal })),
  });
}

/** Organisation names by id (for cards and lists that only carry `organisationId`). */
export function useOrganisationNames(ids: (string | null | undefined)[], options: { enabled?: boolean } = {}) {
  const unique = [...new Set(ids.filter((id): id is string => !!id))].sort();
  const query = useQuery({
    queryKey: ['organisations', 'names', unique],
    enabled: unique.length > 0 && options.enabled !== false,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    queryFn: async ({ signal }) => {
      const names = new Map<string, string>();
      for (let i = 0; i < unique.length; i += 200) {
        const chunk = unique.slice(i, i + 200);
        const page = data(
          await api.GET('/api/v1/organisations', { params: { query: { ids: chunk, limit: 200 } }, signal }),
        );
        for (const o of page.items) names.set(o.id, o.name);
      }
      return names;
    },
  });
  const names = query.data ?? new Map<string, string>();
  return (id: string | null | undefined) => (id ? (names.get(id) ?? '…') : '—');
}

/** YYYY-MM-DD of a day `days` before today (local calendar). */
export function daysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Today as YYYY-MM-DD (local calendar). */
export const today = () => daysAgo(0);
