import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, data } from '../../../api/client.ts';
import { mandatKeys } from '../../../app/query-keys.ts';
import type { Mandat } from '../../../records/mandat.ts';
import { isClosed, type Stage } from '../stages.ts';

/** Won and lost columns show the mandates closed in the last RECENT_DAYS days (the header counts them all). */
export const RECENT_DAYS = 90;
const PAGE_SIZE = 20;

export type BoardPage = { items: Mandat[]; nextCursor: string | null; total: number };
export interface BoardFilters {
  ownerId?: string;
  teamId?: string;
  kind?: Mandat['kind'];
}

/**
 * The board's queries are mandate lists (`mandatKeys.list`): whatever refreshes the mandates' lists refreshes the
 * board. One key per column and one for the counts per stage.
 */
export const boardKeys = {
  column: (stage: Stage, filters: BoardFilters) => mandatKeys.list({ board: stage, ...filters }),
  pipeline: (filters: BoardFilters) => mandatKeys.list({ pipeline: true, ...filters }),
  /** The mutation key of a move: the board refetches once the last pending move is done. */
  move: [...mandatKeys.all, 'move'] as const,
};

const listFilters = (f: BoardFilters) => ({
  ...(f.ownerId ? { ownerId: f.ownerId.split(',') } : {}),
  ...(f.teamId ? { teamId: f.teamId.split(',') } : {}),
  ...(f.kind ? { kind: [f.kind] } : {}),
});

/** One column's mandates, page by page (open stages: soonest expected close first; closed: latest first). */
export const boardColumnQuery = (stage: Stage, filters: BoardFilters, recentFrom: string) => {
  const closed = isClosed(stage);
  return infiniteQueryOptions({
    queryKey: boardKeys.column(stage, filters),
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/mandats', {
          params: {
            query: {
              ...listFilters(filters),
              stage: [stage],
              limit: PAGE_SIZE,
              sort: closed ? '-updatedAt' : 'expectedCloseDate',
              ...(closed ? { closedFrom: recentFrom } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
};

/** The count and amount of each stage (all of them, closed ones included). */
export const pipelineQuery = (filters: BoardFilters) =>
  queryOptions({
    queryKey: boardKeys.pipeline(filters),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/mandats/pipeline', { params: { query: listFilters(filters) }, signal })),
  });
