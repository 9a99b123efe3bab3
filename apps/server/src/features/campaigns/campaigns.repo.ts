import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/client.ts';
import {
  type CampaignStatus,
  campaignRecipients,
  campaignSends,
  campaignSteps,
  campaigns,
  campaignVariants,
  emailEvents,
} from './campaigns.schema.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type StepRow = typeof campaignSteps.$inferSelect;
export type VariantRow = typeof campaignVariants.$inferSelect;
export type SendRow = typeof campaignSends.$inferSelect;
export type RecipientRow = typeof campaignRecipients.$inferSelect;

export interface StepWithVariants extends StepRow {
  variants: VariantRow[];
}

export function listCampaigns(db: Queryable, status?: CampaignStatus[]): Promise<CampaignRow[]> {
  return db
    .select()
    .from(campaigns)
    .where(and(isNull(campaigns.deletedAt), status?.length ? inArray(campaigns.status, status) : undefined))
    .orderBy(desc(campaigns.updatedAt))
    .limit(500);
}

export async function findCampaign(
  db: Queryable,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CampaignRow | null> {
  const q = db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), isNull(campaigns.deletedAt)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function insertCampaign(db: Queryable, values: typeof campaigns.$inferInsert) {
  const [row] = await db.insert(campaigns).values(values).returning();
  return row as CampaignRow;
}

export async function updateCampaignRow(db: Queryable, id: string, values: Partial<typeof campaigns.$inferInsert>) {
  const [row] = await db.update(campaigns).set(values).where(eq(campaigns.id, id)).returning();
  return row as CampaignRow;
}

export async function stepsOf(db: Queryable, campaignId: string): Promise<StepWithVariants[]> {
  const steps = await db
    .select()
    .from(campaignSteps)
    .where(eq(campaignSteps.campaignId, campaignId))
    .orderBy(asc(campaignSteps.position));
  if (!steps.length) return [];
  const variants = await db
    .select()
    .from(campaignVariants)
    .where(
      inArray(
        campaignVariants.stepId,
        steps.map((s) => s.id),
      ),
    )
    .orderBy(asc(campaignVariants.key));
  return steps.map((s) => ({ ...s, variants: variants.filter((v) => v.stepId === s.id) }));
}

/** Replaces the steps of a draft (and their variants) by `steps`. */
export async function replaceSteps(
  db: Queryable,
  campaignId: string,
  steps: {
    delayHours: number;
    condition: StepRow['condition'];
    variants: Omit<typeof campaignVariants.$inferInsert, 'stepId'>[];
  }[],
): Promise<void> {
  await db.delete(campaignSteps).where(eq(campaignSteps.campaignId, campaignId));
  for (const [position, step] of steps.entries()) {
    const [row] = await db
      .insert(campaignSteps)
      .values({ campaignId, position, delayHours: step.delayHours, condition: step.condition })
      .returning({ id: campaignSteps.id });
    if (!row) throw new Error('step not inserted');
    await db.insert(campaignVariants).values(step.variants.map((v) => ({ ...v, stepId: row.id })));
  }
}

export async function insertRecipients(db: Queryable, rows: (typeof campaignRecipients.$inferInsert)[]) {
  if (!rows.length) return [];
  return db.insert(campaignRecipients).values(rows).onConflictDoNothing().returning();
}

export async function insertSends(db: Queryable, rows: (typeof campaignSends.$inferInsert)[]) {
  if (!rows.length) return;
  await db.insert(campaignSends).values(rows).onConflictDoNothing();
}

/** Mails handed to the outbox in the last minute (the campaign's pace is a sliding minute). */
export async function queuedSince(db: Queryable, campaignId: string, since: Date): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaignSends)
    .where(and(eq(campaignSends.campaignId, campaignId), sql`${campaignSends.queuedAt} > ${since}`));
  return r?.n ?? 0;
}

/**
 * Locks up to `limit` due sends of the campaign, oldest due first, skipping rows another worker holds: the caller
 * hands them to the outbox in the same transaction, so each is written once whatever happens to the process.
 */
