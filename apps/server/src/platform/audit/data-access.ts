import type { Ctx } from '../context.ts';
import type { Queryable } from '../db/client.ts';
import { dataAccessLog } from './data-access.schema.ts';

export interface DataAccess {
  /** e.g. `person`. */
  subjectType: string;
  subjectId: string;
  /** `read`, `export`, ... */
  action: string;
}

/**
 * RGPD: records that the caller read or exported a data subject's record (who, when, from where). One
 * small insert; pass `db` to write it inside an open transaction, otherwise it commits on its own.
 */
export async function logDataAccess(ctx: Ctx, access: DataAccess, db: Queryable = ctx.deps.database.db): Promise<void> {
  await db.insert(dataAccessLog).values({
    at: ctx.deps.clock.now(),
    actorUserId: ctx.actor.userId,
    apiKeyId: ctx.actor.apiKeyId ?? null,
    subjectType: access.subjectType,
    subjectId: access.subjectId,
    action: access.action,
    ip: ctx.meta.ip ?? null,
    userAgent: ctx.meta.userAgent ?? null,
  });
}
