/** The variants of a flag being edited, and what is wrong with them (pure: unit-tested). */
export interface VariantDraft {
  key: string;
  rolloutPercent: number;
}

export const VARIANT_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$/;
export const FLAG_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** A control and a test arm, half and half. */
export const defaultVariants = (): VariantDraft[] => [
  { key: 'control', rolloutPercent: 50 },
  { key: 'test', rolloutPercent: 50 },
];

export const variantsSum = (variants: VariantDraft[]) => variants.reduce((s, v) => s + (v.rolloutPercent || 0), 0);

/**
 * Shares spread evenly over `n` variants adding up to 100 (the first ones take the remainder): 3 → 34, 33, 33.
 */
export function evenShares(n: number): number[] {
  const base = Math.floor(100 / n);
  return Array.from({ length: n }, (_, i) => base + (i < 100 - base * n ? 1 : 0));
}

export type VariantProblem = 'sum' | 'key' | 'duplicate' | null;

/** Why the variants would be refused (the server says the same): sum not 100, a bad key, a key used twice. */
export function variantsProblem(variants: VariantDraft[]): VariantProblem {
  if (variants.some((v) => !VARIANT_KEY.test(v.key))) return 'key';
  if (new Set(variants.map((v) => v.key)).size !== variants.length) return 'duplicate';
  if (variantsSum(variants) !== 100) return 'sum';
  return null;
}
