import { and, desc, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import {
  knownLoginAddresses,
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
      | 'passwordHash'
      | 'passwordChangedAt'
      | 'invitedAt'
      | 'lastLoginAt'
      | 'totpSecretEnc'
      | 'totpEnabledAt'
      | 'totpLastStep'
    >
  >,
): Promise<void> {
  await db.update(users).set(patch).where(eq(users.id, id));
}

// --- login failures and known addresses (login throttle) --------------------------------------------

export async function insertLoginFailure(db: Queryable, input: { email: string | null; ip: string | null; at: Date }) {
  await db.insert(loginFailures).values(input);
}

/** Failures of an account (e-mail), of an address, or of the pair of both. */
export type FailureKey = { email: string; ip?: string } | { ip: string };

const failuresOf = (by: FailureKey, since: Date) =>
  and(
    'email' in by ? eq(loginFailures.email, by.email) : undefined,
    by.ip !== undefined ? eq(loginFailures.ip, by.ip) : undefined,
    gt(loginFailures.at, since),
  );

/** How many failures since `since`, and when the last one was. */
export async function failureStats(
  db: Queryable,
  by: FailureKey,
  since: Date,
): Promise<{ count: number; last: Date | null }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, last: sql<Date | string | null>`max(${loginFailures.at})` })
    .from(loginFailures)
    .where(failuresOf(by, since));
  const last = row?.last ?? null;
  return { count: Number(row?.count ?? 0), last: last === null ? null : new Date(last) };
}

/** The time of the `n`-th newest failure since `since` (null when there are fewer than `n`). */
export async function nthNewestFailureTime(db: Queryable, by: FailureKey, since: Date, n: number) {
  const [row] = await db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(failuresOf(by, since))
    .orderBy(desc(loginFailures.at))
    .offset(n - 1)
    .limit(1);
  return row?.at ?? null;
}

/** The last successful sign-in of a user from an address, or null when it never signed in from there. */
export async function findKnownAddress(db: Queryable, userId: string, ip: string): Promise<{ lastAt: Date } | null> {
  const [row] = await db
    .select({ lastAt: knownLoginAddresses.lastAt })
    .from(knownLoginAddresses)
    .where(and(eq(knownLoginAddresses.userId, userId), eq(knownLoginAddresses.ip, ip)));
  return row ?? null;
}

/** Records a successful sign-in of a user from an address. */
export async function rememberLoginAddress(db: Queryable, input: { userId: string; ip: string; at: Date }) {
  await db
    .insert(knownLoginAddresses)
    .values({ userId: input.userId, ip: input.ip, firstAt: input.at, lastAt: input.at })
    .onConflictDoUpdate({
      target: [knownLoginAddresses.userId, knownLoginAddresses.ip],
      set: { lastAt: input.at },
    });
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

export type PasswordTokenPurpose = (typeof passwordResetTokens.$inferSelect)['purpose'];

export async function insertResetToken(
  db: Queryable,
  input: { userId: string; tokenHash: string; expiresAt: Date; purpose: PasswordTokenPurpose },
) {
  await db.insert(passwordResetTokens).values(input);
}

/** Older unused tokens, of either purpose, stop working when a new one is issued: only the last link mailed works. */
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
