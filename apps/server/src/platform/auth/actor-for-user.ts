import { eq } from 'drizzle-orm';
import type { Actor } from '../context.ts';
import type { Queryable } from '../db/client.ts';
import { users } from './auth.schema.ts';
import { scopesForRole } from './permissions.ts';

/**
 * The actor of a user acting later, outside a request (a background job started by them): the user's
 * current role, team and the scopes that role allows. Null when the user does not exist or is deactivated,
 * so work queued by someone who has since lost access is not done in their name.
 */
export async function actorForUser(db: Queryable, userId: string): Promise<Actor | null> {
  const [user] = await db
    .select({ id: users.id, role: users.role, teamId: users.teamId, email: users.email, isActive: users.isActive })
    .from(users)
    .where(eq(users.id, userId));
  if (!user?.isActive) return null;
  return {
    type: 'user',
    userId: user.id,
    role: user.role,
    teamId: user.teamId,
    email: user.email,
    scopes: scopesForRole(user.role),
  };
}
