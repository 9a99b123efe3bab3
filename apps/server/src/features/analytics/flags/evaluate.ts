import { createHash } from 'node:crypto';

/**
 * Feature-flag evaluation (docs/ANALYTICS.md, "Feature flags and experiments"), pure. The bucket of a user is
 * PostHog's (posthog-node's local evaluation): the SHA-1 of `${flagKey}.${userId}${salt}`, its first 15 hex digits
 * read as an integer and divided by 0xFFFFFFFFFFFFFFF, a number in [0, 1] that is the same for the same flag and
 * user wherever it is computed. The rollout uses the bucket without salt; the variant a second bucket salted with
 * `variant`, so who gets the flag and which arm they get are independent.
 */
/**
 * PostHog's 0xFFFFFFFFFFFFFFF (2^60 − 1), which a double cannot hold: as a JavaScript number it is 2^60, the value its
 * SDKs actually divide by.
 */
const LONG_SCALE = 2 ** 60;

export function bucketOf(flagKey: string, userId: string, salt = ''): number {
  const hex = createHash('sha1').update(`${flagKey}.${userId}${salt}`, 'utf8').digest('hex');
  return Number.parseInt(hex.slice(0, 15), 16) / LONG_SCALE;
}

export interface FlagVariantDef {
  key: string;
  rolloutPercent: number;
}

export interface FlagDef {
  key: string;
  active: boolean;
  rolloutPercent: number;
  /** Empty: everyone; otherwise only members of these teams. */
  teamIds: readonly string[];
  /** Null: a boolean flag. */
  variants: readonly FlagVariantDef[] | null;
}

export interface FlagSubject {
  userId: string;
  teamId: string | null;
}

/** PostHog's evaluation reason codes, as posthog-js receives them. */
export type FlagReasonCode = 'condition_match' | 'out_of_rollout_bound' | 'no_condition_match' | 'flag_disabled';

export interface FlagEvaluation {
  key: string;
  enabled: boolean;
  /** The arm of a multivariate flag when enabled; null otherwise. */
  variant: string | null;
  reason: FlagReasonCode;
  description: string;
}

/**
 * Whether the rollout includes a bucket: PostHog's rule (`bucket <= percent / 100`), with 0 % as nobody and
 * 100 % as everyone whatever the bucket.
 */
export function inRollout(bucket: number, percent: number): boolean {
  if (percent <= 0) return false;
  if (percent >= 100) return true;
  return bucket <= percent / 100;
}

/** The variant whose cumulative range [from, to) holds the bucket (the last one for a bucket of exactly 1). */
export function variantFor(variants: readonly FlagVariantDef[], bucket: number): string | null {
  let from = 0;
  for (const v of variants) {
    const to = from + v.rolloutPercent / 100;
    if (bucket >= from && bucket < to) return v.key;
    from = to;
  }
  return variants.at(-1)?.key ?? null;
}

/** Evaluates one flag for one user: active, team, rollout, then the variant. */
export function evaluateFlag(flag: FlagDef, subject: FlagSubject): FlagEvaluation {
  const off = (reason: FlagReasonCode, description: string): FlagEvaluation => ({
    key: flag.key,
    enabled: false,
    variant: null,
    reason,
    description,
  });
  if (!flag.active) return off('flag_disabled', 'The flag is off');
  if (flag.teamIds.length > 0 && !(subject.teamId && flag.teamIds.includes(subject.teamId))) {
    return off('no_condition_match', 'Not a member of the flag’s teams');
  }
  if (!inRollout(bucketOf(flag.key, subject.userId), flag.rolloutPercent)) {
    return off('out_of_rollout_bound', `Outside the ${flag.rolloutPercent} % rollout`);
  }
  const variant = flag.variants?.length
    ? variantFor(flag.variants, bucketOf(flag.key, subject.userId, 'variant'))
    : null;
  return {
    key: flag.key,
    enabled: true,
    variant,
    reason: 'condition_match',
    description: `Within the ${flag.rolloutPercent} % rollout${flag.teamIds.length ? ' of its teams' : ''}`,
  };
}
