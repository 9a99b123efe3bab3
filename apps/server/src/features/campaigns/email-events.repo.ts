import { eq, type SQL, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import { type Queryable, rowsOf } from '../../platform/db/client.ts';
import { type EmailEventType, emailEvents } from './campaigns.schema.ts';

/** A campaign e-mail as the `email.*` events and `GET /email-events` show it (@crm/contracts `EmailRecord`). */
export interface EmailRecordRow {
  id: string;
  messageId: string | null;
  campaignId: string;
  campaignName: string;
  stepId: string;
  step: number;
  variant: string | null;
  subject: string | null;
  personId: string;
  address: string;
  ownerId: string | null;
  teamId: string | null;
  sentAt: Date | null;
  recipientId: string;
}

interface RawEmail {
  id: string;
  message_id: string | null;
  campaign_id: string;
  campaign_name: string;
  step_id: string;
  step: number;
  variant: string | null;
  subject: string | null;
  person_id: string;
  address: string;
  owner_id: string | null;
  team_id: string | null;
  sent_at: Date | string | null;
  recipient_id: string;
}

const at = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

function toRecord(r: RawEmail): EmailRecordRow {
  return {
    id: r.id,
    messageId: r.message_id,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    stepId: r.step_id,
    step: Number(r.step) + 1,
    variant: r.variant,
    subject: r.subject,
    personId: r.person_id,
    address: String(r.address),
    ownerId: r.owner_id,
    teamId: r.team_id,
    sentAt: at(r.sent_at),
    recipientId: r.recipient_id,
  };
}

/**
 * The e-mail of each send, with the rendered subject of its mail and its contact's owner and team (the events'
 * visibility). Reads the mail outbox and the contacts through SQL: one query for any number of sends.
 */
const EMAIL_SELECT = sql`
  select s.id, s.message_id, s.campaign_id, c.name as campaign_name, s.step_id, st.position as step, v.key as variant,
         coalesce(m.subject, v.subject) as subject, r.person_id, r.address, p.owner_id, p.team_id,
         coalesce(m.sent_at, s.queued_at) as sent_at, s.recipient_id
    from campaign_sends s
    join campaigns c on c.id = s.campaign_id
    join campaign_steps st on st.id = s.step_id
    join campaign_recipients r on r.id = s.recipient_id
    left join campaign_variants v on v.id = s.variant_id
    left join mail_messages m on m.id = s.mail_id
    left join people p on p.id = r.person_id`;

export async function emailRecordsOf(db: Queryable, sendIds: string[]): Promise<Map<string, EmailRecordRow>> {
  if (!sendIds.length) return new Map();
  const rows = rowsOf<RawEmail>(
    await db.execute(
      sql`${EMAIL_SELECT} where s.id in (${sql.join(
        sendIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    ),
  );
  return new Map(rows.map((r) => [r.id, toRecord(r)]));
}

/** The send of a campaign's mail, by its Message-ID (a bounce or a complaint names it). */
export async function sendIdOfMessage(db: Queryable, messageId: string): Promise<string | null> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`select id from campaign_sends where message_id = ${messageId} limit 1`),
  );
  return rows[0]?.id ?? null;
}

/** The latest mail of a campaign handed over for a recipient: the one an unsubscription came through. */
export async function latestSendOf(db: Queryable, campaignId: string, recipientId: string): Promise<string | null> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`select id from campaign_sends
      where campaign_id = ${campaignId} and recipient_id = ${recipientId} and status = 'queued'
      order by queued_at desc limit 1`),
  );
  return rows[0]?.id ?? null;
}

export async function findEmailEvent(db: Queryable, id: string) {
  const [row] = await db.select().from(emailEvents).where(eq(emailEvents.id, id));
  return row ?? null;
}

/** Whether an event of this type is already stored for the recipient (one unsubscription per recipient). */
export async function recipientHasEvent(db: Queryable, recipientId: string, type: EmailEventType): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(sql`select 1 from email_events where recipient_id = ${recipientId} and type = ${type} limit 1`),
  );
  return rows.length > 0;
}

/** People's events of one type on one mail (this one included): the count the opened and clicked events carry. */
export async function humanEventCount(db: Queryable, sendId: string, type: EmailEventType): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from email_events where send_id = ${sendId} and type = ${type} and not machine`,
    ),
  );
  return Number(rows[0]?.n ?? 0);
}

export interface EmailEventListRow {
  eventId: string;
  type: EmailEventType;
  at: Date;
  url: string | null;
  email: EmailRecordRow;
}

/**
 * People's e-mail events of the contacts the actor may see, newest first (keyset on at, id): what `GET /email-events`
 * and the integrations' polling read.
 */
export async function listEmailEvents(
  db: Queryable,
  actor: Actor,
  q: {
    types?: EmailEventType[];
    personId?: string;
    campaignId?: string;
    before?: { at: string; id: string };
    limit: number;
  },
): Promise<EmailEventListRow[]> {
  const where: SQL[] = [sql`not e.machine`, scopeSql(actor, 'p')];
  if (q.types?.length)
    where.push(
      sql`e.type in (${sql.join(
        q.types.map((t) => sql`${t}`),
        sql`, `,
      )})`,
    );
  if (q.personId) where.push(sql`r.person_id = ${q.personId}`);
  if (q.campaignId) where.push(sql`e.campaign_id = ${q.campaignId}`);
  if (q.before) where.push(sql`(e.at, e.id::text) < (${q.before.at}::timestamptz, ${q.before.id})`);
  const rows = rowsOf<
    RawEmail & { event_id: string; event_type: EmailEventType; event_at: Date | string; url: string | null }
  >(
    await db.execute(sql`
      select x.*, e.id as event_id, e.type as event_type, e.at as event_at, e.url
        from email_events e
        join lateral (${EMAIL_SELECT} where s.id = e.send_id) x on true
        join campaign_recipients r on r.id = e.recipient_id
        join people p on p.id = r.person_id and p.deleted_at is null
       where ${sql.join(where, sql` and `)}
       order by e.at desc, e.id::text desc
       limit ${q.limit}`),
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    type: r.event_type,
    at: at(r.event_at) as Date,
    url: r.url,
    email: toRecord(r),
  }));
}

