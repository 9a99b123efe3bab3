import { auditNow } from '../audit/audit.ts';
import type { ApiScope } from '../context.ts';
import { type Actor, anonymousActor, type Deps, type RequestMeta, systemCtx } from '../context.ts';
import { AppError } from '../errors.ts';
import { findLiveApiKeyByHash, findLiveSessionByTokenHash, markApiKeyUsed, touchSession } from './auth.repo.ts';
import { scopesForRole } from './permissions.ts';
import { hashToken } from './tokens.ts';

export const SESSION_COOKIE = 'crm_session';
export const CSRF_COOKIE = 'crm_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const API_KEY_PREFIX = 'crm_';

/** Session activity is written at most once a minute; API-key use is audited at most once a minute. */
const TOUCH_EVERY_MS = 60_000;

/**
 * When this process last marked each API key used. The database keeps the throttle across processes; this map
 * only spares the UPDATE round trip on every request of a busy key (a cache hit then costs one lookup, not two).
 */
const markedAt = new Map<string, number>();

export interface ResolvedAuth {
  actor: Actor;
  via: 'session' | 'api_key' | 'none';
}

export async function resolveActor(
  deps: Deps,
  input: { sessionToken?: string; authorization?: string },
  meta: RequestMeta,
): Promise<ResolvedAuth> {
  const now = deps.clock.now();
  const db = deps.database.db;
  const bearer = input.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (input.authorization && !bearer) {
    throw new AppError('auth.api_key_invalid', 'The Authorization header must be "Bearer <API key>"');
  }
  if (bearer) {
    const found = bearer.startsWith(API_KEY_PREFIX) ? await findLiveApiKeyByHash(db, hashToken(bearer), now) : null;
    if (!found) throw new AppError('auth.api_key_invalid', 'The API key is invalid, revoked or expired');
    const { key, user } = found;
    const roleScopes = scopesForRole(user.role);
    const actor: Actor = {
      type: 'api_key',
      userId: user.id,
      apiKeyId: key.id,
      role: user.role,
      teamId: user.teamId,
      email: user.email,
      scopes: (key.scopes as ApiScope[]).filter((s) => roleScopes.includes(s)),
    };
    const last = markedAt.get(key.id);
    if (last === undefined || now.getTime() - last >= TOUCH_EVERY_MS || now.getTime() < last) {
      if (markedAt.size > 10_000) markedAt.clear();
      markedAt.set(key.id, now.getTime());
      if (await markApiKeyUsed(db, key.id, now, TOUCH_EVERY_MS)) {
        await auditNow(
          { ...systemCtx(deps, meta), actor },
          { entityType: 'api_key', entityId: key.id, action: 'api_key_used' },
        );
      }
    }
    return { actor, via: 'api_key' };
  }
  if (input.sessionToken) {
    const found = await findLiveSessionByTokenHash(db, hashToken(input.sessionToken), now);
    if (found) {
      const { session, user } = found;
      if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await touchSession(db, session.id, now, deps.config.session.idleMinutes * 60_000);
      }
      return {
        via: 'session',
        actor: {
          type: 'user',
          userId: user.id,
          sessionId: session.id,
          role: user.role,
          teamId: user.teamId,
          email: user.email,
          scopes: scopesForRole(user.role),
        },
      };
    }
  }
  return { actor: anonymousActor, via: 'none' };
}
