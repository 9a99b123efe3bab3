import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { apiKeys, sessions, users } from './auth.schema.ts';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function findLiveSessionByTokenHash(db: Queryable, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.absoluteExpiresAt, now),
        eq(users.isActive, true),
      ),
    );
  return row ?? null;
}

/** Slides the idle expiry (never past the absolute one). */
export async function touchSession(db: Queryable, id: string, now: Date, idleMs: number) {
  const next = new Date(now.getTime() + idleMs);
  await db
    .update(sessions)
    .set({ lastSeenAt: now, expiresAt: sql`least(${next.toISOString()}::timestamptz, ${sessions.absoluteExpiresAt})` })
    .where(eq(sessions.id, id));
}

export async function findLiveApiKeyByHash(db: Queryable, keyHash: string, now: Date) {
  const [row] = await db
    .select({ key: apiKeys, user: users })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(
      and(
        eq(apiKeys.keyHash, keyHash),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
        eq(users.isActive, true),
      ),
    );
  return row ?? null;
}

/** Marks a key as used; returns true when the previous use is older than `throttleMs` (then audit it). */
export async function markApiKeyUsed(db: Queryable, id: string, now: Date, throttleMs: number): Promise<boolean> {
  const cutoff = new Date(now.getTime() - throttleMs);
  const updated = await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, cutoff))))
    .returning({ id: apiKeys.id });
  return updated.length > 0;
}
