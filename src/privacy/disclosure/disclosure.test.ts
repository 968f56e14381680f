import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discloseAttrition } from './disclose-attrition.ts';
import { disclosePartition, discloseSubset } from './disclose-partition.ts';
import { areNeighbours, findDifferencingRisk } from './disclosure-ledger.ts';
import {
  checkPolicy,
  DEFAULT_DISCLOSURE,
  discloseCount,
  formatDisclosed,
  roundTo,
} from './disclosure-policy.ts';

const policy = DEFAULT_DISCLOSURE;
const small = (n: number, t: number) => n > 0 && n < t;

describe('discloseCount', () => {
  it('suppresses below the threshold and rounds the rest', () => {
    expect(discloseCount(0, policy)).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect(discloseCount(9, policy).suppressed).toBe(true);
    expect(discloseCount(10, policy)).toEqual({ value: 10, suppressed: false });
    expect(discloseCount(12, policy).value).toBe(10);
    expect(discloseCount(13, policy).value).toBe(15);
    expect(roundTo(17.5, 5)).toBe(20);
    expect(formatDisclosed(discloseCount(3, policy), policy)).toBe('<10');
    expect(formatDisclosed(discloseCount(123, policy), policy)).toBe('125');
  });
  it('rejects a policy that is not positive integers', () => {
    expect(() => checkPolicy({ threshold: 0, rounding: 5 })).toThrow('disclosure.threshold');
    expect(() => checkPolicy({ threshold: 10, rounding: 2.5 })).toThrow('disclosure.rounding');
  });
});

describe('disclosePartition', () => {
  it('suppresses a second cell when one small cell could be derived from the total', () => {
    const r = disclosePartition(
      [
        { key: 'a', exact: 3 },
        { key: 'b', exact: 40 },
        { key: 'c', exact: 100 },
      ],
      policy,
    );
    expect(r.cells.map((c) => c.count.reason ?? c.count.value)).toEqual(['small', 'secondary', 100]);
    expect(r.total).toBe(100);
  });
  it('counts hidden mass (patients of the released total that are in no cell)', () => {
    const r = disclosePartition(
      [
        { key: 'a', exact: 50 },
        { key: 'b', exact: 60 },
      ],
      policy,
      4,
    );
    expect(r.cells[0]?.count.reason).toBe('secondary');
  });
  it('property: the exact withheld mass is 0 or at least the threshold, totals are sums of released cells', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(60), { maxLength: 8 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        (cells, hidden, threshold, rounding) => {
          const p = { threshold, rounding };
          const h = Math.min(hidden, threshold - 1);
          const r = disclosePartition(
            cells.map((exact, key) => ({ key, exact })),
            p,
            h,
          );
          const withheld = h + r.cells.filter((c) => c.count.suppressed).reduce((s, c) => s + c.exact, 0);
          const allSuppressed = r.cells.every((c) => c.count.suppressed);
          expect(small(withheld, threshold) && !allSuppressed).toBe(false);
          for (const c of r.cells) if (!c.count.suppressed) expect(c.exact).toBeGreaterThanOrEqual(threshold);
          expect(r.total).toBe(r.cells.reduce((s, c) => s + (c.count.value ?? 0), 0));
        },
      ),
    );
  });
  it('discloseSubset withholds a count whose complement is small', () => {
    expect(discloseSubset(95, 100, policy)).toMatchObject({ suppressed: true, reason: 'complement' });
    expect(discloseSubset(100, 100, policy)).toEqual({ value: 100, suppressed: false });
    expect(discloseSubset(50, 100, policy).value).toBe(50);
  });
});

describe('discloseAttrition', () => {
  it('repeats the previous step when a step removes a small group', () => {
    const r = discloseAttrition([100, 97, 80, 75, 5], policy);
    expect(r.map((s) => s.count.value)).toEqual([100, 100, 80, 80, null]);
    expect(r.map((s) => s.adjusted)).toEqual([false, true, false, true, false]);
  });
  it('property: released steps stand for exact counts that are equal or at least the threshold apart', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(40), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 2, max: 15 }),
        (drops, threshold) => {
          let n = 200;
          const exact = drops.map((d) => (n = Math.max(0, n - d)));
          const r = discloseAttrition(exact, { threshold, rounding: 5 });
          const released = r.filter((s) => !s.count.suppressed);
          for (const s of released) expect(s.basis).toBeGreaterThanOrEqual(threshold);
          for (let i = 0; i < released.length; i++) {
            for (let j = i + 1; j < released.length; j++) {
              expect(small(Math.abs(released[i]!.basis - released[j]!.basis), threshold)).toBe(false);
            }
          }
          r.forEach((s, k) => {
            expect(s.basis - exact[k]!).toBeLessThan(threshold);
          });
        },
      ),
    );
  });
});

describe('differencing', () => {
  it('knows neighbouring cohorts: one criterion changed, added or removed', () => {
    expect(areNeighbours(['e', 'a'], ['e', 'a'])).toBe(true);
    expect(areNeighbours(['e', 'a'], ['e', 'b'])).toBe(true);
    expect(areNeighbours(['e', 'a'], ['e'])).toBe(true);
    expect(areNeighbours(['e', 'a', 'b'], ['e', 'c', 'd'])).toBe(false);
    expect(areNeighbours(['e', 'a', 'a'], ['e'])).toBe(false);
  });
  it('finds a small difference between neighbours in the same scope only', () => {
    const prev = [{ scope: 'count', keys: ['e', 'age40'], exact: 120 }];
    expect(
      findDifferencingRisk(prev, [{ scope: 'count', keys: ['e', 'age41'], exact: 117 }], 10),
    ).toBeDefined();
    expect(
      findDifferencingRisk(prev, [{ scope: 'count', keys: ['e', 'age41'], exact: 110 }], 10),
    ).toBeUndefined();
    expect(
      findDifferencingRisk(prev, [{ scope: 'count', keys: ['e', 'age40'], exact: 120 }], 10),
    ).toBeUndefined();
    expect(
      findDifferencingRisk(prev, [{ scope: 'region:x', keys: ['e', 'age41'], exact: 117 }], 10),
    ).toBeUndefined();
    expect(
      findDifferencingRisk(prev, [{ scope: 'count', keys: ['f', 'g', 'h'], exact: 117 }], 10),
    ).toBeUndefined();
  });
});