/**
 * A hub's campaign e-mails as timeline items (one per mail handed over: its subject, when it left, and what the
 * recipient did), for a contact or for the contacts of an organisation, scoped like the contacts.
 */
export function emailsTimeline(actor: Actor, hubType: string, hubId: string): SQL {
  const people =
    hubType === 'person'
      ? sql`r.person_id = ${hubId}`
      : hubType === 'organisation'
        ? sql`r.person_id in (select person_id from person_organisations where organisation_id = ${hubId})`
        : sql`false`;
  return sql`select 'email', s.id, coalesce(m.sent_at, s.queued_at), coalesce(m.subject, v.subject, ''), null, c.owner_id,
      jsonb_build_object(
        'campaignId', c.id, 'campaignName', c.name, 'personId', r.person_id, 'step', st.position + 1,
        'mailStatus', m.status,
        'opened', exists (select 1 from email_events e where e.send_id = s.id and e.type = 'opened' and not e.machine),
        'clicked', exists (select 1 from email_events e where e.send_id = s.id and e.type = 'clicked' and not e.machine),
        'bounced', exists (select 1 from email_events e where e.send_id = s.id and e.type = 'bounced'),
        'complained', exists (select 1 from email_events e where e.send_id = s.id and e.type = 'complained'),
        'unsubscribed', exists (select 1 from email_events e where e.send_id = s.id and e.type = 'unsubscribed'))
    from campaign_sends s
    join campaigns c on c.id = s.campaign_id
    join campaign_steps st on st.id = s.step_id
    join campaign_recipients r on r.id = s.recipient_id
    join people p on p.id = r.person_id
    left join campaign_variants v on v.id = s.variant_id
    left join mail_messages m on m.id = s.mail_id
    where s.status = 'queued' and ${people} and ${scopeSql(actor, 'p')}`;
}
