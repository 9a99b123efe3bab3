import { and, arrayOverlaps, count, desc, eq, gte, inArray, lt, lte, ne, notInArray, type SQL, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.schema.ts';
import type { Db, Queryable } from '../../platform/db/client.ts';
import { afterCursor, encodeCursor, orderBy, type Sort } from '../../platform/db/keyset.ts';
import { type ErasureSql, type ScrubOptions, scrubColumns } from '../../platform/db/scrub.ts';
import { type DeliveryStatus, webhookAttempts, webhookDeliveries, webhookEndpoints } from './webhooks.schema.ts';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type NewEndpointRow = typeof webhookEndpoints.$inferInsert;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type NewDeliveryRow = typeof webhookDeliveries.$inferInsert;
export type AttemptRow = typeof webhookAttempts.$inferSelect;
export type NewAttemptRow = typeof webhookAttempts.$inferInsert;

// ------------------------------------------------------------------------------------------------ endpoints

export async function insertEndpoint(db: Queryable, values: NewEndpointRow): Promise<EndpointRow> {
  const [row] = await db.insert(webhookEndpoints).values(values).returning();
  return row as EndpointRow;
}

export async function updateEndpoint(
  db: Queryable,
  id: string,
  patch: Partial<NewEndpointRow>,
): Promise<EndpointRow | null> {
  const [row] = await db.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, id)).returning();
  return row ?? null;
}

export async function findEndpoint(db: Queryable, id: string): Promise<EndpointRow | null> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row ?? null;
}

/** Endpoints, newest first; `ownerId` undefined = every owner's (admins). */
export async function listEndpoints(db: Queryable, ownerId: string | undefined): Promise<EndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(ownerId ? eq(webhookEndpoints.ownerId, ownerId) : undefined)
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
}

export async function deleteEndpoint(db: Queryable, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** The active endpoints subscribed to `type`, with what their owner may see. Owners deactivated get nothing. */
export async function endpointsForEvent(db: Queryable, type: string) {
  return db
    .select({ endpoint: webhookEndpoints, owner: { id: users.id, role: users.role, teamId: users.teamId } })
    .from(webhookEndpoints)
    .innerJoin(users, eq(users.id, webhookEndpoints.ownerId))
    .where(
      and(
        eq(webhookEndpoints.active, true),
        eq(users.isActive, true),
        arrayOverlaps(webhookEndpoints.eventTypes, ['*', type]),
      ),
    );
}

export interface EndpointHealth {
  endpointId: string;
  attempts24h: number;
  succeeded24h: number;
  pending: number;
  dead: number;
}

/** Per endpoint: attempts and successes over the last day, deliveries waiting, and dead-lettered ones. */
export async function endpointHealth(db: Queryable, ids: string[], now: Date): Promise<Map<string, EndpointHealth>> {
  const out = new Map<string, EndpointHealth>();
  if (ids.length === 0) return out;
  for (const id of ids) out.set(id, { endpointId: id, attempts24h: 0, succeeded24h: 0, pending: 0, dead: 0 });
  const since = new Date(now.getTime() - 86_400_000);
  const attempts = await db
    .select({
      id: webhookAttempts.endpointId,
      n: count(),
      ok: sql<number>`count(*) filter (where ${webhookAttempts.responseStatus} between 200 and 299)`.mapWith(Number),
    })
    .from(webhookAttempts)
    .where(and(inArray(webhookAttempts.endpointId, ids), gte(webhookAttempts.startedAt, since)))
    .groupBy(webhookAttempts.endpointId);
  for (const a of attempts) {
    const h = out.get(a.id) as EndpointHealth;
    h.attempts24h = Number(a.n);
    h.succeeded24h = a.ok;
  }
  const waiting = await db
    .select({ id: webhookDeliveries.endpointId, status: webhookDeliveries.status, n: count() })
    .from(webhookDeliveries)
    .where(
      and(
        inArray(webhookDeliveries.endpointId, ids),
        inArray(webhookDeliveries.status, ['pending', 'delivering', 'failed']),
        // A failed test send is not a lost event.
        ne(webhookDeliveries.trigger, 'test'),
      ),
    )
    .groupBy(webhookDeliveries.endpointId, webhookDeliveries.status);
  for (const w of waiting) {
    const h = out.get(w.id) as EndpointHealth;
    if (w.status === 'failed') h.dead += Number(w.n);
    else h.pending += Number(w.n);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ deliveries

/** Inserts deliveries; one per (endpoint, event) however often the fan-out runs. Returns how many are new. */
export async function insertDeliveries(db: Queryable, rows: NewDeliveryRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(webhookDeliveries)
    .values(rows)
    .onConflictDoNothing({ target: [webhookDeliveries.endpointId, webhookDeliveries.eventId] })
    .returning({ id: webhookDeliveries.id });
  return inserted.length;
}

export async function findDelivery(db: Queryable, endpointId: string, id: string): Promise<DeliveryRow | null> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.endpointId, endpointId)));
  return row ?? null;
}

