import type { Ctx } from '../../platform/context.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../platform/db/keyset.ts';
import { AppError } from '../../platform/errors.ts';
import { findLinkedRecord } from '../interactions/linked-records.repo.ts';
import { type TimelineKind, type TimelineParent, type TimelineRow, timelinePage } from './timeline.repo.ts';

/**
 * Everything that happened around a record, newest first: interactions, notes, tasks, stage changes of its
 * mandates and field changes from the audit trail. Each item is filtered by the caller's scope.
 */
export async function getTimeline(
  ctx: Ctx,
  input: { parent: TimelineParent; id: string; kinds: TimelineKind[]; limit: number; cursor?: string },
): Promise<{ items: TimelineRow[]; nextCursor: string | null }> {
  const db = ctx.deps.database.db;
  if (!(await findLinkedRecord(db, ctx.actor, input.parent, input.id))) {
    throw new AppError(`${input.parent}.not_found`, `${input.parent} ${input.id} was not found`);
  }
  const rows = await timelinePage(db, ctx.actor, {
    ...input,
    before: input.cursor ? decodeTimeCursor(input.cursor) : undefined,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor = rows.length > input.limit && last ? encodeTimeCursor(last.at, last.id) : null;
  return { items, nextCursor };
}
