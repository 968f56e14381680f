import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aucWithVariance } from './exact-auc.ts';

/** AUC and DeLong variance by their definitions, over every pair (O(n²)). */
function byPairs(scores: number[], y: number[]) {
  const ev = scores.filter((_, i) => y[i] === 1);
  const ne = scores.filter((_, i) => y[i] === 0);
  const psi = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0);
  const v10 = ev.map((a) => ne.reduce((s, b) => s + psi(a, b), 0) / ne.length);
  const v01 = ne.map((b) => ev.reduce((s, a) => s + psi(a, b), 0) / ev.length);
  const auc = v10.reduce((s, v) => s + v, 0) / ev.length;
  const s10 = v10.reduce((s, v) => s + (v - auc) ** 2, 0) / Math.max(1, ev.length - 1);
  const s01 = v01.reduce((s, v) => s + (v - auc) ** 2, 0) / Math.max(1, ne.length - 1);
  return { auc, variance: s10 / ev.length + s01 / ne.length };
}

describe('aucWithVariance', () => {
  it('is 1 for perfect separation, ½ for one tied score, NaN without both classes', () => {
    expect(aucWithVariance([1, 2, 3, 4], [0, 0, 1, 1]).auc).toBe(1);
    expect(aucWithVariance([5, 5, 5, 5], [0, 1, 0, 1]).auc).toBe(0.5);
    expect(aucWithVariance([1, 2], [1, 1]).auc).toBeNaN();
  });
  it('property: equals the pairwise definition, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.boolean()), { minLength: 2, maxLength: 60 }),
        (rows) => {
          const y = rows.map(([, e]) => (e ? 1 : 0));
          if (!y.includes(1) || !y.includes(0)) return;
          const scores = rows.map(([s]) => s / 3);
          const got = aucWithVariance(scores, y);
          const want = byPairs(scores, y);
          expect(got.auc).toBeCloseTo(want.auc, 12);
          expect(got.variance).toBeCloseTo(want.variance, 12);
        },
      ),
    );
  });
});