export async function updateDelivery(
  db: Queryable,
  id: string,
  patch: Partial<NewDeliveryRow>,
  onlyIf?: SQL,
): Promise<DeliveryRow | null> {
  const [row] = await db
    .update(webhookDeliveries)
    .set(patch)
    .where(and(eq(webhookDeliveries.id, id), onlyIf))
    .returning();
  return row ?? null;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  eventType?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

const NEWEST_FIRST: Sort = {
  key: 'createdAt',
  dir: 'desc',
  field: { expr: webhookDeliveries.createdAt, cast: 'timestamptz' },
};

/** One endpoint's deliveries, newest first, keyset-paginated, with the total matching the filters. */
export async function listDeliveries(db: Queryable, endpointId: string, f: DeliveryFilter) {
  const where = and(
    eq(webhookDeliveries.endpointId, endpointId),
    f.status ? eq(webhookDeliveries.status, f.status) : undefined,
    f.eventType ? eq(webhookDeliveries.eventType, f.eventType) : undefined,
    f.from ? gte(webhookDeliveries.createdAt, f.from) : undefined,
    f.to ? lte(webhookDeliveries.createdAt, f.to) : undefined,
  );
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(where, afterCursor(NEWEST_FIRST, webhookDeliveries.id, f.cursor)))
    .orderBy(...orderBy(NEWEST_FIRST, webhookDeliveries.id))
    .limit(f.limit + 1);
  const [total] = await db.select({ n: count() }).from(webhookDeliveries).where(where);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: rows.length > f.limit && last ? encodeCursor(NEWEST_FIRST, last.createdAt, last.id) : null,
    total: Number(total?.n ?? 0),
  };
}

export async function attemptsOf(db: Queryable, deliveryId: string): Promise<AttemptRow[]> {
  return db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(webhookAttempts.startedAt, webhookAttempts.id);
}

export async function insertAttempt(db: Queryable, values: NewAttemptRow): Promise<AttemptRow> {
  const [row] = await db.insert(webhookAttempts).values(values).returning();
  return row as AttemptRow;
}

// ------------------------------------------------------------------------------------------------ dispatcher

export interface Claimed {
  delivery: DeliveryRow;
  endpoint: EndpointRow;
  /** When this request may start (the endpoint's rate limit spaces its requests). */
  slotAt: number;
}

/**
 * Claims due deliveries in one transaction, fairly and within each endpoint's rate: endpoints whose next free slot
 * falls before `horizon` are locked (skipping those another worker holds), each gets as many deliveries as it has
 * slots before the horizon (at most `perEndpoint`), spaced `1 / rate` apart, and its next free slot moves past
 * them. Requests of one endpoint therefore start at least `1 / rate` apart, whichever worker sends them.
 */
