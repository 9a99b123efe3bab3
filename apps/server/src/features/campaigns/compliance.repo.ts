import { and, desc, eq, ilike, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.ts';
import {
  type ConsentBasis,
  emailConsents,
  emailSuppressions,
  type MarketingTopic,
  type SuppressionReason,
  type SuppressionSource,
} from './campaigns.schema.ts';

export type SuppressionRow = typeof emailSuppressions.$inferSelect;
export type ConsentRow = typeof emailConsents.$inferSelect;

/** Adds an address to the suppression list; an address already there keeps its first reason. True when added. */
export async function insertSuppression(
  db: Queryable,
  values: {
    address: string;
    reason: SuppressionReason;
    source: SuppressionSource;
    campaignId?: string | null;
    detail?: string | null;
    createdBy?: string | null;
  },
): Promise<SuppressionRow | null> {
  const [row] = await db.insert(emailSuppressions).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function deleteSuppression(db: Queryable, address: string): Promise<SuppressionRow | null> {
  const [row] = await db.delete(emailSuppressions).where(eq(emailSuppressions.address, address)).returning();
  return row ?? null;
}

export async function findSuppression(db: Queryable, address: string): Promise<SuppressionRow | null> {
  const [row] = await db.select().from(emailSuppressions).where(eq(emailSuppressions.address, address));
  return row ?? null;
}

/** The suppressed addresses among `addresses` (lower-cased keys), one query. */
export async function suppressionsOf(db: Queryable, addresses: string[]): Promise<Map<string, SuppressionRow>> {
  if (!addresses.length) return new Map();
  const rows = await db.select().from(emailSuppressions).where(inArray(emailSuppressions.address, addresses));
  return new Map(rows.map((r) => [r.address.toLowerCase(), r]));
}

/** The list, newest first, by keyset on (created_at, id). */
export async function listSuppressions(
  db: Queryable,
  q: { reason?: SuppressionReason; search?: string; limit: number; before?: { at: Date; id: string } },
): Promise<SuppressionRow[]> {
  const where = [
    q.reason ? eq(emailSuppressions.reason, q.reason) : undefined,
    q.search ? ilike(emailSuppressions.address, `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    q.before
      ? sql`(${emailSuppressions.createdAt}, ${emailSuppressions.id}) < (${q.before.at}, ${q.before.id}::uuid)`
      : undefined,
  ];
  return db
    .select()
    .from(emailSuppressions)
    .where(and(...where))
    .orderBy(desc(emailSuppressions.createdAt), desc(emailSuppressions.id))
    .limit(q.limit);
}

export async function countSuppressions(db: Queryable): Promise<Record<SuppressionReason, number>> {
  const rows = await db
    .select({ reason: emailSuppressions.reason, n: sql<number>`count(*)::int` })
    .from(emailSuppressions)
    .groupBy(emailSuppressions.reason);
  const out = { unsubscribed: 0, bounced: 0, complained: 0, manual: 0 };
  for (const r of rows) out[r.reason] = r.n;
  return out;
}

export async function findConsent(db: Queryable, address: string): Promise<ConsentRow | null> {
  const [row] = await db.select().from(emailConsents).where(eq(emailConsents.address, address));
  return row ?? null;
}

export async function consentsOf(db: Queryable, addresses: string[]): Promise<Map<string, ConsentRow>> {
  if (!addresses.length) return new Map();
  const rows = await db.select().from(emailConsents).where(inArray(emailConsents.address, addresses));
  return new Map(rows.map((r) => [r.address.toLowerCase(), r]));
}

export async function upsertConsent(
  db: Queryable,
  values: { address: string; basis: ConsentBasis; source: string; collectedAt: Date; updatedBy: string | null },
): Promise<ConsentRow> {
  const { address: _a, ...set } = values;
  const [row] = await db
    .insert(emailConsents)
    .values(values)
    .onConflictDoUpdate({ target: emailConsents.address, set })
    .returning();
  return row as ConsentRow;
}

/**
 * The topics an address turned off. An address we hold no consent row for gets one: the preference centre is used
 * from a mail we sent, so its basis is the legitimate interest of B2B prospecting, collected "by our own mail".
 */
export async function setTopicsOff(db: Queryable, address: string, topics: MarketingTopic[], now: Date) {
  const [row] = await db
    .insert(emailConsents)
    .values({ address, basis: 'legitimate_interest', source: 'preference_centre', collectedAt: now, topicsOff: topics })
    .onConflictDoUpdate({ target: emailConsents.address, set: { topicsOff: topics, updatedAt: now } })
    .returning();
  return row as ConsentRow;
}
