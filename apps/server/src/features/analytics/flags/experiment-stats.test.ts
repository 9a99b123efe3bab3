import { describe, expect, it } from 'vitest';
import { normalCdf, twoProportionZTest } from './experiment-stats.ts';

describe('two-proportion z-test', () => {
  it('matches the normal CDF’s known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 6);
  });

  it('finds 10 % → 18 % on 200 users each significant (by hand: z = 2.3056, p = 0.0211)', () => {
    // pooled p = 56/400 = 0.14; se = √(0.14 × 0.86 × (1/200 + 1/200)) = √0.001204 = 0.034699; z = 0.08 / se
    const r = twoProportionZTest({ exposed: 200, conversions: 20 }, { exposed: 200, conversions: 36 });
    expect(r?.z).toBeCloseTo(2.30556, 4);
    expect(r?.pValue).toBeCloseTo(0.021135, 5);
    expect(r?.confidence).toBeCloseTo(97.8865, 3);
    expect(r?.significant).toBe(true);
    expect(r?.lift).toBeCloseTo(80, 9);
  });

  it('finds 20 % → 60 % on 10 users each not significant at 95 % (by hand: z = 1.8257, p = 0.0679)', () => {
    // pooled p = 8/20 = 0.4; se = √(0.4 × 0.6 × 0.2) = √0.048 = 0.219089; z = 0.4 / se
    const r = twoProportionZTest({ exposed: 10, conversions: 2 }, { exposed: 10, conversions: 6 });
    expect(r?.z).toBeCloseTo(1.825742, 5);
    expect(r?.pValue).toBeCloseTo(0.067889, 5);
    expect(r?.significant).toBe(false);
    expect(r?.lift).toBeCloseTo(200, 9);
  });

  it('is two-sided: a drop is tested like a rise', () => {
    const r = twoProportionZTest({ exposed: 1000, conversions: 100 }, { exposed: 1000, conversions: 80 });
    expect(r?.z).toBeCloseTo(-1.562691, 5);
    expect(r?.pValue).toBeCloseTo(0.118125, 5);
    expect(r?.lift).toBeCloseTo(-20, 9);
  });

  it('has nothing to test without exposure or without variance', () => {
    expect(twoProportionZTest({ exposed: 0, conversions: 0 }, { exposed: 10, conversions: 1 })).toBeNull();
    expect(twoProportionZTest({ exposed: 10, conversions: 0 }, { exposed: 10, conversions: 0 })).toBeNull();
    expect(twoProportionZTest({ exposed: 10, conversions: 10 }, { exposed: 5, conversions: 5 })).toBeNull();
    expect(twoProportionZTest({ exposed: 5, conversions: 0 }, { exposed: 5, conversions: 1 })?.lift).toBeNull();
  });
});
