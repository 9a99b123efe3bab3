import { and, desc, eq, gt, isNull, lt, ne, or } from 'drizzle-orm';
import {
  loginFailures,
  passwordResetTokens,
  sessions,
  userBackupCodes,
  users,
} from '../../platform/auth/auth.schema.ts';
import type { Queryable } from '../../platform/db/client.ts';

export type UserRow = typeof users.$inferSelect;

// --- users -------------------------------------------------------------------------------------------

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row ?? null;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function updateUser(
  db: Queryable,
  id: string,
  patch: Partial<
    Pick<
      UserRow,
      'passwordHash' | 'passwordChangedAt' | 'lastLoginAt' | 'totpSecretEnc' | 'totpEnabledAt' | 'totpLastStep'
    >
  >,
): Promise<void> {
  await db.update(users).set(patch).where(eq(users.id, id));
}

// --- login failures (lockout) ------------------------------------------------------------------------

export async function insertLoginFailure(db: Queryable, input: { email: string | null; ip: string | null; at: Date }) {
  await db.insert(loginFailures).values(input);
}

/** The most recent failures (newest first, at most `limit`) since `since` for an e-mail or an IP. */
export async function recentFailureTimes(
  db: Queryable,
  by: { email: string } | { ip: string },
  since: Date,
  limit: number,
): Promise<Date[]> {
  const who = 'email' in by ? eq(loginFailures.email, by.email) : eq(loginFailures.ip, by.ip);
  const rows = await db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(who, gt(loginFailures.at, since)))
    .orderBy(desc(loginFailures.at))
    .limit(limit);
  return rows.map((r) => r.at);
}

// --- sessions ----------------------------------------------------------------------------------------

export type SessionRow = typeof sessions.$inferSelect;

export async function listLiveSessions(db: Queryable, userId: string, now: Date): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.absoluteExpiresAt, now),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}

/** Revokes one session of a user; false when it is not theirs or already revoked. */
export async function revokeOwnSession(db: Queryable, userId: string, sessionId: string, now: Date) {
  const r = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return r.length > 0;
}

/** Revokes every live session of a user except `keepSessionId` (password change). */
export async function revokeOtherSessions(db: Queryable, userId: string, keepSessionId: string | undefined, now: Date) {
  const r = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        keepSessionId ? ne(sessions.id, keepSessionId) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return r.length;
}

// --- backup codes ------------------------------------------------------------------------------------

export async function replaceBackupCodes(db: Queryable, userId: string, codeHashes: string[]) {
  await db.delete(userBackupCodes).where(eq(userBackupCodes.userId, userId));
  if (codeHashes.length) await db.insert(userBackupCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

/** Marks an unused backup code as used; atomic, so a code works once even under concurrent requests. */
export async function consumeBackupCode(db: Queryable, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const r = await db
    .update(userBackupCodes)
    .set({ usedAt: now })
    .where(
      and(eq(userBackupCodes.userId, userId), eq(userBackupCodes.codeHash, codeHash), isNull(userBackupCodes.usedAt)),
    )
    .returning({ id: userBackupCodes.id });
  return r.length > 0;
}

/**
 * Records `step` as the user's last accepted TOTP step, only if it is later than the previous one.
 * Returns false for a replayed (same or earlier) step. One UPDATE, so concurrent logins cannot both win.
 */
export async function claimTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const r = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return r.length > 0;
}

export async function countUnusedBackupCodes(db: Queryable, userId: string): Promise<number> {
  const rows = await db
    .select({ id: userBackupCodes.id })
    .from(userBackupCodes)
    .where(and(eq(userBackupCodes.userId, userId), isNull(userBackupCodes.usedAt)));
  return rows.length;
}

// --- password reset tokens ---------------------------------------------------------------------------

export async function insertResetToken(db: Queryable, input: { userId: string; tokenHash: string; expiresAt: Date }) {
  await db.insert(passwordResetTokens).values(input);
}

/** Older unused tokens stop working when a new one is requested. */
export async function expireUnusedResetTokens(db: Queryable, userId: string, now: Date) {
  await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
}

export async function findLiveResetToken(db: Queryable, tokenHash: string, now: Date) {
  const [row] = await db
    .select()
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.tokenHash, tokenHash),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    );
  return row ?? null;
}

/** Marks a token used; false when someone else used it first. */
export async function consumeResetToken(db: Queryable, id: string, now: Date): Promise<boolean> {
  const r = await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordResetTokens.id, id), isNull(passwordResetTokens.usedAt)))
    .returning({ id: passwordResetTokens.id });
  return r.length > 0;
}
