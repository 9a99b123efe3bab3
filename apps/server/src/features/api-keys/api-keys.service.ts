import { audit } from '../../platform/audit/audit.ts';
import { scopesForRole } from '../../platform/auth/permissions.ts';
import { API_KEY_PREFIX } from '../../platform/auth/resolve-actor.ts';
import { hashToken, randomToken } from '../../platform/auth/tokens.ts';
import type { ApiScope, Ctx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type ApiKeyItem, toApiKeyItem } from './api-keys.contracts.ts';
import { findApiKey, insertApiKey, listApiKeysOfUser, revokeApiKey, revokeApiKeysOfUser } from './api-keys.repo.ts';

/** Characters of the key kept in clear (`crm_` + 8), enough to tell keys apart in a list. */
const VISIBLE_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

const isAdmin = (ctx: Ctx) => ctx.actor.role === 'admin' && ctx.actor.scopes.includes('admin');

/**
 * Keys are managed from a session; through an API key only when that key carries the `admin` scope
 * (so a leaked read or write key can neither mint new keys nor revoke the owner's other keys).
 */
function requireKeyManager(ctx: Ctx): string {
  const { actor } = ctx;
  if (!actor.userId || (actor.type !== 'user' && actor.type !== 'api_key')) {
    throw new AppError('auth.unauthenticated', 'Authentication is required');
  }
  if (actor.type === 'api_key' && !actor.scopes.includes('admin')) {
    throw new AppError('auth.scope_missing', 'Managing API keys with an API key needs the "admin" scope');
  }
  return actor.userId;
}

/** Creates a personal API key; the secret is returned once, only its SHA-256 is stored. */
export async function createApiKey(
  ctx: Ctx,
  input: { name: string; scopes: ApiScope[]; expiresAt?: string },
): Promise<ApiKeyItem & { key: string }> {
  const userId = requireKeyManager(ctx);
  const role = ctx.actor.role;
  const allowed = role ? scopesForRole(role).filter((s) => ctx.actor.scopes.includes(s)) : [];
  const refused = input.scopes.filter((s) => !allowed.includes(s));
  if (refused.length) {
    throw new AppError('api_keys.scope_forbidden', `You may not grant the scope(s): ${refused.join(', ')}`, {
      status: 403,
      fields: [{ path: 'scopes', message: `not allowed for your role: ${refused.join(', ')}` }],
    });
  }
  const now = ctx.deps.clock.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) {
    throw new AppError('api_keys.validation', 'expiresAt must be in the future', {
      fields: [{ path: 'expiresAt', message: 'must be in the future' }],
    });
  }
  const key = `${API_KEY_PREFIX}${randomToken()}`;
  return withTx(ctx, async (t) => {
    const row = await insertApiKey(t.db, {
      userId,
      name: input.name,
      prefix: key.slice(0, VISIBLE_PREFIX_LENGTH),
      keyHash: hashToken(key),
      scopes: input.scopes,
      expiresAt,
    });
    await audit(t, {
      entityType: 'api_key',
      entityId: row.id,
      action: 'create',
      metadata: { name: row.name, scopes: row.scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    t.afterCommit(() => ctx.deps.analytics?.capture(userId, 'api_key_created', { scopes: [...input.scopes] }));
    return { ...toApiKeyItem(row), key };
  });
}

/** The caller's keys; an admin (with the admin scope) may ask for another user's. */
export async function listApiKeys(ctx: Ctx, input: { userId?: string }): Promise<ApiKeyItem[]> {
  const self = ctx.actor.userId;
  if (!self) throw new AppError('auth.unauthenticated', 'Authentication is required');
  const target = input.userId ?? self;
  if (target !== self && !isAdmin(ctx)) {
    throw new AppError('auth.forbidden', "Only admins may list another user's API keys");
  }
  const rows = await listApiKeysOfUser(ctx.deps.database.db, target);
  return rows.map(toApiKeyItem);
}

/** Revokes a key: one's own, or any for an admin. Revoking a revoked key is a no-op. */
export async function revokeApiKeyById(ctx: Ctx, input: { id: string }): Promise<void> {
  const userId = requireKeyManager(ctx);
  await withTx(ctx, async (t) => {
    const row = await findApiKey(t.db, input.id);
    // Someone else's key is "not found" to a non-admin, so ids cannot be probed.
    if (!row || (row.userId !== userId && !isAdmin(ctx))) throw notFound('api_keys', input.id);
    if (row.revokedAt) return;
    await revokeApiKey(t.db, row.id, ctx.deps.clock.now());
    await audit(t, {
      entityType: 'api_key',
      entityId: row.id,
      action: 'revoke',
      changes: { revokedAt: { before: null, after: ctx.deps.clock.now().toISOString() } },
      metadata: { ownerId: row.userId, name: row.name },
    });
  });
}

/**
 * Revokes every live key of a user inside the caller's transaction (a password reset or change), one audit row
 * a key; returns how many were revoked.
 */
export async function revokeAllApiKeysOfUser(
  t: Tx,
  input: { userId: string; reason: 'password_reset' | 'password_changed' },
): Promise<number> {
  const now = t.ctx.deps.clock.now();
  const revoked = await revokeApiKeysOfUser(t.db, input.userId, now);
  for (const key of revoked) {
    await audit(t, {
      entityType: 'api_key',
      entityId: key.id,
      action: 'revoke',
      changes: { revokedAt: { before: null, after: now.toISOString() } },
      metadata: { ownerId: input.userId, name: key.name, reason: input.reason },
    });
  }
  return revoked.length;
}
