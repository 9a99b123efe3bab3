import { z } from 'zod';
import { boolQuery, listQueryBase, listResponse } from '../../platform/http/list.ts';

export const NotificationSchema = z
  .object({
    id: z.uuid(),
    type: z.string().describe('What happened, e.g. `task.assigned`'),
    title: z.string(),
    body: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable().describe('Ids and values the link to the record needs'),
    readAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'Notification' });
export type NotificationDto = z.infer<typeof NotificationSchema>;

export const NotificationListQuery = listQueryBase.pick({ limit: true, cursor: true }).extend({
  unread: boolQuery.optional().describe('true: unread ones only; false: read ones only'),
});
export type NotificationListFilter = z.infer<typeof NotificationListQuery>;

export const NotificationListSchema = listResponse(NotificationSchema).extend({
  unreadCount: z.number().int().describe('All your unread notifications, whatever the filter'),
});

export const ReadAllResultSchema = z.object({ updated: z.number().int().describe('Notifications marked read') });

/** What another feature passes to `notify`, in its own transaction. */
export interface NotifyInput {
  userId: string;
  type: string;
  title: string;
  body?: string | null;
  data?: Record<string, unknown> | null;
  /** The domain event it reports: a user is told about one event once, however often it is handled. */
  sourceEventId?: string | null;
}
