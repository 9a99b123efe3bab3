import { audit } from '../../platform/audit/audit.ts';
import { assertPasswordPolicy, hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import { revokeUserSessions } from '../../platform/auth/sessions.ts';
import { hashToken, randomToken } from '../../platform/auth/tokens.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { revokeAllApiKeysOfUser } from '../api-keys/api-keys.service.ts';
import { queueMail } from '../mail/mail.service.ts';
import {
  consumeResetToken,
  expireUnusedResetTokens,
  findLiveResetToken,
  findUserByEmail,
  findUserById,
  insertResetToken,
  type PasswordTokenPurpose,
  revokeOtherSessions,
  updateUser,
} from './auth.repo.ts';
import { invitationMail, localeOf, passwordResetMail } from './auth-messages.ts';
import { requireSessionUser } from './two-factor.service.ts';

export const RESET_TOKEN_TTL_MS = 60 * 60_000;
export const INVITATION_TTL_DAYS = 7;
export const INVITATION_TTL_MS = INVITATION_TTL_DAYS * 24 * 60 * 60_000;

/** Which mail carries a password link: the user's own reset request, an administrator's, or an invitation. */
export type PasswordLinkMail = 'reset' | 'admin_reset' | 'invitation';

/** Who receives a password link. */
export interface PasswordLinkUser {
  id: string;
  email: string;
  name: string;
  locale: string;
}

const purposeOf = (kind: PasswordLinkMail): PasswordTokenPurpose => (kind === 'invitation' ? 'invitation' : 'reset');

/** When a link issued at `at` for `purpose` stops working. */
export const passwordLinkExpiry = (purpose: PasswordTokenPurpose, at: Date) =>
  new Date(at.getTime() + (purpose === 'invitation' ? INVITATION_TTL_MS : RESET_TOKEN_TTL_MS));

/**
 * The one way a password link leaves, inside the caller's transaction: the user's unused links die, a new
 * single-use token is stored (hashed) with its purpose and validity (reset one hour, invitation seven days), and
 * the mail is queued in the same transaction (durable mail, docs/MAIL.md: its body, which holds the link, is sealed and
 * dropped once sent). The caller writes its own audit row.
 */
export async function issuePasswordLink(
  t: Tx,
  user: PasswordLinkUser,
  kind: PasswordLinkMail,
): Promise<{ expiresAt: Date }> {
  const { ctx } = t;
  const token = randomToken();
  const now = ctx.deps.clock.now();
  const purpose = purposeOf(kind);
  const expiresAt = passwordLinkExpiry(purpose, now);
  await expireUnusedResetTokens(t.db, user.id, now);
  await insertResetToken(t.db, { userId: user.id, tokenHash: hashToken(token), expiresAt, purpose });
  const page = purpose === 'invitation' ? 'accept-invitation' : 'reset-password';
  const link = `${ctx.deps.config.appUrl}/${page}?token=${encodeURIComponent(token)}`;
  const message =
    kind === 'invitation'
      ? invitationMail(user, link, INVITATION_TTL_DAYS)
      : passwordResetMail(user, link, { byAdmin: kind === 'admin_reset' });
  // Durable: the mail commits with the token, and the worker sends it, retrying while SMTP is down (docs/MAIL.md).
  await queueMail(t, {
    ...message,
    category: kind === 'invitation' ? 'invitation' : 'password_reset',
    locale: localeOf(user),
    sensitive: true,
    userId: user.id,
  });
  return { expiresAt };
}

/**
 * Creates a single-use reset token (hashed, valid one hour) and mails a link, when the address belongs
 * to an active user. The caller answers the same either way; the mail leaves after the commit without
 * being awaited, so the answer takes the same time whether or not a mail is sent.
 */
export async function requestPasswordReset(ctx: Ctx, input: { email: string }): Promise<void> {
  const user = await findUserByEmail(ctx.deps.database.db, input.email.trim());
  if (!user?.isActive) {
    ctx.log.info('password reset requested for an unknown or inactive address');
    return;
  }
  await withTx(ctx, async (t) => {
    await issuePasswordLink(t, user, 'reset');
    await audit(t, { entityType: 'user', entityId: user.id, action: 'password_reset_requested' });
  });
}

const invalidToken = () =>
  new AppError('auth.reset_token_invalid', 'This reset link is invalid, already used or expired', { status: 400 });

/**
 * Sets a new password with a reset or invitation token: the token is used up, every session and every API key of
 * the user revoked (whoever reset the password may not trust what was issued before), and a pending invitation
 * ends (the user now has a password). Returns how many keys were revoked.
 */
export async function confirmPasswordReset(
  ctx: Ctx,
  input: { token: string; password: string },
): Promise<{ revokedApiKeys: number }> {
  const now = ctx.deps.clock.now();
  const db = ctx.deps.database.db;
  const row = await findLiveResetToken(db, hashToken(input.token), now);
  const user = row ? await findUserById(db, row.userId) : null;
  if (!row || !user?.isActive) throw invalidToken();
  // Policy first, so a refused password does not burn the link.
  assertPasswordPolicy(input.password, { email: user.email });
  const passwordHash = await hashPassword(input.password);
  return withTx(ctx, async (t) => {
    if (!(await consumeResetToken(t.db, row.id, now))) throw invalidToken();
    await updateUser(t.db, user.id, { passwordHash, passwordChangedAt: now, invitedAt: null });
    const revoked = await revokeUserSessions(t.db, user.id, now);
    const revokedApiKeys = await revokeAllApiKeysOfUser(t, { userId: user.id, reason: 'password_reset' });
    await audit(t, {
      entityType: 'user',
      entityId: user.id,
      action: row.purpose === 'invitation' ? 'invitation_accepted' : 'password_reset',
      metadata: { revokedSessions: revoked, revokedApiKeys },
    });
    return { revokedApiKeys };
  });
}

/**
 * A signed-in user changes their password; their other sessions are signed out and, unless they choose otherwise
 * (`revokeApiKeys: false`), their API keys revoked. Returns how many keys were revoked.
 */
export async function changePassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string; revokeApiKeys?: boolean },
): Promise<{ revokedApiKeys: number }> {
  const userId = requireSessionUser(ctx);
  const user = await findUserById(ctx.deps.database.db, userId);
  if (!user) throw new AppError('auth.unauthenticated', 'Authentication is required');
  // An account without a password (invitation pending) has no current password to give.
  if (user.passwordHash === null || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('auth.current_password_wrong', 'The current password is wrong', {
      status: 400,
      fields: [{ path: 'currentPassword', message: 'wrong password' }],
    });
  }
  assertPasswordPolicy(input.newPassword, { email: user.email });
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.deps.clock.now();
  return withTx(ctx, async (t) => {
    await updateUser(t.db, userId, { passwordHash, passwordChangedAt: now });
    const revoked = await revokeOtherSessions(t.db, userId, ctx.actor.sessionId, now);
    const revokedApiKeys =
      input.revokeApiKeys === false ? 0 : await revokeAllApiKeysOfUser(t, { userId, reason: 'password_changed' });
    await audit(t, {
      entityType: 'user',
      entityId: userId,
      action: 'password_changed',
      metadata: { revokedSessions: revoked, revokedApiKeys },
    });
    return { revokedApiKeys };
  });
}
