import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReleaseLedger } from '../../privacy/disclosure/release-ledger.ts';
import type { LocalContext } from '../algorithm.ts';
import { aucWithVariance } from './exact-auc.ts';
import { noisedAuc, noisedCalibrationFit, noisedUnitMean } from './released-statistics.ts';

const ledger = ReleaseLedger.open();
const ctx = (rounding = 5) =>
  ({ ledger, disclosure: { threshold: 10, rounding } }) as unknown as LocalContext;

const column = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1000 })), {
    minLength: 20,
    maxLength: 200,
  })
  .filter((rows) => rows.some(([y]) => y === 1) && rows.some(([y]) => y === 0));

describe('validation statistics released from noised sums', () => {
  it('a mean of values in [0, 1] is within rounding/2 patients of the exact one, never a fraction of n', () => {
    fc.assert(
      fc.property(column, (rows) => {
        const ids = rows.map((_, i) => `p${i}`);
        const y = Float64Array.from(rows, ([v]) => v);
        const n = rows.length;
        const events = y.reduce((a, v) => a + v, 0);
        const released = noisedUnitMean(ctx(), 'outcome', ids, y);
        expect(Math.abs(released * n - events)).toBeLessThanOrEqual(2.5 + 1e-9);
        // The attack: the n at which the mean is a whole number of events.
        expect(Math.abs(released * n - Math.round(released * n))).toBeGreaterThan(1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('the same values get the same noise however the rows are ordered; other values other noise', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `p${i}`);
    const y = Float64Array.from(ids, (_, i) => (i % 3 === 0 ? 1 : 0));
    const a = noisedUnitMean(ctx(), 'outcome', ids, y);
    const order = ids.map((_, i) => 49 - i);
    const b = noisedUnitMean(
      ctx(),
      'outcome',
      order.map((i) => ids[i]!),
      Float64Array.from(order, (i) => y[i]!),
    );
    expect(b).toBe(a);
    const other = Float64Array.from(y);
    other[1] = 1;
    expect(noisedUnitMean(ctx(), 'outcome', ids, other)).not.toBe(a);
  });

  it('the AUC is noised within rounding/2 of one patient’s largest part, and unchanged by a monotone score change', () => {
    fc.assert(
      fc.property(column, (rows) => {
        const ids = rows.map((_, i) => `p${i}`);
        const y = Float64Array.from(rows, ([v]) => v);
        const s = Float64Array.from(rows, ([, v]) => v);
        const events = y.reduce((a, v) => a + v, 0);
        const exact = aucWithVariance(s, y).auc;
        const released = noisedAuc(ctx(), ids, s, y);
        expect(Math.abs(released.estimate - exact)).toBeLessThanOrEqual(
          2.5 / Math.min(events, rows.length - events) + 1e-12,
        );
        expect(released.estimate).not.toBe(exact);
        // An increasing change of the score (exact in integers): the same ranks, the same answer.
        const monotone = Float64Array.from(s, (v) => v ** 3 + 7);
        expect(noisedAuc(ctx(), ids, monotone, y).estimate).toBe(released.estimate);
      }),
      { numRuns: 100 },
    );
  });

  it('the calibration fit of an affinely changed score is the same fit, mapped back', () => {
    const n = 400;
    const ids = Array.from({ length: n }, (_, i) => `p${i}`);
    const lp = Float64Array.from(ids, (_, i) => -2 + (4 * ((i * 37) % n)) / n);
    const y = Float64Array.from(lp, (v, i) => (((i * 7919) % 1000) / 1000 < 1 / (1 + Math.exp(-v)) ? 1 : 0));
    const fit = noisedCalibrationFit(ctx(), ids, lp, y)!;
    expect(Math.abs(fit.slope - 1)).toBeLessThan(0.5);
    const moved = noisedCalibrationFit(
      ctx(),
      ids,
      Float64Array.from(lp, (v) => 2 * v + 3),
      y,
    )!;
    expect(moved.slope).toBeCloseTo(fit.slope / 2, 9);
    expect(moved.intercept).toBeCloseTo(fit.intercept - (3 * fit.slope) / 2, 9);
    // A score that separates events from non-events has no fit: nothing is released.
    expect(noisedCalibrationFit(ctx(), ids, y, y)).toBeUndefined();
  });
});
