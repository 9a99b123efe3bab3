import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { idempotencyKeys } from './idempotency.schema.ts';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Claims (caller, key) for a request: inserts a `running` row, or takes over one that expired or whose process let
 * its lock lapse. Returns null when claimed, else the row that holds the key.
 */
export async function claimIdempotencyKey(
  db: Queryable,
  c: { caller: string; key: string; requestHash: string; now: Date; lockedUntil: Date; expiresAt: Date },
): Promise<IdempotencyRow | null> {
  const t = idempotencyKeys;
  const fresh = {
    requestHash: c.requestHash,
    state: 'running' as const,
    lockedUntil: c.lockedUntil,
    responseStatus: null,
    responseHeaders: null,
    responseBody: null,
    createdAt: c.now,
    expiresAt: c.expiresAt,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimed = await db
      .insert(t)
      .values({ caller: c.caller, key: c.key, ...fresh })
      .onConflictDoUpdate({
        target: [t.caller, t.key],
        set: fresh,
        setWhere: sql`${t.expiresAt} <= ${c.now.toISOString()}::timestamptz
          or (${t.state} = 'running' and ${t.lockedUntil} <= ${c.now.toISOString()}::timestamptz)`,
      })
      .returning({ key: t.key });
    if (claimed.length > 0) return null;
    const [held] = await db
      .select()
      .from(t)
      .where(and(eq(t.caller, c.caller), eq(t.key, c.key)));
    if (held) return held;
    // Deleted between the two statements (released or purged): try again.
  }
  throw new Error('idempotency key could not be claimed');
}

/** Records the answer of the request that holds the key. */
export async function completeIdempotencyKey(
  db: Queryable,
  c: { caller: string; key: string; requestHash: string; answer: StoredAnswer },
): Promise<void> {
  const t = idempotencyKeys;
  await db
    .update(t)
    .set({
      state: 'done',
      lockedUntil: null,
      responseStatus: c.answer.status,
      responseHeaders: c.answer.headers,
      responseBody: c.answer.body,
    })
    .where(and(eq(t.caller, c.caller), eq(t.key, c.key), eq(t.requestHash, c.requestHash), eq(t.state, 'running')));
}

/** Lets the key go (the request failed on the server's side): the next request with it runs afresh. */
export async function releaseIdempotencyKey(
  db: Queryable,
  c: { caller: string; key: string; requestHash: string },
): Promise<void> {
  const t = idempotencyKeys;
  await db
    .delete(t)
    .where(and(eq(t.caller, c.caller), eq(t.key, c.key), eq(t.requestHash, c.requestHash), eq(t.state, 'running')));
}
