import { auditNow } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { insertLoginFailure, recentFailureTimes } from './auth.repo.ts';

/** After MAX_FAILURES failed logins within WINDOW_MS for an account or from an IP, logins are refused. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

/**
 * Throws 429 auth.too_many_attempts (with Retry-After) while the account or the IP has MAX_FAILURES
 * failures in the window, even before the password is checked. Counted in the database, so it holds
 * across API processes.
 */
export async function assertNotLockedOut(ctx: Ctx, input: { email: string; ip: string | null }): Promise<void> {
  const db = ctx.deps.database.db;
  const now = ctx.deps.clock.now();
  const since = new Date(now.getTime() - WINDOW_MS);
  const checks: ({ email: string } | { ip: string })[] = [{ email: input.email }];
  if (input.ip) checks.push({ ip: input.ip });
  let retryAfterMs = 0;
  for (const by of checks) {
    const times = await recentFailureTimes(db, by, since, MAX_FAILURES);
    if (times.length < MAX_FAILURES) continue;
    // Unlocks when the oldest of the last MAX_FAILURES failures leaves the window.
    const oldest = times[MAX_FAILURES - 1] as Date;
    retryAfterMs = Math.max(retryAfterMs, oldest.getTime() + WINDOW_MS - now.getTime());
  }
  if (retryAfterMs > 0) {
    throw new AppError('auth.too_many_attempts', 'Too many failed sign-in attempts; try again later', {
      retryAfter: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    });
  }
}

/** Records a failed login (for the lockout) and audits it, in its own transaction. */
export async function recordLoginFailure(
  ctx: Ctx,
  input: { email: string; ip: string | null; userId: string | null; reason: string },
): Promise<void> {
  await insertLoginFailure(ctx.deps.database.db, { email: input.email, ip: input.ip, at: ctx.deps.clock.now() });
  await auditNow(ctx, {
    entityType: 'user',
    entityId: input.userId,
    action: 'login_failed',
    metadata: { email: input.email, reason: input.reason },
  });
}
