import { audit } from '../../platform/audit/audit.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import { scopesForRole } from '../../platform/auth/permissions.ts';
import { createSession, type NewSession, revokeSession } from '../../platform/auth/sessions.ts';
import { randomToken } from '../../platform/auth/tokens.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { type MeUser, toMeUser } from './auth.contracts.ts';
import {
  findUserByEmail,
  findUserById,
  listLiveSessions,
  rememberLoginAddress,
  revokeOwnSession,
  type UserRow,
  updateUser,
} from './auth.repo.ts';
import { assertLoginAllowed, recordLoginFailure } from './login-throttle.ts';
import { requireSessionUser, verifySecondFactor } from './two-factor.service.ts';

/** A hash of a random password: unknown e-mails are checked against it so they take as long as known ones. */
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => {
  dummyHash ??= hashPassword(randomToken());
  return dummyHash;
};

export const userActor = (user: UserRow, sessionId?: string): Actor => ({
  type: 'user',
  userId: user.id,
  sessionId,
  role: user.role,
  teamId: user.teamId,
  email: user.email,
  scopes: scopesForRole(user.role),
});

export interface LoginResult {
  user: MeUser;
  session: NewSession;
  absoluteExpiresAt: Date;
}

/**
 * Checks the login throttle, the password and (when enabled) the second factor, then opens a new session with
 * a fresh token. Unknown e-mail, wrong password and an account without a password yet (invitation pending) give
 * the same answer after the same argon2 work.
 */
export async function login(ctx: Ctx, input: { email: string; password: string; totp?: string }): Promise<LoginResult> {
  const ip = ctx.meta.ip ?? null;
  const email = input.email.trim();
  const user = await findUserByEmail(ctx.deps.database.db, email);
  await assertLoginAllowed(ctx, { email, ip, user });

  // An invited user who has not chosen a password yet has no hash: refused like a wrong password, after the same work.
  const passwordOk = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await getDummyHash(), input.password).then(() => false);
  if (!user || !passwordOk || !user.isActive) {
    await recordLoginFailure(ctx, {
      email,
      ip,
      user,
      reason: !user
        ? 'unknown_email'
        : user.passwordHash === null
          ? 'no_password'
          : !passwordOk
            ? 'wrong_password'
            : 'inactive',
    });
    throw new AppError('auth.invalid_credentials', 'Wrong e-mail or password');
  }

  // The second factor is checked outside the session transaction: a failure is recorded in its own one.
  let secondFactor: string | undefined;
  if (user.totpEnabledAt) {
    if (!input.totp) throw new AppError('auth.totp_required', 'Enter the code from your authenticator app');
    const how = await verifySecondFactor(ctx, ctx.deps.database.db, user, input.totp);
    if (!how) {
      await recordLoginFailure(ctx, { email, ip, user, reason: 'wrong_totp' });
      throw new AppError('auth.totp_invalid', 'The code is wrong or expired');
    }
    secondFactor = how;
  }

  const now = ctx.deps.clock.now();
  return withTx(ctx, async (t) => {
    const session = await createSession(t.db, ctx.deps.config, {
      userId: user.id,
      ip,
      userAgent: ctx.meta.userAgent ?? null,
      now,
    });
    await updateUser(t.db, user.id, { lastLoginAt: now });
    if (ip) await rememberLoginAddress(t.db, { userId: user.id, ip, at: now });
    await audit(
      { ...t, ctx: { ...ctx, actor: userActor(user, session.sessionId) } },
      {
        entityType: 'user',
        entityId: user.id,
        action: 'login',
        metadata: { sessionId: session.sessionId, ...(secondFactor ? { secondFactor } : {}) },
      },
    );
    const absoluteExpiresAt = new Date(now.getTime() + ctx.deps.config.session.absoluteDays * 86_400_000);
    const method = secondFactor === 'backup_code' ? 'backup_code' : secondFactor ? 'totp' : 'password';
    t.afterCommit(() => ctx.deps.analytics?.capture(user.id, 'user_logged_in', { method }));
    return { user: toMeUser(user), session, absoluteExpiresAt };
  });
}

/** Revokes the caller's session. */
export async function logout(ctx: Ctx): Promise<void> {
  const userId = requireSessionUser(ctx);
  const sessionId = ctx.actor.sessionId as string;
  await withTx(ctx, async (t) => {
    await revokeSession(t.db, sessionId, ctx.deps.clock.now());
    await audit(t, { entityType: 'user', entityId: userId, action: 'logout', metadata: { sessionId } });
  });
}

export async function currentUser(ctx: Ctx): Promise<MeUser> {
  const userId = ctx.actor.userId;
  const user = userId ? await findUserById(ctx.deps.database.db, userId) : null;
  if (!user) throw new AppError('auth.unauthenticated', 'Authentication is required');
  return toMeUser(user);
}

export async function listMySessions(ctx: Ctx) {
  const userId = requireSessionUser(ctx);
  const rows = await listLiveSessions(ctx.deps.database.db, userId, ctx.deps.clock.now());
  return rows.map((s) => ({
    id: s.id,
    current: s.id === ctx.actor.sessionId,
    ip: s.ip,
    userAgent: s.userAgent,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
  }));
}

/** Signs out one of the caller's own sessions (another device, or this one). */
export async function revokeMySession(ctx: Ctx, input: { id: string }): Promise<void> {
  const userId = requireSessionUser(ctx);
  await withTx(ctx, async (t) => {
    const ok = await revokeOwnSession(t.db, userId, input.id, ctx.deps.clock.now());
    if (!ok) throw new AppError('auth.session_not_found', 'No such live session of yours');
    await audit(t, { entityType: 'session', entityId: input.id, action: 'revoke' });
  });
}
