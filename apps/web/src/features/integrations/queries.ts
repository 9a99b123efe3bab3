import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { type DeliveryStatus, REFRESH_MS } from './api.ts';

/**
 * The webhooks' query keys: everything under `all` (a change to a webhook refreshes its list and logs), the list alone
 * at `list()`, one webhook's queries under `webhook(id)` (dropped when it is deleted).
 */
export const webhookKeys = {
  all: ['webhooks'] as const,
  list: () => ['webhooks', 'list'] as const,
  webhook: (id: string) => ['webhooks', id] as const,
  deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
  deliveryLog: (id: string, filters: DeliveryFilters) => ['webhooks', id, 'deliveries', filters] as const,
  delivery: (id: string, deliveryId: string) => ['webhooks', id, 'delivery', deliveryId] as const,
};

export interface DeliveryFilters {
  status: DeliveryStatus | null;
  eventType: string | null;
}

/** Deliveries a page of the log loads. */
export const DELIVERIES_PAGE = 25;

/** Every webhook of the CRM, with its health (refreshed every 10 s). */
export const webhooksQuery = queryOptions({
  queryKey: webhookKeys.list(),
  queryFn: async ({ signal }) => data(await api.GET('/api/v1/webhooks', { signal })).items,
  refetchInterval: REFRESH_MS * 2,
});

/** One webhook's deliveries, newest first, filtered, page by page (refreshed every 5 s). */
export const deliveryLogQuery = (webhookId: string, { status, eventType }: DeliveryFilters) =>
  infiniteQueryOptions({
    queryKey: webhookKeys.deliveryLog(webhookId, { status, eventType }),
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: {
            path: { id: webhookId },
            query: {
              limit: DELIVERIES_PAGE,
              ...(status ? { status } : {}),
              ...(eventType ? { eventType } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });

/** One delivery with its attempts, refreshed every second while it is still on its way. */
export const deliveryQuery = (webhookId: string, deliveryId: string) =>
  queryOptions({
    queryKey: webhookKeys.delivery(webhookId, deliveryId),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/webhooks/{id}/deliveries/{deliveryId}', {
          params: { path: { id: webhookId, deliveryId } },
          signal,
        }),
      ),
    refetchInterval: (q) =>
      q.state.data?.status === 'pending' || q.state.data?.status === 'delivering' ? REFRESH_MS / 5 : false,
  });
