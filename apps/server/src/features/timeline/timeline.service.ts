import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import {
  parentVisible,
  type TimelineKind,
  type TimelineParent,
  type TimelineRow,
  timelinePage,
} from './timeline.repo.ts';

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at: string; id: string };
    if (typeof c.at !== 'string' || typeof c.id !== 'string' || Number.isNaN(Date.parse(c.at))) throw new Error();
    return c;
  } catch {
    throw new AppError('list.invalid_cursor', 'The cursor is invalid', {
      fields: [{ path: 'querystring.cursor', message: 'invalid cursor', code: 'invalid_cursor' }],
    });
  }
}

/**
 * Everything that happened around a record, newest first: interactions, notes, tasks, stage changes of its
 * mandates and field changes from the audit trail. Each item is filtered by the caller's scope.
 */
export async function getTimeline(
  ctx: Ctx,
  input: { parent: TimelineParent; id: string; kinds: TimelineKind[]; limit: number; cursor?: string },
): Promise<{ items: TimelineRow[]; nextCursor: string | null }> {
  const db = ctx.deps.database.db;
  if (!(await parentVisible(db, ctx.actor, input.parent, input.id))) {
    throw new AppError(`${input.parent}.not_found`, `${input.parent} ${input.id} was not found`);
  }
  const rows = await timelinePage(db, ctx.actor, {
    ...input,
    before: input.cursor ? decodeCursor(input.cursor) : undefined,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > input.limit && last
      ? Buffer.from(JSON.stringify({ at: last.at.toISOString(), id: last.id })).toString('base64url')
      : null;
  return { items, nextCursor };
}
