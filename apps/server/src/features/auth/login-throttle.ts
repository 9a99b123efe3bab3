import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { mailServerSet, queueMail } from '../mail/mail.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { failureStats, findKnownAddress, insertLoginFailure, nthNewestFailureTime, type UserRow } from './auth.repo.ts';
import { type LoginAlertKind, localeOf, loginAlert, loginAlertMail } from './auth-messages.ts';

/**
 * The login throttle (docs/ARCHITECTURE.md, "Login lockout"). Failed logins are rows of `login_failures` (e-mail,
 * address, time), so every API process sees the same counts. Before the password is checked:
 *
 * 1. Address: MAX failures from one address over any accounts within its window refuse every login from it
 *    (password spraying from one address).
 * 2. Pair (account, address): after `freeFailures` failures of the pair since its last success, each further attempt
 *    of the pair must wait `firstDelayMs`, doubled at each failure, at most `maxDelayMs`, after the last failure.
 *    Another address is not slowed down, so an attacker elsewhere cannot lock the owner out.
 * 3. Account ceiling: `ceiling` failures from all addresses within a day (since the last password change) make the
 *    account sign in only from an address it signed in from before; a password reset lifts it.
 *
 * Refusals are 429 with Retry-After and do not count as failures. The owner is told (notification, and a mail when
 * SMTP is configured) when the account reaches `notifyAt` failures in the account window, and when it reaches the
 * ceiling.
 */
export const LOGIN_THROTTLE = {
  address: { maxFailures: 10, windowMs: 15 * 60_000 },
  pair: { freeFailures: 5, windowMs: 24 * 3_600_000, firstDelayMs: 30_000, maxDelayMs: 60 * 60_000 },
  account: { notifyAt: 5, ceiling: 100, windowMs: 24 * 3_600_000 },
} as const;

/** How long a pair with `failures` failures waits after its last one (0 while it has free attempts left). */
export function pairDelayMs(failures: number): number {
  const { freeFailures, firstDelayMs, maxDelayMs } = LOGIN_THROTTLE.pair;
  if (failures < freeFailures) return 0;
  return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(failures - freeFailures, 30));
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const tooMany = (waitMs: number) =>
  new AppError('auth.too_many_attempts', 'Too many failed sign-in attempts; try again later', {
    retryAfter: seconds(waitMs),
  });

/** Failures older than this do not count towards the account ceiling: a password change or reset starts afresh. */
const accountSince = (now: Date, user: UserRow | null) => {
  const windowStart = now.getTime() - LOGIN_THROTTLE.account.windowMs;
  return new Date(Math.max(windowStart, user?.passwordChangedAt?.getTime() ?? 0));
};

/**
 * Throws 429 `auth.too_many_attempts` (address or pair throttled) or `auth.account_protected` (ceiling reached and
 * the address never signed in to this account), with Retry-After, before the password is checked.
 */
export async function assertLoginAllowed(
  ctx: Ctx,
  input: { email: string; ip: string | null; user: UserRow | null },
): Promise<void> {
  const db = ctx.deps.database.db;
  const now = ctx.deps.clock.now();
  const { email, ip, user } = input;
  const known = user && ip ? await findKnownAddress(db, user.id, ip) : null;

  if (ip) {
    const { maxFailures, windowMs } = LOGIN_THROTTLE.address;
    const nth = await nthNewestFailureTime(db, { ip }, new Date(now.getTime() - windowMs), maxFailures);
    if (nth) throw tooMany(nth.getTime() + windowMs - now.getTime());

    const pairStart = Math.max(now.getTime() - LOGIN_THROTTLE.pair.windowMs, known?.lastAt.getTime() ?? 0);
    const pair = await failureStats(db, { email, ip }, new Date(pairStart));
    const until = pair.last ? pair.last.getTime() + pairDelayMs(pair.count) : 0;
    if (pairDelayMs(pair.count) > 0 && until > now.getTime()) throw tooMany(until - now.getTime());
  }

  if (!known) {
    const { ceiling, windowMs } = LOGIN_THROTTLE.account;
    const nth = await nthNewestFailureTime(db, { email }, accountSince(now, user), ceiling);
    if (nth) {
      throw new AppError(
        'auth.account_protected',
        'This account saw too many failed sign-ins: sign in from a device you used before, or reset your password',
        { retryAfter: seconds(nth.getTime() + windowMs - now.getTime()) },
      );
    }
  }
}

/**
 * Records a failed login and audits it, in its own transaction; tells the owner when the account reaches the
 * alert threshold or the ceiling.
 */
export async function recordLoginFailure(
  ctx: Ctx,
  input: { email: string; ip: string | null; user: UserRow | null; reason: string },
): Promise<void> {
  const { email, ip, user } = input;
  const now = ctx.deps.clock.now();
  // Counted first and on its own, so the throttle sees the failure even if what follows fails.
  await insertLoginFailure(ctx.deps.database.db, { email, ip, at: now });
  await withTx(ctx, async (t) => {
    await audit(t, {
      entityType: 'user',
      entityId: user?.id ?? null,
      action: 'login_failed',
      metadata: { email, reason: input.reason },
    });
    if (!user?.isActive) return;
    const { count } = await failureStats(t.db, { email }, accountSince(now, user));
    const kind: LoginAlertKind | null =
      count === LOGIN_THROTTLE.account.notifyAt
        ? 'failures'
        : count === LOGIN_THROTTLE.account.ceiling
          ? 'protected'
          : null;
    if (!kind) return;
    const alert = loginAlert(localeOf(user), kind, {
      failures: count,
      hours: LOGIN_THROTTLE.account.windowMs / 3_600_000,
      ip,
    });
    await notify(t, {
      userId: user.id,
      type: alert.type,
      title: alert.title,
      body: alert.body,
      data: { failures: count, link: '/profile' },
    });
    // Mailed too when a mail server is set (without one, the in-app notification is enough), durably (docs/MAIL.md).
    if (!(await mailServerSet(t))) return;
    await queueMail(t, {
      ...loginAlertMail(user, alert),
      category: 'login_alert',
      locale: localeOf(user),
      userId: user.id,
    });
  });
}
