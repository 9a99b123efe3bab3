import type { EmailRecord, EventPayload } from '@crm/contracts';
import { z } from 'zod';
import { type Ctx, systemCtx } from '../../platform/context.ts';
import { newId } from '../../platform/db/ids.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../platform/db/keyset.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { type EventItem, emitMany } from '../../platform/events/emit.ts';
import { defineJob } from '../../platform/jobs/define-job.ts';
import { insertEmailEvent } from './campaigns.repo.ts';
import type { EmailEventType } from './campaigns.schema.ts';
import {
  type EmailRecordRow,
  emailRecordsOf,
  findEmailEvent,
  humanEventCount,
  listEmailEvents,
} from './email-events.repo.ts';

/** What each type of e-mail event says beyond the e-mail (docs/CAMPAIGNS.md, "Events"). */
type Extras = {
  sent: Record<string, never>;
  delivered: Pick<EventPayload<'email.delivered'>, 'response'>;
  opened: Record<string, never>;
  clicked: Pick<EventPayload<'email.clicked'>, 'url'>;
  bounced: Pick<EventPayload<'email.bounced'>, 'bounceType' | 'status' | 'reason' | 'source'>;
  complained: Pick<EventPayload<'email.complained'>, 'source'>;
  unsubscribed: Pick<EventPayload<'email.unsubscribed'>, 'source'>;
};

/** One event of one campaign mail: its send, when, whether a machine made it (and why), and its type's extras. */
export type EmailEventInput = {
  [T in keyof Extras]: {
    sendId: string;
    type: T;
    at: Date;
    machineReason?: string | null;
    extras: Extras[T];
  };
}[keyof Extras];

/** The e-mail as the events carry it: the contact's owner and team, never the internal recipient row. */
export function emailRecord(r: EmailRecordRow): Omit<EmailRecordRow, 'recipientId'> {
  const { recipientId: _internal, ...record } = r;
  return record;
}

/**
 * Stores e-mail events (`email_events`) and emits the `email.*` domain events of those a person made, in the caller's
 * transaction: the event exists if and only if what it reports was recorded. Machines' opens and clicks (privacy
 * proxies, link scanners) are stored, counted apart in the reports, and not emitted: no workflow or Zap fires on a
 * scanner. A person's click is emitted a few seconds later (`confirm-email-click`), once no burst of clicks on the
 * mail's other links has shown a scanner made it. Returns the ids of the stored events, in order (null for a send that
 * does not exist).
 */
export async function recordEmailEvents(t: Tx, inputs: readonly EmailEventInput[]): Promise<(string | null)[]> {
  if (!inputs.length) return [];
  const records = await emailRecordsOf(t.db, [...new Set(inputs.map((i) => i.sendId))]);
  const ids: (string | null)[] = [];
  const stored: StoredEmailEvent[] = [];
  for (const input of inputs) {
    const record = records.get(input.sendId);
    if (!record) {
      ids.push(null);
      continue;
    }
    const id = newId();
    await insertEmailEvent(t.db, {
      id,
      campaignId: record.campaignId,
      sendId: record.id,
      recipientId: record.recipientId,
      type: input.type,
      machine: !!input.machineReason,
      machineReason: input.machineReason ?? null,
      url: input.type === 'clicked' ? input.extras.url : null,
      at: input.at,
    });
    ids.push(id);
    stored.push({ ...input, id });
  }
  await emitEmailEvents(t, stored, records);
  return ids;
}

/** An e-mail event already stored (`email_events.id`), as recorded. */
export type StoredEmailEvent = EmailEventInput & { id: string };

/**
 * Emits the domain events of stored e-mail events a person made (bounces.service.ts stores its own rows, with their
 * details, then calls this): a click through `confirm-email-click`, the others at once, in the caller's transaction.
 */
export async function emitEmailEvents(
  t: Tx,
  stored: readonly StoredEmailEvent[],
  known?: Map<string, EmailRecordRow>,
): Promise<void> {
  const human = stored.filter((s) => !s.machineReason);
  if (!human.length) return;
  const records = known ?? (await emailRecordsOf(t.db, [...new Set(human.map((s) => s.sendId))]));
  const items: EventItem[] = [];
  for (const s of human) {
    const record = records.get(s.sendId);
    if (!record) continue;
    if (s.type === 'clicked') {
      await t.ctx.deps.queue.enqueue(t, confirmEmailClickJob, { eventId: s.id }, { startAfterSeconds: CLICK_SETTLE_S });
    } else {
      items.push(await eventOf(t, s, { email: emailRecord(record), emailEventId: s.id }));
    }
  }
  await emitMany(t, items);
}

/** Longer than the burst window of tracking.ts (2 s): by then a scanner's other clicks have flagged this one. */
const CLICK_SETTLE_S = 4;

/** Emits `email.clicked` for a click still counted as a person's once the burst window has passed. */
export const confirmEmailClickJob = defineJob({
  name: 'confirm-email-click',
  input: z.object({ eventId: z.uuid() }),
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  handler: async ({ eventId }, { deps }) =>
    withTx(systemCtx(deps), async (t) => {
      const click = await findEmailEvent(t.db, eventId);
      if (!click || click.machine || click.type !== 'clicked' || !click.url) return { emitted: false };
      const record = (await emailRecordsOf(t.db, [click.sendId])).get(click.sendId);
      if (!record) return { emitted: false };
      const base = { email: emailRecord(record), emailEventId: click.id };
      await emitMany(t, [
        {
          type: 'email.clicked',
          payload: { ...base, url: click.url, clickCount: await humanEventCount(t.db, click.sendId, 'clicked') },
        },
      ]);
      return { emitted: true };
    }),
});

async function eventOf(
  t: Tx,
  input: EmailEventInput,
  base: { email: EmailRecord; emailEventId: string },
): Promise<EventItem> {
  const count = (type: EmailEventType) => humanEventCount(t.db, input.sendId, type);
  switch (input.type) {
    case 'sent':
      return { type: 'email.sent', payload: base };
    case 'delivered':
      return { type: 'email.delivered', payload: { ...base, ...input.extras } };
    case 'opened':
      return { type: 'email.opened', payload: { ...base, openCount: await count('opened') } };
    case 'clicked':
      throw new Error('a click is emitted by confirm-email-click');
    case 'bounced':
      return { type: 'email.bounced', payload: { ...base, ...input.extras } };
    case 'complained':
      return { type: 'email.complained', payload: { ...base, ...input.extras } };
    case 'unsubscribed':
      return { type: 'email.unsubscribed', payload: { ...base, ...input.extras } };
  }
}

/** `GET /email-events`: people's e-mail events of the contacts the caller may see, newest first (keyset on time). */
export async function listEmailEventsFor(
  ctx: Ctx,
  q: { type?: EmailEventType[]; personId?: string; campaignId?: string; limit: number; cursor?: string },
) {
  const rows = await listEmailEvents(ctx.deps.database.db, ctx.actor, {
    types: q.type,
    personId: q.personId,
    campaignId: q.campaignId,
    before: q.cursor ? decodeTimeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const items = rows.slice(0, q.limit).map((r) => ({
    id: r.eventId,
    type: r.type,
    at: r.at,
    url: r.url,
    email: emailRecord(r.email),
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.at, last.id) : null };
}
