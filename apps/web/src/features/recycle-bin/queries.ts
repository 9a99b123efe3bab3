import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client.ts';
import { recycleBinKeys } from '../../app/query-keys.ts';

export type BinType = Schemas['RecycleBinItem']['type'];
const PAGE = 50;

/** The deleted records the user may see (of one type, or all), newest first, page by page. */
export const recycleBinQuery = (type: BinType | null) =>
  infiniteQueryOptions({
    queryKey: recycleBinKeys.list(type ?? 'all'),
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/recycle-bin', {
          params: {
            query: { limit: PAGE, ...(type ? { type: [type] } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
