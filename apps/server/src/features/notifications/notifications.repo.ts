import { and, count, eq, getTableColumns, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.ts';
import { keysetPage, parseSort, type SortField } from '../../platform/db/keyset.ts';
import { type ErasureSql, type ScrubOptions, scrubColumns } from '../../platform/db/scrub.ts';
import type { NotificationDto, NotificationListFilter } from './notifications.contracts.ts';
import { notifications } from './notifications.schema.ts';

export type NewNotificationRow = typeof notifications.$inferInsert;

const { userId: _u, sourceEventId: _e, ...dtoColumns } = getTableColumns(notifications);
const sortable: Record<string, SortField> = { createdAt: { expr: notifications.createdAt, cast: 'timestamptz' } };

/** Every query is about one user's own notifications: nobody reads or changes someone else's. */
const mine = (userId: string, id?: string): SQL[] =>
  id ? [eq(notifications.userId, userId), eq(notifications.id, id)] : [eq(notifications.userId, userId)];

export async function listNotifications(db: Queryable, userId: string, f: NotificationListFilter) {
  const where = mine(userId);
  if (f.unread !== undefined) where.push(f.unread ? isNull(notifications.readAt) : isNotNull(notifications.readAt));
  return keysetPage<NotificationDto>(db, {
    table: notifications,
    id: notifications.id,
    columns: dtoColumns,
    where,
    sort: parseSort(undefined, sortable, '-createdAt'),
    cursor: f.cursor,
    limit: f.limit,
  });
}

export async function countUnread(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(...mine(userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export async function findNotification(db: Queryable, userId: string, id: string): Promise<NotificationDto | null> {
  const [row] = await db
    .select(dtoColumns)
    .from(notifications)
    .where(and(...mine(userId, id)));
  return row ?? null;
}

/** Inserts a notification; with a `sourceEventId` already notified to that user, inserts nothing (null). */
export async function insertNotification(db: Queryable, values: NewNotificationRow): Promise<NotificationDto | null> {
  const [row] = await db.insert(notifications).values(values).onConflictDoNothing().returning(dtoColumns);
  return (row as NotificationDto | undefined) ?? null;
}

/** Marks unread notifications read (one, or all of the user's): returns the ones it changed. */
export async function markRead(db: Queryable, userId: string, at: Date, id?: string): Promise<NotificationDto[]> {
  return db
    .update(notifications)
    .set({ readAt: at })
    .where(and(...mine(userId, id), isNull(notifications.readAt)))
    .returning(dtoColumns);
}

export async function deleteNotificationRow(db: Queryable, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(notifications)
    .where(and(...mine(userId, id)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

/** RGPD erasure: the erased person's values replaced in the notifications (titles, bodies, data); returns the ids of the rows changed (with `dryRun`: that hold one). */
export async function scrubNotificationTexts(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubColumns(db, notifications, { title: 'text', body: 'text', data: 'json' }, e, opts);
}
