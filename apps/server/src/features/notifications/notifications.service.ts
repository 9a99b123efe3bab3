import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { erasureSql, type ScrubOptions } from '../../platform/db/scrub.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { Erasure } from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import type { NotificationDto, NotificationListFilter, NotifyInput } from './notifications.contracts.ts';
import {
  countUnread,
  deleteNotificationRow,
  findNotification,
  insertNotification,
  listNotifications,
  markRead,
  scrubNotificationTexts,
} from './notifications.repo.ts';

const ENTITY = 'notification';
const notFound = (id: string) => new AppError('notification.not_found', `Notification ${id} was not found`);

/** The signed-in user whose notifications these are (an API key acts for its owner). */
function recipient(ctx: Ctx): string {
  if (!ctx.actor.userId) throw new AppError('auth.unauthenticated', 'Notifications belong to a signed-in user');
  return ctx.actor.userId;
}

/**
 * Tells a user something happened. Call it inside the transaction of the change it is about, so the
 * notification exists if and only if the change commits. Not audited: the change it reports is. With a
 * `sourceEventId` the user already heard about, it inserts nothing and answers null.
 */
export async function notify(t: Tx, input: NotifyInput): Promise<NotificationDto | null> {
  return insertNotification(t.db, {
    userId: input.userId,
    type: input.type,
    title: input.title,
    body: input.body ?? null,
    data: input.data ?? null,
    sourceEventId: input.sourceEventId ?? null,
  });
}

/** The caller's notifications, newest first, with the count of all their unread ones. */
export async function listNotificationsFor(ctx: Ctx, filter: NotificationListFilter) {
  const db = ctx.deps.database.db;
  const userId = recipient(ctx);
  const page = await listNotifications(db, userId, filter);
  return {
    items: page.rows,
    nextCursor: page.nextCursor,
    total: page.total,
    unreadCount: await countUnread(db, userId),
  };
}

/** Marks one of the caller's notifications read; reading a read one again changes (and audits) nothing. */
export async function markNotificationRead(ctx: Ctx, id: string): Promise<NotificationDto> {
  const userId = recipient(ctx);
  return withTx(ctx, async (t) => {
    const [changed] = await markRead(t.db, userId, ctx.deps.clock.now(), id);
    if (changed) {
      await audit(t, { entityType: ENTITY, entityId: id, action: 'read' });
      return changed;
    }
    const existing = await findNotification(t.db, userId, id);
    if (!existing) throw notFound(id);
    return existing;
  });
}

export async function markAllNotificationsRead(ctx: Ctx): Promise<{ updated: number }> {
  const userId = recipient(ctx);
  return withTx(ctx, async (t) => {
    const changed = await markRead(t.db, userId, ctx.deps.clock.now());
    if (changed.length > 0) {
      await audit(t, { entityType: ENTITY, action: 'read_all', metadata: { count: changed.length } });
    }
    return { updated: changed.length };
  });
}

export async function deleteNotification(ctx: Ctx, id: string): Promise<void> {
  const userId = recipient(ctx);
  await withTx(ctx, async (t) => {
    if (!(await deleteNotificationRow(t.db, userId, id))) throw notFound(id);
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
  });
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the notifications (titles, bodies, data), whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubNotificationsOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubNotificationTexts(t.db, erasureSql(erasure), opts);
}
