import { errorFunction } from 'simple-statistics';

/**
 * The statistics of an experiment (docs/ANALYTICS.md), pure: each variant against the control by a pooled
 * two-proportion z-test, two-sided. The normal CDF is simple-statistics' error function
 * (Φ(z) = ½(1 + erf(z/√2)), absolute error under 1.2e-7), not its two-decimal lookup table.
 */
export interface Arm {
  exposed: number;
  conversions: number;
}

export interface Comparison {
  /** (rate − control rate) / pooled standard error. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** 1 − p-value, in %. */
  confidence: number;
  /** p-value below 0.05: significant at 95 %. */
  significant: boolean;
  /** Relative change of the conversion rate against the control, in %; null when the control converted nobody. */
  lift: number | null;
}

export const SIGNIFICANCE = 0.05;

export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/** Null when a side has no exposure or the pooled rate is 0 or 1 (no variance: nothing to test). */
export function twoProportionZTest(control: Arm, variant: Arm): Comparison | null {
  if (control.exposed === 0 || variant.exposed === 0) return null;
  const p1 = control.conversions / control.exposed;
  const p2 = variant.conversions / variant.exposed;
  const pooled = (control.conversions + variant.conversions) / (control.exposed + variant.exposed);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / control.exposed + 1 / variant.exposed));
  if (!(se > 0)) return null;
  const z = (p2 - p1) / se;
  const pValue = Math.min(1, Math.max(0, 2 * (1 - normalCdf(Math.abs(z)))));
  return {
    z,
    pValue,
    confidence: (1 - pValue) * 100,
    significant: pValue < SIGNIFICANCE,
    lift: p1 > 0 ? ((p2 - p1) / p1) * 100 : null,
  };
}
