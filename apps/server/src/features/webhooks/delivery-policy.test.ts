import { describe, expect, it } from 'vitest';
import { decideAfterAttempt, nextRetryDelay } from './delivery-policy.ts';

const schedule = [5_000, 300_000, 1_800_000];
const now = new Date('2026-12-01T10:00:00Z');
const config = { disableAfterMs: 5 * 86_400_000, retryScheduleMs: schedule };
const base = {
  status: 500 as number | null,
  retryAfterMs: null,
  attempts: 1,
  trigger: 'scheduled' as const,
  failingSince: null,
  now,
  config,
  random: () => 0.5,
};

describe('the retry schedule', () => {
  it('jitters each delay by ±20 %, stops after the last, and lets Retry-After only push later', () => {
    expect(nextRetryDelay(1, schedule, null, () => 0)).toBe(4_000);
    expect(nextRetryDelay(1, schedule, null, () => 1)).toBe(6_000);
    expect(nextRetryDelay(2, schedule, null, () => 0.5)).toBe(300_000);
    expect(nextRetryDelay(3, schedule, null, () => 0.5)).toBe(1_800_000);
    expect(nextRetryDelay(4, schedule, null, () => 0.5)).toBeNull();
    expect(nextRetryDelay(1, schedule, 60_000, () => 0.5)).toBe(60_000);
    expect(nextRetryDelay(2, schedule, 1_000, () => 0.5)).toBe(300_000);
  });
});

describe('what follows an attempt', () => {
  it('succeeds on any 2xx', () => {
    expect(decideAfterAttempt({ ...base, status: 204 })).toEqual({ kind: 'succeeded' });
    expect(decideAfterAttempt({ ...base, status: 302 }).kind).toBe('retry');
  });

  it('retries a scheduled delivery on the schedule, then tells the owner of the dead letter', () => {
    expect(decideAfterAttempt(base)).toEqual({ kind: 'retry', delayMs: 5_000 });
    expect(decideAfterAttempt({ ...base, status: null, attempts: 3 })).toEqual({ kind: 'retry', delayMs: 1_800_000 });
    expect(decideAfterAttempt({ ...base, attempts: 4 })).toEqual({ kind: 'failed', disable: null, tellOwner: true });
  });

  it('never retries a redelivery asked for by hand or a test, and tells no one', () => {
    for (const trigger of ['manual', 'test'] as const)
      expect(decideAfterAttempt({ ...base, trigger })).toEqual({ kind: 'failed', disable: null, tellOwner: false });
  });

  it('disables the endpoint on 410 Gone at once, and when it has been failing for longer than the limit', () => {
    expect(decideAfterAttempt({ ...base, status: 410 })).toEqual({ kind: 'failed', disable: 'gone', tellOwner: false });
    const since = (ms: number) => new Date(now.getTime() - ms);
    expect(decideAfterAttempt({ ...base, failingSince: since(config.disableAfterMs) })).toEqual({
      kind: 'failed',
      disable: 'failing',
      tellOwner: false,
    });
    expect(decideAfterAttempt({ ...base, failingSince: since(config.disableAfterMs - 1) }).kind).toBe('retry');
  });
});
