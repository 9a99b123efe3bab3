import type { NotableEntity } from '@crm/contracts';
import type { Ctx } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { findHubRecord } from '../../platform/entities/links.ts';
import type { RecordOwnership } from '../../platform/entities/records.repo.ts';
import { AppError } from '../../platform/errors.ts';

/** Notes and attachments are visible to whoever sees their parent record: 404 otherwise. */
export async function visibleParent(
  ctx: Ctx,
  db: Queryable,
  entityType: NotableEntity,
  entityId: string,
): Promise<RecordOwnership> {
  const parent = await findHubRecord(ctx, db, entityType, entityId);
  if (!parent) throw new AppError(`${entityType}.not_found`, `${entityType} ${entityId} was not found`);
  return parent;
}

/** The author, an admin, or a manager of the author's team may change or delete a note or an attachment. */
export function assertMayChange(ctx: Ctx, item: { authorId: string | null; teamId: string | null }): void {
  const { actor } = ctx;
  if (actor.type === 'system') return;
  const allowed =
    actor.scopes.includes('write') &&
    (actor.role === 'admin' ||
      (!!actor.userId && item.authorId === actor.userId && actor.role !== 'viewer') ||
      (actor.role === 'manager' && !!actor.teamId && item.teamId === actor.teamId));
  if (!allowed) throw new AppError('auth.forbidden', 'Only the author, an admin or the team manager may do this');
}
