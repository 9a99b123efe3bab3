import { and, desc, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../../platform/auth/auth.schema.ts';
import type { Queryable } from '../../platform/db/client.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(
  db: Queryable,
  input: { userId: string; name: string; prefix: string; keyHash: string; scopes: string[]; expiresAt: Date | null },
): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(input).returning();
  return row as ApiKeyRow;
}

/** The keys of one user, newest first (revoked ones included, so the history stays visible). */
export async function listApiKeysOfUser(db: Queryable, userId: string): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt));
}

export async function findApiKey(db: Queryable, id: string): Promise<ApiKeyRow | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row ?? null;
}

export async function revokeApiKey(db: Queryable, id: string, now: Date): Promise<boolean> {
  const r = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return r.length > 0;
}

/** Revokes every live key of a user; returns the keys revoked. */
export async function revokeApiKeysOfUser(db: Queryable, userId: string, now: Date) {
  return db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name });
}
