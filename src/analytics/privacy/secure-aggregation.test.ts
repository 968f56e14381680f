import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskingKeys, maskVector, unmaskSum } from './secure-aggregation.ts';

describe('secure aggregation by pairwise masks', () => {
  it('the sum of masked vectors is the true sum (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (stations, base) => {
          const keys = Array.from({ length: stations }, (_, k) => maskingKeys(`s${k}`));
          const publics = Object.fromEntries(keys.map((k) => [k.stationId, k.publicKey]));
          const vectors = keys.map((_, k) => base.map((v) => v * (k + 1)));
          const masked = keys.map((k, i) => maskVector(k, publics, 'run-1', vectors[i]!));
          const sum = unmaskSum(masked);
          sum.forEach((s, j) => {
            const want = vectors.reduce((a, v) => a + v[j]!, 0);
            expect(Math.abs(s - want)).toBeLessThan(1e-6 * stations + 1e-9 * Math.abs(want));
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a single masked vector does not show the values, and masks differ per run', () => {
    const keys = ['a', 'b', 'c'].map((id) => maskingKeys(id));
    const publics = Object.fromEntries(keys.map((k) => [k.stationId, k.publicKey]));
    const one = maskVector(keys[0]!, publics, 'run-1', [5, 0, 12]);
    expect(unmaskSum([one])).not.toEqual([5, 0, 12]);
    expect(maskVector(keys[0]!, publics, 'run-2', [5, 0, 12])).not.toEqual(one);
  });
});
