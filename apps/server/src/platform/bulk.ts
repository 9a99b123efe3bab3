import type { Ctx } from './context.ts';
import { AppError } from './errors.ts';
import type { BulkReport } from './http/list.ts';

/** Runs `fn` for each id in its own transaction and reports, row by row, what succeeded and why others failed. */
export async function forEachRow(ids: string[], fn: (id: string) => Promise<unknown>): Promise<BulkReport> {
  const report: BulkReport = { succeeded: [], failed: [] };
  for (const id of [...new Set(ids)]) {
    try {
      await fn(id);
      report.succeeded.push(id);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      report.failed.push({ id, code: err.code, message: err.message });
    }
  }
  return report;
}

export function assertMayBulkDelete(ctx: Ctx): void {
  if (ctx.actor.role !== 'admin' && ctx.actor.role !== 'manager' && ctx.actor.type !== 'system') {
    throw new AppError('auth.forbidden', 'Only managers and admins may delete in bulk');
  }
}
