import { LOST_REASON_LABELS, type LostReasonCode, type MANDAT_STAGES, STAGE_LABELS } from '@crm/contracts';
import { and, eq } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.schema.ts';
import { systemCtx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import type { EventHandler } from '../../platform/events/dispatch.ts';
import type { DomainEvent } from '../../platform/events/emit.ts';
import type { NotifyInput } from './notifications.contracts.ts';
import { notify } from './notifications.service.ts';

type Stage = (typeof MANDAT_STAGES)[number];
type Locale = 'fr' | 'en';

interface TaskPayload {
  task: { id: string; title: string; status: string; assigneeId: string | null; createdBy: string | null };
}
interface DealPayload {
  mandat: { id: string; title: string; ownerId: string | null; lostReason?: string | null };
  from?: Stage;
  to?: Stage;
  lostReasonCode?: LostReasonCode;
}

/** Why a mandate was lost, in the reader's language: the reason's name, then the detail given if any. */
function lostBecause(locale: Locale, code: LostReasonCode, detail: string | null | undefined): string {
  const name = LOST_REASON_LABELS[locale][code];
  if (!detail) return name;
  return locale === 'fr' ? `${name} : ${detail}` : `${name}: ${detail}`;
}

/** Titles in the recipient's language: the bell shows them as they are. */
const TITLES: Record<Locale, Record<string, (name: string) => string>> = {
  fr: {
    'task.assigned': (n) => `Nouvelle tâche pour vous : ${n}`,
    'task.due': (n) => `Tâche arrivée à échéance : ${n}`,
    'deal.won': (n) => `Mandat gagné : ${n}`,
    'deal.lost': (n) => `Mandat perdu : ${n}`,
    'deal.stage_changed': (n) => `Mandat avancé : ${n}`,
  },
  en: {
    'task.assigned': (n) => `New task for you: ${n}`,
    'task.due': (n) => `Task due: ${n}`,
    'deal.won': (n) => `Mandate won: ${n}`,
    'deal.lost': (n) => `Mandate lost: ${n}`,
    'deal.stage_changed': (n) => `Mandate moved on: ${n}`,
  },
};

interface Notice {
  userId: string | null;
  name: string;
  data: Record<string, unknown>;
  body?: (locale: Locale) => string | null;
}

/**
 * Who is told about an event. Nobody is told about what they did themselves: a task someone assigns to
 * themselves, a mandate its owner moves. Won and lost have their own notice, so their stage change has none.
 */
function noticeOf(event: DomainEvent): Notice | null {
  const self = (userId: string | null) => !userId || userId === event.actorId;
  switch (event.type) {
    case 'task.assigned': {
      const { task } = event.payload as TaskPayload;
      if (self(task.assigneeId)) return null;
      return { userId: task.assigneeId, name: task.title, data: { entityType: 'task', id: task.id } };
    }
    case 'task.due': {
      const { task } = event.payload as TaskPayload;
      if (task.status === 'done') return null;
      return { userId: task.assigneeId ?? task.createdBy, name: task.title, data: { entityType: 'task', id: task.id } };
    }
    case 'deal.won':
    case 'deal.lost': {
      const { mandat, lostReasonCode } = event.payload as DealPayload;
      if (self(mandat.ownerId)) return null;
      return {
        userId: mandat.ownerId,
        name: mandat.title,
        data: { entityType: 'mandat', id: mandat.id },
        // The mandate's own `lostReason` is the detail alone (the payload's falls back on the French name).
        body: (locale) => (lostReasonCode ? lostBecause(locale, lostReasonCode, mandat.lostReason) : null),
      };
    }
    case 'deal.stage_changed': {
      const { mandat, from, to } = event.payload as DealPayload;
      if (self(mandat.ownerId) || !from || !to || to === 'gagne' || to === 'perdu') return null;
      return {
        userId: mandat.ownerId,
        name: mandat.title,
        data: { entityType: 'mandat', id: mandat.id, from, to },
        body: (locale) => `${STAGE_LABELS[locale][from]} → ${STAGE_LABELS[locale][to]}`,
      };
    }
    default:
      return null;
  }
}

export const NOTIFIED_EVENT_TYPES = ['task.assigned', 'task.due', 'deal.won', 'deal.lost', 'deal.stage_changed'];

/** In-app notifications caused by domain events, at most one per user and event (handlers may run twice). */
export const notifyOnEvents: EventHandler = {
  name: 'notify-users',
  types: NOTIFIED_EVENT_TYPES,
  async handle(event, { deps }) {
    const notice = noticeOf(event);
    if (!notice?.userId) return;
    const recipientId = notice.userId;
    await withTx(systemCtx(deps), async (t) => {
      const [recipient] = await t.db
        .select({ locale: users.locale })
        .from(users)
        .where(and(eq(users.id, recipientId), eq(users.isActive, true)));
      if (!recipient) return; // deactivated or gone: nobody to tell
      const locale: Locale = recipient.locale === 'en' ? 'en' : 'fr';
      const title = TITLES[locale][event.type];
      if (!title) return;
      const input: NotifyInput = {
        userId: recipientId,
        type: event.type,
        title: title(notice.name),
        body: notice.body?.(locale) ?? null,
        data: notice.data,
        sourceEventId: event.id,
      };
      await notify(t, input);
    });
  },
};
