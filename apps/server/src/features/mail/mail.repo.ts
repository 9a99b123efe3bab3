import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.ts';
import { type MailStatus, mailMessages, mailSettings } from './mail.schema.ts';

export type MailRow = typeof mailMessages.$inferSelect;
export type NewMailRow = typeof mailMessages.$inferInsert;
export type MailSettingsRow = typeof mailSettings.$inferSelect;

export async function insertMail(db: Queryable, values: NewMailRow): Promise<MailRow> {
  const [row] = await db.insert(mailMessages).values(values).returning();
  return row as MailRow;
}

export async function findMail(db: Queryable, id: string): Promise<MailRow | null> {
  const [row] = await db.select().from(mailMessages).where(eq(mailMessages.id, id));
  return row ?? null;
}

/**
 * Takes a mail for one attempt: a queued one, or one left `sending` by a worker whose lease passed (it died). Marks it
 * `sending` until `leaseUntil` and counts the attempt; null when there is nothing to take (sent, failed, or another
 * worker holds it).
 */
export async function claimMail(db: Queryable, id: string, now: Date, leaseUntil: Date): Promise<MailRow | null> {
  const [row] = await db
    .update(mailMessages)
    .set({ status: 'sending', leaseUntil, attempts: sql`${mailMessages.attempts} + 1`, updatedAt: now })
    .where(
      and(
        eq(mailMessages.id, id),
        or(
          eq(mailMessages.status, 'queued'),
          and(eq(mailMessages.status, 'sending'), lt(mailMessages.leaseUntil, now)),
        ),
      ),
    )
    .returning();
  return row ?? null;
}

/** The attempt's outcome: sent (the body dropped when sensitive), back in the queue, or failed for good. */
export async function settleMail(
  db: Queryable,
  id: string,
  outcome:
    | { status: 'sent'; response: string; at: Date; dropBody: boolean }
    | { status: Exclude<MailStatus, 'sent' | 'sending'>; error: string; at: Date },
): Promise<void> {
  const set =
    outcome.status === 'sent'
      ? {
          status: 'sent' as const,
          response: outcome.response.slice(0, 500),
          sentAt: outcome.at,
          leaseUntil: null,
          lastError: null,
          ...(outcome.dropBody ? { bodySealed: null } : {}),
        }
      : { status: outcome.status, lastError: outcome.error.slice(0, 1000), leaseUntil: null };
  await db
    .update(mailMessages)
    .set({ ...set, updatedAt: outcome.at })
    .where(eq(mailMessages.id, id));
}

/** The latest mails, newest first, optionally of some statuses (the administrators' outbox). */
export async function listMails(db: Queryable, opts: { statuses?: MailStatus[]; limit: number }): Promise<MailRow[]> {
  return db
    .select()
    .from(mailMessages)
    .where(opts.statuses?.length ? inArray(mailMessages.status, opts.statuses) : undefined)
    .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
    .limit(opts.limit);
}

/** How many mails are in each status. */
export async function countMailsByStatus(db: Queryable): Promise<Record<MailStatus, number>> {
  const rows = await db
    .select({ status: mailMessages.status, n: sql<number>`count(*)::int` })
    .from(mailMessages)
    .groupBy(mailMessages.status);
  const counts = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export async function readMailSettings(db: Queryable): Promise<MailSettingsRow | null> {
  const [row] = await db.select().from(mailSettings).where(eq(mailSettings.id, 1));
  return row ?? null;
}

export async function writeMailSettings(
  db: Queryable,
  values: Omit<typeof mailSettings.$inferInsert, 'id'>,
): Promise<MailSettingsRow> {
  const [row] = await db
    .insert(mailSettings)
    .values({ ...values, id: 1 })
    .onConflictDoUpdate({ target: mailSettings.id, set: values })
    .returning();
  return row as MailSettingsRow;
}

export async function deleteMailSettings(db: Queryable): Promise<boolean> {
  const rows = await db.delete(mailSettings).where(eq(mailSettings.id, 1)).returning({ id: mailSettings.id });
  return rows.length > 0;
}
