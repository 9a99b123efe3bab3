import { eq } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { users } from './auth.schema.ts';

/**
 * Owner and team of a new or reassigned record. By default the caller owns it (in the caller's team).
 * An admin may give it to any active user; a manager to a user of their team; others only to themselves.
 * The team always follows the owner.
 */
export async function resolveOwnership(
  ctx: Ctx,
  db: Queryable,
  requestedOwnerId?: string | null,
): Promise<{ ownerId: string | null; teamId: string | null }> {
  const { actor } = ctx;
  const ownerId = requestedOwnerId ?? actor.userId;
  if (!ownerId) throw new AppError('record.owner_required', 'An owner is required', { status: 400 });
  if (ownerId === actor.userId) return { ownerId, teamId: actor.teamId };
  const [owner] = await db
    .select({ id: users.id, teamId: users.teamId, isActive: users.isActive })
    .from(users)
    .where(eq(users.id, ownerId));
  if (!owner?.isActive) {
    throw new AppError('record.owner_unknown', 'The owner must be an active user', {
      status: 400,
      fields: [{ path: 'body.ownerId', message: 'unknown or inactive user', code: 'owner_unknown' }],
    });
  }
  const allowed =
    actor.type === 'system' ||
    actor.role === 'admin' ||
    (actor.role === 'manager' && !!actor.teamId && owner.teamId === actor.teamId);
  if (!allowed) throw new AppError('auth.forbidden', 'You may not assign records to this user');
  return { ownerId: owner.id, teamId: owner.teamId };
}
