import { audit } from '../../platform/audit/audit.ts';
import { decryptSecret, encryptSecret, hashToken } from '../../platform/auth/tokens.ts';
import {
  generateBackupCodes,
  generateTotpSecret,
  looksLikeTotpCode,
  normalizeBackupCode,
  totpProvisioning,
  verifyTotp,
} from '../../platform/auth/totp.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { withTx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import {
  claimTotpStep,
  consumeBackupCode,
  findUserById,
  replaceBackupCodes,
  type UserRow,
  updateUser,
} from './auth.repo.ts';

const ISSUER = 'CRM';

/** Account-security changes need a browser session: an API key cannot manage 2FA or passwords. */
export function requireSessionUser(ctx: Ctx): string {
  if (ctx.actor.type !== 'user' || !ctx.actor.userId) {
    throw new AppError('auth.session_required', 'This needs a signed-in session (not an API key)', { status: 403 });
  }
  return ctx.actor.userId;
}

async function loadUser(ctx: Ctx, userId: string): Promise<UserRow> {
  const user = await findUserById(ctx.deps.database.db, userId);
  if (!user) throw new AppError('auth.unauthenticated', 'Authentication is required');
  return user;
}

/** Verifies a TOTP code against a secret, refusing a step that was already used by this user. */
async function acceptTotp(ctx: Ctx, userId: string, secret: string, code: string): Promise<boolean> {
  const step = verifyTotp(secret, code, ctx.deps.clock.now());
  if (step === null) return false;
  // Atomic in the database (not the cache): works across processes and with Redis down.
  return claimTotpStep(ctx.deps.database.db, userId, step);
}

/**
 * The second factor of a user with 2FA enabled: a current TOTP code, or an unused backup code (which is
 * then used up, in `db`, so pass the transaction that also does the rest of the work).
 */
export async function verifySecondFactor(
  ctx: Ctx,
  db: Queryable,
  user: UserRow,
  code: string,
): Promise<'totp' | 'backup_code' | null> {
  if (!user.totpSecretEnc || !user.totpEnabledAt) return null;
  if (looksLikeTotpCode(code)) {
    const secret = decryptSecret(ctx.deps.config.sessionSecret, user.totpSecretEnc);
    return (await acceptTotp(ctx, user.id, secret, code)) ? 'totp' : null;
  }
  const used = await consumeBackupCode(db, user.id, hashToken(normalizeBackupCode(code)), ctx.deps.clock.now());
  return used ? 'backup_code' : null;
}

/** Starts enrolment: a new secret is stored (encrypted) as pending until a first code confirms it. */
export async function setupTotp(ctx: Ctx) {
  const userId = requireSessionUser(ctx);
  const user = await loadUser(ctx, userId);
  if (user.totpEnabledAt) {
    throw new AppError('auth.totp_already_enabled', 'Two-factor authentication is already on; disable it first', {
      status: 409,
    });
  }
  const secret = generateTotpSecret();
  const { uri, qrCodeDataUrl } = await totpProvisioning({ secret, account: user.email, issuer: ISSUER });
  await withTx(ctx, async (t) => {
    await updateUser(t.db, userId, { totpSecretEnc: encryptSecret(ctx.deps.config.sessionSecret, secret) });
    await audit(t, { entityType: 'user', entityId: userId, action: 'totp_setup' });
  });
  return { otpauthUri: uri, qrCodeDataUrl, secret };
}

/** Confirms enrolment with a first code; returns ten backup codes, only their hashes are kept. */
export async function enableTotp(ctx: Ctx, input: { code: string }) {
  const userId = requireSessionUser(ctx);
  const user = await loadUser(ctx, userId);
  if (user.totpEnabledAt) {
    throw new AppError('auth.totp_already_enabled', 'Two-factor authentication is already on', { status: 409 });
  }
  if (!user.totpSecretEnc) {
    throw new AppError('auth.totp_not_set_up', 'Call POST /auth/2fa/setup first', { status: 409 });
  }
  const secret = decryptSecret(ctx.deps.config.sessionSecret, user.totpSecretEnc);
  if (!(await acceptTotp(ctx, userId, secret, input.code))) {
    throw new AppError('auth.totp_invalid', 'The code is wrong or expired', { status: 400 });
  }
  const backupCodes = generateBackupCodes(10);
  await withTx(ctx, async (t) => {
    await updateUser(t.db, userId, { totpEnabledAt: ctx.deps.clock.now() });
    await replaceBackupCodes(
      t.db,
      userId,
      backupCodes.map((c) => hashToken(normalizeBackupCode(c))),
    );
    await audit(t, {
      entityType: 'user',
      entityId: userId,
      action: 'totp_enabled',
      changes: { totpEnabled: { before: false, after: true } },
    });
  });
  return { backupCodes };
}

/** Turns 2FA off with a current TOTP code or a backup code; the secret and backup codes are deleted. */
export async function disableTotp(ctx: Ctx, input: { code: string }): Promise<void> {
  const userId = requireSessionUser(ctx);
  const user = await loadUser(ctx, userId);
  if (!user.totpEnabledAt) {
    throw new AppError('auth.totp_not_enabled', 'Two-factor authentication is not on', { status: 409 });
  }
  await withTx(ctx, async (t) => {
    const how = await verifySecondFactor(ctx, t.db, user, input.code);
    if (!how) throw new AppError('auth.totp_invalid', 'The code is wrong or expired', { status: 400 });
    await updateUser(t.db, userId, { totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null });
    await replaceBackupCodes(t.db, userId, []);
    await audit(t, {
      entityType: 'user',
      entityId: userId,
      action: 'totp_disabled',
      changes: { totpEnabled: { before: true, after: false } },
      metadata: { with: how },
    });
  });
}
