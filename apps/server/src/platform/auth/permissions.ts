import type { Actor, ApiScope, Role } from '../context.ts';
import { AppError } from '../errors.ts';

/**
 * What a route needs. `public` routes need no one; others need a signed-in user (session or API key)
 * whose role allows the scope (viewers read only; `admin` needs the admin role) and, for API keys,
 * a key carrying that scope.
 *
 * `ownAccount: true` marks a change to the caller's own account only (profile, notifications, password,
 * sessions, 2FA, own API keys): every role may make it from a session, viewers included, while an API key
 * still needs the route's scope (so a read-only key changes nothing).
 */
export type AuthRequirement = 'public' | { scope: ApiScope; roles?: Role[]; ownAccount?: boolean };

const roleAllows: Record<Role, ApiScope[]> = {
  admin: ['read', 'write', 'admin'],
  manager: ['read', 'write'],
  user: ['read', 'write'],
  viewer: ['read'],
};

export function scopesForRole(role: Role): ApiScope[] {
  return roleAllows[role];
}

export function authorize(actor: Actor, req: AuthRequirement): void {
  if (req === 'public') return;
  if (actor.type === 'anonymous' || !actor.role) {
    throw new AppError('auth.unauthenticated', 'Authentication is required');
  }
  const ownAccountBySession = req.ownAccount === true && actor.type === 'user';
  if (!ownAccountBySession && !roleAllows[actor.role].includes(req.scope)) {
    throw new AppError('auth.forbidden', `Your role (${actor.role}) may not do this`);
  }
  if (req.roles && !req.roles.includes(actor.role)) {
    throw new AppError('auth.forbidden', `This requires one of the roles: ${req.roles.join(', ')}`);
  }
  if (!ownAccountBySession && !actor.scopes.includes(req.scope)) {
    throw new AppError('auth.scope_missing', `This API key lacks the "${req.scope}" scope`);
  }
}
