import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { laplaceNoise, noisyCounts } from './laplace.ts';

describe('Laplace noise', () => {
  it('is the inverse CDF of Laplace(0, b) (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (u, b) => {
          const x = laplaceNoise(b, () => u);
          const cdf = x < 0 ? 0.5 * Math.exp(x / b) : 1 - 0.5 * Math.exp(-x / b);
          expect(cdf).toBeCloseTo(u, 9);
        },
      ),
    );
  });

  it('has mean 0 and variance 2b² (20 000 draws)', () => {
    const b = 2;
    const xs = Array.from({ length: 20000 }, () => laplaceNoise(b));
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
    // Standard error of the mean is sqrt(8/20000) ≈ 0.02; of the variance about 0.2.
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(variance).toBeGreaterThan(6.5);
    expect(variance).toBeLessThan(9.5);
  });

  it('noisy counts are non-negative integers', () => {
    for (const c of noisyCounts([0, 1, 5, 100], 0.1)) {
      expect(Number.isInteger(c)).toBe(true);
      expect(c).toBeGreaterThanOrEqual(0);
    }
  });
});