export async function claimDue(
  db: Db,
  opts: {
    now: number;
    horizon: number;
    limit: number;
    perEndpoint: (endpointId: string) => number;
    busy: string[];
    intervalMs: number;
    leaseMs: number;
  },
): Promise<Claimed[]> {
  const now = new Date(opts.now);
  return db.transaction(async (tx) => {
    const endpoints = await tx
      .select()
      .from(webhookEndpoints)
      .where(
        and(
          eq(webhookEndpoints.active, true),
          lt(webhookEndpoints.nextSendAt, new Date(opts.horizon)),
          opts.busy.length ? notInArray(webhookEndpoints.id, opts.busy) : undefined,
          sql`exists (select 1 from ${webhookDeliveries} d where d.endpoint_id = ${webhookEndpoints.id}
            and d.status = 'pending' and d.next_attempt_at <= ${now})`,
        ),
      )
      .orderBy(webhookEndpoints.nextSendAt)
      .limit(opts.limit)
      .for('update', { skipLocked: true });
    const claimed: Claimed[] = [];
    let left = opts.limit;
    for (const e of endpoints) {
      if (left <= 0) break;
      const first = Math.max(e.nextSendAt.getTime(), opts.now);
      const slots = Math.floor((opts.horizon - first) / opts.intervalMs) + 1;
      const k = Math.min(left, slots, opts.perEndpoint(e.id));
      if (k <= 0) continue;
      // Lock the rows first, then update them by id: an `UPDATE … WHERE id IN (SELECT … LIMIT k FOR UPDATE SKIP
      // LOCKED)` may run its subquery more than once and claim more than k rows.
      const due = await tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.endpointId, e.id),
            eq(webhookDeliveries.status, 'pending'),
            lte(webhookDeliveries.nextAttemptAt, now),
          ),
        )
        .orderBy(webhookDeliveries.nextAttemptAt, webhookDeliveries.id)
        .limit(k)
        .for('update', { skipLocked: true });
      if (due.length === 0) continue;
      const rows = await tx
        .update(webhookDeliveries)
        .set({
          status: 'delivering',
          attempts: sql`${webhookDeliveries.attempts} + 1`,
          leaseUntil: new Date(first + k * opts.intervalMs + opts.leaseMs),
        })
        .where(
          inArray(
            webhookDeliveries.id,
            due.map((d) => d.id),
          ),
        )
        .returning();
      rows.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id.localeCompare(b.id));
      for (const [i, d] of rows.entries())
        claimed.push({ delivery: d, endpoint: e, slotAt: first + i * opts.intervalMs });
      if (rows.length) {
        await tx
          .update(webhookEndpoints)
          .set({ nextSendAt: new Date(first + rows.length * opts.intervalMs) })
          .where(eq(webhookEndpoints.id, e.id));
      }
      left -= rows.length;
    }
    return claimed;
  });
}

/** Deliveries whose worker died (lease expired while `delivering`) go back to `pending`; returns how many. */
export async function releaseExpiredLeases(db: Queryable, now: Date): Promise<number> {
  const rows = await db
    .update(webhookDeliveries)
    .set({
      status: 'pending',
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: 'interrupted: the worker stopped mid-delivery',
    })
    .where(and(eq(webhookDeliveries.status, 'delivering'), lt(webhookDeliveries.leaseUntil, now)))
    .returning({ id: webhookDeliveries.id });
  return rows.length;
}

/** RGPD erasure: the erased person's values replaced in the webhook deliveries, pending ones included (their bodies are replaced before they are sent), and the attempt log (request and response bodies); returns the ids of the rows changed (with `dryRun`: that hold one). */
export async function scrubDeliveryLogs(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  return [
    ...(await scrubColumns(db, webhookDeliveries, { body: 'jsonText', lastError: 'text' }, e, opts)),
    ...(await scrubColumns(
      db,
      webhookAttempts,
      { requestBody: 'jsonText', responseBody: 'text', error: 'text' },
      e,
      opts,
    )),
  ];
}

/** A delivery's body as stored now (null when the delivery is gone). */
export async function deliveryBodyOf(db: Queryable, id: string): Promise<string | null> {
  const [row] = await db
    .select({ body: webhookDeliveries.body })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, id));
  return row?.body ?? null;
}
