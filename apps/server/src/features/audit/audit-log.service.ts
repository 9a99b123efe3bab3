import { listAuditRows } from '../../platform/audit/audit.repo.ts';
import { type ChainReport, verifyAuditChain } from '../../platform/audit/audit.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import type { ListAuditInput } from './audit-log.schema-api.ts';

/** A page of the audit trail, newest first; `nextCursor` is the last row's seq when more rows exist. */
/** Services re-check the route's rule, so a caller other than the route (a job, a script) cannot skip it. */
const requireAdmin = (ctx: Ctx) => authorize(ctx.actor, { scope: 'admin' });

export async function listAuditLog(ctx: Ctx, input: ListAuditInput) {
  requireAdmin(ctx);
  const rows = await listAuditRows(ctx.deps.database.db, {
    entityType: input.entityType,
    entityId: input.entityId,
    actorUserId: input.actorUserId,
    action: input.action,
    from: input.from,
    to: input.to,
    beforeSeq: input.cursor,
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? String(last.seq) : null };
}

/** Walks the whole hash chain and reports the first broken link. */
export async function verifyAuditLog(ctx: Ctx): Promise<ChainReport> {
  requireAdmin(ctx);
  return verifyAuditChain(ctx);
}
