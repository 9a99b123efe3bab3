import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/client.ts';
import { emailEvents } from './campaigns.schema.ts';

/** The campaign send that wrote the mail of this Message-ID (`<mailId@host>`), with its recipient, or null. */
export async function sendByMessageId(db: Queryable, messageId: string) {
  const [r] = rowsOf<{ id: string; campaign_id: string; recipient_id: string; person_id: string; address: string }>(
    await db.execute(sql`
      select s.id, s.campaign_id, s.recipient_id, r.person_id, r.address
        from campaign_sends s join campaign_recipients r on r.id = s.recipient_id
       where s.message_id = ${messageId}`),
  );
  return r
    ? { id: r.id, campaignId: r.campaign_id, recipientId: r.recipient_id, personId: r.person_id, address: r.address }
    : null;
}

/**
 * Records a bounce or a complaint; false when this send already has one of its kind (the unique indexes
 * `email_events_bounce_uq` and `email_events_complaint_uq`: the same report read twice is recorded once).
 */
/** The event's id, or null when this send already has one of this kind (the unique indexes). */
export async function insertFailureEvent(
  db: Queryable,
  values: typeof emailEvents.$inferInsert,
): Promise<string | null> {
  const rows = await db.insert(emailEvents).values(values).onConflictDoNothing().returning({ id: emailEvents.id });
  return rows[0]?.id ?? null;
}

/** The soft bounces of mails to an address since `since`, whichever campaign sent them. */
export async function softBouncesSince(db: Queryable, address: string, since: Date): Promise<number> {
  const [r] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n
        from email_events e join campaign_recipients r on r.id = e.recipient_id
       where r.address = ${address} and e.type = 'bounced' and e.bounce_type = 'soft' and e.at >= ${since}`),
  );
  return r?.n ?? 0;
}
