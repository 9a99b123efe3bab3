import { describe, expect, it } from 'vitest';
import { evenShares, variantsProblem, variantsSum } from './variants.ts';

describe('flag variants', () => {
  it('spreads shares evenly and adds up to 100', () => {
    expect(evenShares(2)).toEqual([50, 50]);
    expect(evenShares(3)).toEqual([34, 33, 33]);
    expect(evenShares(7).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('says what the server would refuse', () => {
    expect(
      variantsProblem([
        { key: 'control', rolloutPercent: 50 },
        { key: 'test', rolloutPercent: 50 },
      ]),
    ).toBeNull();
    expect(
      variantsProblem([
        { key: 'control', rolloutPercent: 50 },
        { key: 'test', rolloutPercent: 40 },
      ]),
    ).toBe('sum');
    expect(
      variantsProblem([
        { key: 'a', rolloutPercent: 50 },
        { key: 'a', rolloutPercent: 50 },
      ]),
    ).toBe('duplicate');
    expect(
      variantsProblem([
        { key: '-x', rolloutPercent: 50 },
        { key: 'b', rolloutPercent: 50 },
      ]),
    ).toBe('key');
    expect(
      variantsSum([
        { key: 'a', rolloutPercent: 30 },
        { key: 'b', rolloutPercent: 30 },
      ]),
    ).toBe(60);
  });
});
