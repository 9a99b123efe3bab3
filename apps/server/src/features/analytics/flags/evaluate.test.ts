import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bucketOf, evaluateFlag, type FlagDef, inRollout, variantFor } from './evaluate.ts';

const flag = (over: Partial<FlagDef> = {}): FlagDef => ({
  key: 'new-timeline',
  active: true,
  rolloutPercent: 100,
  teamIds: [],
  variants: null,
  ...over,
});

/**
 * PostHog's own consistency vectors (posthog-node's feature-flags.spec.ts, "is consistent for simple flags" and
 * "… for multivariate flags", themselves from PostHog's server tests): the answers for `distinct_id_0`,
 * `distinct_id_1`, … that every PostHog SDK and server must give. Matching them proves the same bucketing.
 */
const SIMPLE_45 = [
  false,
  true,
  true,
  false,
  true,
  false,
  false,
  true,
  false,
  true,
  false,
  true,
  true,
  false,
  true,
  false,
  false,
  false,
  true,
  true,
  false,
  true,
  false,
  false,
  true,
  false,
  true,
  true,
  false,
  false,
];
const MULTI_55 = [
  'second-variant',
  'second-variant',
  'first-variant',
  false,
  false,
  'second-variant',
  'first-variant',
  false,
  false,
  false,
  'first-variant',
  'third-variant',
  false,
  'first-variant',
  'second-variant',
  'first-variant',
  false,
  false,
  'fourth-variant',
  'first-variant',
  false,
  'third-variant',
  false,
  false,
  false,
  'first-variant',
];

describe('flag buckets (PostHog’s hash)', () => {
  it('is the first 15 hex digits of sha1("key.id") over 0xFFFFFFFFFFFFFFF', () => {
    const hex = createHash('sha1').update('my-flag.user-1').digest('hex').slice(0, 15);
    expect(bucketOf('my-flag', 'user-1')).toBe(Number.parseInt(hex, 16) / 2 ** 60);
    expect(bucketOf('my-flag', 'user-1')).toBe(bucketOf('my-flag', 'user-1'));
    expect(bucketOf('my-flag', 'user-1')).not.toBe(bucketOf('my-flag', 'user-1', 'variant'));
    expect(bucketOf('my-flag', 'user-1')).not.toBe(bucketOf('other-flag', 'user-1'));
  });

  it('gives PostHog’s answers for a 45 % boolean flag', () => {
    const got = SIMPLE_45.map(
      (_, i) =>
        evaluateFlag(flag({ key: 'simple-flag', rolloutPercent: 45 }), { userId: `distinct_id_${i}`, teamId: null })
          .enabled,
    );
    expect(got).toEqual(SIMPLE_45);
  });

  it('gives PostHog’s answers for a 55 % flag with five variants', () => {
    const variants = [
      { key: 'first-variant', rolloutPercent: 50 },
      { key: 'second-variant', rolloutPercent: 20 },
      { key: 'third-variant', rolloutPercent: 20 },
      { key: 'fourth-variant', rolloutPercent: 5 },
      { key: 'fifth-variant', rolloutPercent: 5 },
    ];
    const got = MULTI_55.map((_, i) => {
      const e = evaluateFlag(flag({ key: 'multivariate-flag', rolloutPercent: 55, variants }), {
        userId: `distinct_id_${i}`,
        teamId: null,
      });
      return e.enabled ? e.variant : false;
    });
    expect(got).toEqual(MULTI_55);
  });

  it('spreads users evenly: about 30 % of 10,000 in a 30 % rollout, variants in their shares', () => {
    const f = flag({
      rolloutPercent: 30,
      variants: [
        { key: 'control', rolloutPercent: 50 },
        { key: 'test', rolloutPercent: 50 },
      ],
    });
    const counts = { off: 0, control: 0, test: 0 };
    for (let i = 0; i < 10_000; i++) {
      const e = evaluateFlag(f, { userId: `user-${i}`, teamId: null });
      counts[(e.variant ?? 'off') as keyof typeof counts]++;
    }
    expect(counts.off).toBeGreaterThan(6_800);
    expect(counts.off).toBeLessThan(7_200);
    expect(Math.abs(counts.control - counts.test)).toBeLessThan(250);
  });
});

describe('flag evaluation', () => {
  const user = { userId: '0199b0a4-0000-7000-8000-000000000001', teamId: 'team-a' };

  it('serves nothing when the flag is off', () => {
    expect(evaluateFlag(flag({ active: false }), user)).toMatchObject({
      enabled: false,
      variant: null,
      reason: 'flag_disabled',
    });
  });

  it('keeps a flag to its teams', () => {
    expect(evaluateFlag(flag({ teamIds: ['team-b'] }), user)).toMatchObject({
      enabled: false,
      reason: 'no_condition_match',
    });
    expect(evaluateFlag(flag({ teamIds: ['team-b'] }), { ...user, teamId: null }).enabled).toBe(false);
    expect(evaluateFlag(flag({ teamIds: ['team-a', 'team-b'] }), user)).toMatchObject({
      enabled: true,
      reason: 'condition_match',
    });
  });

  it('takes 0 % as nobody and 100 % as everybody', () => {
    expect(inRollout(0, 0)).toBe(false);
    expect(inRollout(1, 100)).toBe(true);
    expect(inRollout(0.3, 30)).toBe(true);
    expect(inRollout(0.30001, 30)).toBe(false);
    expect(evaluateFlag(flag({ rolloutPercent: 0 }), user)).toMatchObject({
      enabled: false,
      reason: 'out_of_rollout_bound',
    });
  });

  it('picks the variant whose cumulative range holds the variant bucket', () => {
    const variants = [
      { key: 'control', rolloutPercent: 50 },
      { key: 'a', rolloutPercent: 30 },
      { key: 'b', rolloutPercent: 20 },
    ];
    expect(variantFor(variants, 0)).toBe('control');
    expect(variantFor(variants, 0.4999)).toBe('control');
    expect(variantFor(variants, 0.5)).toBe('a');
    expect(variantFor(variants, 0.85)).toBe('b');
    expect(variantFor(variants, 1)).toBe('b');
    const e = evaluateFlag(flag({ variants }), user);
    expect(e.variant).toBe(variantFor(variants, bucketOf('new-timeline', user.userId, 'variant')));
  });
});
