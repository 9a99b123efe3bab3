import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client.ts';
import { homeKeys, organisationKeys, peopleKeys, recycleBinKeys } from '../../app/query-keys.ts';

type Job = Schemas['ImportJob'];

export const importKeys = {
  all: ['imports'] as const,
  list: () => ['imports', 'list'] as const,
  job: (id: string | null) => ['imports', 'one', id] as const,
  /** The dry run of an upload (a job too: polled while `validating`). */
  validation: (uploadId: string | undefined) => ['imports', 'validation', uploadId] as const,
};

export const FINISHED = new Set<Job['status']>(['done', 'failed']);
const fetchImport = async (id: string, signal: AbortSignal) =>
  data(await api.GET('/api/v1/imports/{id}', { params: { path: { id } }, signal }));

/** The recent imports (the page's table). */
export const importsListQuery = queryOptions({
  queryKey: importKeys.list(),
  queryFn: async ({ signal }) =>
    data(await api.GET('/api/v1/imports', { params: { query: { limit: 20 } }, signal })).items,
});

/**
 * One import, polled every second until it is done or failed; then what it wrote refreshes (organisations, people,
 * the home page, the bin) and so does the list of imports.
 */
export const importJobQuery = (id: string | null, queryClient: QueryClient) =>
  queryOptions({
    queryKey: importKeys.job(id),
    queryFn: async ({ signal }) => {
      const job = await fetchImport(id as string, signal);
      if (FINISHED.has(job.status)) {
        for (const queryKey of [organisationKeys.all, peopleKeys.all, homeKeys.all, recycleBinKeys.all])
          void queryClient.invalidateQueries({ queryKey });
        void queryClient.invalidateQueries({ queryKey: importKeys.list() });
      }
      return job;
    },
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && FINISHED.has(q.state.data.status) ? false : 1000),
  });

/** An upload's dry run: polled every second while it is `validating`, its report read once `validated`. */
export const importValidationQuery = (uploadId: string | undefined) =>
  queryOptions({
    queryKey: importKeys.validation(uploadId),
    queryFn: ({ signal }) => fetchImport(uploadId as string, signal),
    enabled: Boolean(uploadId),
    refetchInterval: (q) => (q.state.data?.status === 'validating' ? 1000 : false),
  });
