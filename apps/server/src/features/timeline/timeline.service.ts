import type { Ctx } from '../../platform/context.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../platform/db/keyset.ts';
import { findHubRecord } from '../../platform/entities/links.ts';
import { AppError } from '../../platform/errors.ts';
import { type TimelineRow, timelinePage, timelineSources } from './timeline.repo.ts';

/**
 * Everything that happened around a record, newest first: interactions, notes, tasks, stage changes of its
 * mandates and field changes from the audit trail. Each item is filtered by the caller's scope.
 */
export async function getTimeline(
  ctx: Ctx,
  input: { hubType: string; id: string; kinds: string[]; limit: number; cursor?: string },
): Promise<{ items: TimelineRow[]; nextCursor: string | null }> {
  const db = ctx.deps.database.db;
  if (!(await findHubRecord(ctx, db, input.hubType, input.id))) {
    throw new AppError(`${input.hubType}.not_found`, `${input.hubType} ${input.id} was not found`);
  }
  const rows = await timelinePage(db, ctx.actor, {
    ...input,
    sources: timelineSources(ctx.deps.entities),
    before: input.cursor ? decodeTimeCursor(input.cursor) : undefined,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor = rows.length > input.limit && last ? encodeTimeCursor(last.at, last.id) : null;
  return { items, nextCursor };
}