export async function lockDueSends(db: Queryable, campaignId: string, now: Date, limit: number): Promise<SendRow[]> {
  return db
    .select()
    .from(campaignSends)
    .where(
      and(eq(campaignSends.campaignId, campaignId), eq(campaignSends.status, 'pending'), lte(campaignSends.dueAt, now)),
    )
    .orderBy(asc(campaignSends.dueAt), asc(campaignSends.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function updateSend(db: Queryable, id: string, values: Partial<typeof campaignSends.$inferInsert>) {
  await db.update(campaignSends).set(values).where(eq(campaignSends.id, id));
}

export async function recipientsByIds(db: Queryable, ids: string[]): Promise<Map<string, RecipientRow>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(campaignRecipients).where(inArray(campaignRecipients.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function pendingCount(db: Queryable, campaignId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaignSends)
    .where(and(eq(campaignSends.campaignId, campaignId), eq(campaignSends.status, 'pending')));
  return r?.n ?? 0;
}

export async function cancelPending(db: Queryable, campaignId: string): Promise<void> {
  await db
    .update(campaignSends)
    .set({ status: 'cancelled' })
    .where(and(eq(campaignSends.campaignId, campaignId), eq(campaignSends.status, 'pending')));
}

/** Whether the recipient opened or clicked (a person, not a machine) any mail of the campaign. */
export async function engaged(db: Queryable, recipientId: string, type: 'opened' | 'clicked'): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(
      sql`select 1 from email_events where recipient_id = ${recipientId} and type = ${type} and not machine limit 1`,
    ),
  );
  return rows.length > 0;
}

/** Recipients of each variant who opened (or clicked), people only: the A/B test's score. */
export async function variantScores(
  db: Queryable,
  variantIds: string[],
  type: 'opened' | 'clicked',
): Promise<Map<string, number>> {
  if (!variantIds.length) return new Map();
  const rows = rowsOf<{ variant_id: string; n: number }>(
    await db.execute(sql`
      select s.variant_id, count(distinct e.recipient_id)::int as n
        from campaign_sends s join email_events e on e.send_id = s.id and e.type = ${type} and not e.machine
       where s.variant_id in (${sql.join(
         variantIds.map((v) => sql`${v}::uuid`),
         sql`, `,
       )})
       group by s.variant_id`),
  );
  return new Map(rows.map((r) => [r.variant_id, r.n]));
}

export async function markWinner(db: Queryable, variantId: string): Promise<void> {
  await db.update(campaignVariants).set({ isWinner: true }).where(eq(campaignVariants.id, variantId));
}

/** Campaigns the scheduler looks at: those due to start and those running. */
export function activeCampaigns(db: Queryable, now: Date): Promise<CampaignRow[]> {
  return db
    .select()
    .from(campaigns)
    .where(
      and(
        isNull(campaigns.deletedAt),
        sql`(${campaigns.status} = 'running' or (${campaigns.status} = 'scheduled' and ${campaigns.scheduledAt} <= ${now}))`,
      ),
    );
}

/** Counts of the campaign's sends by status, and of the mails by the outbox's status. */
export async function sendCounts(db: Queryable, campaignId: string) {
  const rows = rowsOf<{ status: string; mail_status: string | null; n: number }>(
    await db.execute(sql`
      select s.status, m.status as mail_status, count(*)::int as n
        from campaign_sends s left join mail_messages m on m.id = s.mail_id
       where s.campaign_id = ${campaignId}
       group by s.status, m.status`),
  );
  return rows;
}

/** A send as the tracking needs it: its links, campaign, recipient, and when the mail server took the mail. */
export async function sendForTracking(db: Queryable, sendId: string) {
  const rows = rowsOf<{
    id: string;
    campaign_id: string;
    recipient_id: string;
    tracked_links: string[] | null;
    sent_at: Date | string | null;
  }>(
    await db.execute(sql`
      select s.id, s.campaign_id, s.recipient_id, s.tracked_links, coalesce(m.sent_at, s.queued_at) as sent_at
        from campaign_sends s left join mail_messages m on m.id = s.mail_id
       where s.id = ${sendId} and s.status = 'queued'`),
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    campaignId: r.campaign_id,
    recipientId: r.recipient_id,
    links: r.tracked_links ?? [],
    sentAt: r.sent_at ? new Date(r.sent_at) : null,
  };
}

export async function insertEmailEvent(db: Queryable, values: typeof emailEvents.$inferInsert) {
  await db.insert(emailEvents).values(values);
}

/** Clicks of other links of the same mail since `since` (a scanner follows them all at once). */
export async function otherClicksSince(db: Queryable, sendId: string, since: Date, url: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(emailEvents)
    .where(
      and(
        eq(emailEvents.sendId, sendId),
        eq(emailEvents.type, 'clicked'),
        sql`${emailEvents.at} >= ${since}`,
        sql`${emailEvents.url} <> ${url}`,
      ),
    );
  return r?.n ?? 0;
}

/** The earlier clicks of a burst were a machine's too. */
export async function markBurst(db: Queryable, sendId: string, since: Date): Promise<void> {
  await db
    .update(emailEvents)
    .set({ machine: true, machineReason: 'burst' })
    .where(
      and(
        eq(emailEvents.sendId, sendId),
        eq(emailEvents.type, 'clicked'),
        eq(emailEvents.machine, false),
        sql`${emailEvents.at} >= ${since}`,
      ),
    );
}

/** Per variant: mails by state and the unique opens and clicks of people and of machines (docs/CAMPAIGNS.md). */
export async function variantReport(db: Queryable, campaignId: string) {
  return rowsOf<{
    variant_id: string;
    queued: number;
    sent: number;
    failed: number;
    opened_human: number;
    opened_machine_only: number;
    clicked_human: number;
    clicked_machine_only: number;
    unsubscribed: number;
    bounced: number;
    complained: number;
  }>(
    await db.execute(sql`
      with ev as (
        select send_id,
               bool_or(type = 'opened' and not machine) as oh, bool_or(type = 'opened' and machine) as om,
               bool_or(type = 'clicked' and not machine) as ch, bool_or(type = 'clicked' and machine) as cm,
               bool_or(type = 'unsubscribed') as u, bool_or(type = 'bounced') as b, bool_or(type = 'complained') as c
          from email_events where campaign_id = ${campaignId} group by send_id)
      select s.variant_id,
             count(*) filter (where m.status is distinct from 'sent' and m.status is distinct from 'failed')::int as queued,
             count(*) filter (where m.status = 'sent')::int as sent,
             count(*) filter (where m.status = 'failed')::int as failed,
             count(*) filter (where ev.oh)::int as opened_human,
             count(*) filter (where ev.om and not coalesce(ev.oh, false))::int as opened_machine_only,
             count(*) filter (where ev.ch)::int as clicked_human,
             count(*) filter (where ev.cm and not coalesce(ev.ch, false))::int as clicked_machine_only,
             count(*) filter (where ev.u)::int as unsubscribed,
             count(*) filter (where ev.b)::int as bounced,
             count(*) filter (where ev.c)::int as complained
        from campaign_sends s
        left join mail_messages m on m.id = s.mail_id
        left join ev on ev.send_id = s.id
       where s.campaign_id = ${campaignId} and s.status = 'queued'
       group by s.variant_id`),
  );
}

/** The links clicked: clicks and unique clickers, people and machines apart. */
export async function linkReport(db: Queryable, campaignId: string) {
  return rowsOf<{ url: string; clicks: number; clickers: number; machine_clicks: number }>(
    await db.execute(sql`
      select url, count(*) filter (where not machine)::int as clicks,
             count(distinct recipient_id) filter (where not machine)::int as clickers,
             count(*) filter (where machine)::int as machine_clicks
        from email_events where campaign_id = ${campaignId} and type = 'clicked'
       group by url order by clicks desc, url limit 100`),
  );
}

/** The recipients, with what each did (people's actions only), by address. */
export async function recipientReport(
  db: Queryable,
  campaignId: string,
  q: { limit: number; after?: string; filter?: 'opened' | 'clicked' | 'not_opened' | 'unsubscribed' },
) {
  const filter =
    q.filter === 'opened'
      ? sql`and x.opened`
      : q.filter === 'clicked'
        ? sql`and x.clicked`
        : q.filter === 'not_opened'
          ? sql`and not x.opened`
          : q.filter === 'unsubscribed'
            ? sql`and x.unsubscribed`
            : sql``;
  return rowsOf<{
    id: string;
    person_id: string;
    address: string;
    sent: number;
    skipped: number;
    opened: boolean;
    clicked: boolean;
    unsubscribed: boolean;
    last_event_at: Date | string | null;
  }>(
    await db.execute(sql`
      select * from (
        select r.id, r.person_id, r.address::text as address,
               (select count(*)::int from campaign_sends s where s.recipient_id = r.id and s.status = 'queued') as sent,
               (select count(*)::int from campaign_sends s where s.recipient_id = r.id and s.status = 'skipped') as skipped,
               exists (select 1 from email_events e where e.recipient_id = r.id and e.type = 'opened' and not e.machine) as opened,
               exists (select 1 from email_events e where e.recipient_id = r.id and e.type = 'clicked' and not e.machine) as clicked,
               exists (select 1 from email_events e where e.recipient_id = r.id and e.type = 'unsubscribed') as unsubscribed,
               (select max(e.at) from email_events e where e.recipient_id = r.id) as last_event_at
          from campaign_recipients r
         where r.campaign_id = ${campaignId} ${q.after ? sql`and r.address::text > ${q.after}` : sql``}
      ) x where true ${filter}
      order by x.address limit ${q.limit}`),
  );
}

/**
 * RGPD erasure of a person (docs/CAMPAIGNS.md, "Data protection"): their recipient rows lose the address (the counts
 * and events stay, anonymous), and the consents recorded for their addresses go. The suppression list keeps the
 * address: honouring an objection needs it. Returns the ids of the rows changed (with `dryRun`, that hold one).
 */
export async function scrubCampaignRecipients(
  db: Queryable,
  personId: string,
  addresses: string[],
  opts: { dryRun?: boolean } = {},
): Promise<string[]> {
  const held = rowsOf<{ id: string }>(
    await db.execute(
      sql`select id from campaign_recipients where person_id = ${personId} and address <> 'anonyme@invalid'`,
    ),
  ).map((r) => r.id);
  const consents = addresses.length
    ? rowsOf<{ address: string }>(
        await db.execute(
          sql`select address::text as address from email_consents where address in (${sql.join(
            addresses.map((a) => sql`${a}`),
            sql`, `,
          )})`,
        ),
      ).map((r) => r.address)
    : [];
  if (!opts.dryRun) {
    if (held.length)
      await db.execute(sql`update campaign_recipients set address = 'anonyme@invalid' where person_id = ${personId}`);
    if (consents.length)
      await db.execute(
        sql`delete from email_consents where address in (${sql.join(
          consents.map((a) => sql`${a}`),
          sql`, `,
        )})`,
      );
  }
  return [...held, ...consents];
}
