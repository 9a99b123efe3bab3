/**
 * What follows a delivery attempt, as a pure decision (no database, no clock of its own): the dispatcher records
 * it. docs/WEBHOOKS.md, "Retries and disabling".
 */

/**
 * When to try again after a failed attempt, or null when the schedule is exhausted (dead letter). `attempts` counts
 * the attempts made so far (1 after the first). Delays get ±20 % jitter, so receivers coming back are not hit by
 * every retry at once; a Retry-After (429/503) pushes the retry later, never earlier.
 */
export function nextRetryDelay(
  attempts: number,
  scheduleMs: number[],
  retryAfterMs: number | null,
  random = Math.random,
): number | null {
  const base = scheduleMs[attempts - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  return Math.max(jittered, retryAfterMs ?? 0);
}

export type AfterAttempt =
  | { kind: 'succeeded' }
  /** Failed: try again after `delayMs`. */
  | { kind: 'retry'; delayMs: number }
  /**
   * Failed for good: `disable` says whether the endpoint is switched off too (410 Gone, or failing for longer than
   * the limit), `tellOwner` whether its owner hears of a dead letter (a scheduled delivery; a manual one answers
   * its caller).
   */
  | { kind: 'failed'; disable: 'gone' | 'failing' | null; tellOwner: boolean };

/**
 * The decision after an attempt: a 2xx succeeds; a 410 disables the endpoint at once; an endpoint failing since
 * longer than `disableAfterMs` is disabled; otherwise a scheduled delivery is retried on the schedule until it is
 * exhausted, and a manual one (a redelivery asked from the API) is not retried.
 */
export function decideAfterAttempt(input: {
  status: number | null;
  retryAfterMs: number | null;
  attempts: number;
  trigger: 'scheduled' | 'manual' | 'test';
  /** When the endpoint's current run of failures began (null when its last attempt succeeded). */
  failingSince: Date | null;
  now: Date;
  config: { disableAfterMs: number; retryScheduleMs: number[] };
  random?: () => number;
}): AfterAttempt {
  const { status, now, config } = input;
  if (status !== null && status >= 200 && status < 300) return { kind: 'succeeded' };
  let disable: 'gone' | 'failing' | null = null;
  if (status === 410) disable = 'gone';
  else if (input.failingSince && now.getTime() - input.failingSince.getTime() >= config.disableAfterMs)
    disable = 'failing';
  if (disable) return { kind: 'failed', disable, tellOwner: false };
  if (input.trigger !== 'scheduled') return { kind: 'failed', disable: null, tellOwner: false };
  const delayMs = nextRetryDelay(input.attempts, config.retryScheduleMs, input.retryAfterMs, input.random);
  return delayMs === null ? { kind: 'failed', disable: null, tellOwner: true } : { kind: 'retry', delayMs };
}
