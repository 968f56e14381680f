import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCells,
  checkRegression,
  dominated,
  dominatedAtAnyOrigin,
  isDisclosureRefusal,
  midpoint6,
  roundCount,
} from './disclosure.ts';

const policy = { threshold: 10, rounding: 5 };

describe('disclosure rules', () => {
  it('midpoint-6 rounding: 0 → 0, 1–7 → 4, 8–13 → 10, 14–19 → 16', () => {
    expect([0, 1, 7, 8, 13, 14, 19, 20].map(midpoint6)).toEqual([0, 4, 4, 10, 10, 16, 16, 22]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (n) => {
        const r = midpoint6(n);
        expect((r + 2) % 6).toBe(0);
        expect(Math.abs(r - n)).toBeLessThanOrEqual(3);
      }),
    );
  });

  it('rounds counts to the base', () => {
    expect(roundCount(12, 5)).toBe(10);
    expect(roundCount(13, 5)).toBe(15);
    expect(roundCount(13, 1)).toBe(13);
  });

  it('refuses any non-zero cell below the threshold (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1 }), (cells) => {
        const unsafe = cells.some((c) => c > 0 && c < policy.threshold);
        let refused = false;
        try {
          checkCells(cells, policy, 't');
        } catch (e) {
          refused = isDisclosureRefusal(e);
        }
        expect(refused).toBe(unsafe);
      }),
    );
  });

  it('refuses regressions on too few patients or too many parameters (0.33 per patient by default)', () => {
    expect(() => checkRegression(9, 2, policy, 'glm')).toThrow(/too few/);
    expect(() => checkRegression(30, 11, policy, 'glm')).toThrow(/too many parameters/);
    expect(() => checkRegression(30, 9, policy, 'glm')).not.toThrow();
    expect(() => checkRegression(30, 3, { ...policy, minRegressionN: 50 }, 'glm')).toThrow(/too few/);
  });

  it('the dominance rule at any origin: a constant with 1 … 9 exceptions is dominated however it is shifted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 300 }),
        fc.array(fc.integer({ min: -500, max: 500 }), { minLength: 1, maxLength: 9 }),
        fc.integer({ min: -1e4, max: 1e4 }),
        (n, few, shift) => {
          const values = [...new Array<number>(n).fill(0), ...few.map((v) => (v === 0 ? 1 : v))];
          const shifted = values.map((v) => v + shift);
          expect(dominatedAtAnyOrigin(shifted, 0.5, 10)).toBe(true);
        },
      ),
    );
    // Shifted far from zero, the plain rule sees every patient contribute alike: that was the hole.
    const values = [...new Array<number>(200).fill(1000), 1130, 1150, 1170];
    expect(dominated(values, 0.5, 10)).toBe(false);
    expect(dominatedAtAnyOrigin(values, 0.5, 10)).toBe(true);
  });

  it('the dominance rule at any origin releases a spread variable and a binary with two large levels', () => {
    const ages = Array.from({ length: 300 }, (_, i) => 18 + (i % 70) + 1000);
    expect(dominatedAtAnyOrigin(ages, 0.5, 10)).toBe(false);
    const female = Array.from({ length: 100 }, (_, i) => (i < 40 ? 1 : 0));
    expect(dominatedAtAnyOrigin(female, 0.5, 10)).toBe(false);
    expect(dominatedAtAnyOrigin([], 0.5, 10)).toBe(false);
  });
});
