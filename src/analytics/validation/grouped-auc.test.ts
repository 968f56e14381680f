import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactAuc, groupedAuc, mergeScoreBins } from './grouped-auc.ts';

function histogram(scores: number[], y: number[], edges: number[]) {
  const e = new Array<number>(edges.length + 1).fill(0);
  const ne = new Array<number>(edges.length + 1).fill(0);
  scores.forEach((s, i) => {
    let k = 0;
    while (k < edges.length && s >= edges[k]!) k++;
    if (y[i] === 1) e[k]!++;
    else ne[k]!++;
  });
  return { e, ne };
}

const grid = Array.from({ length: 401 }, (_, k) => -4 + k * 0.02);

describe('grouped AUC', () => {
  it('contains the exact AUC within its tie bound, and merged cells pass the threshold (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.boolean()), {
          minLength: 60,
          maxLength: 300,
        }),
        fc.integer({ min: 1, max: 10 }),
        (pairs, threshold) => {
          const scores = pairs.map(([s, b]) => s + (b ? 0.8 : 0));
          const y = pairs.map(([, b]) => (b ? 1 : 0));
          if (!y.includes(1) || !y.includes(0)) return;
          const { e, ne } = histogram(scores, y, grid);
          const groups = mergeScoreBins(grid, e, ne, threshold);
          const totalE = y.filter((v) => v === 1).length;
          const totalNe = y.length - totalE;
          if (totalE >= threshold)
            for (const g of groups.events) expect(g.count).toBeGreaterThanOrEqual(threshold);
          if (totalNe >= threshold)
            for (const g of groups.nonEvents) expect(g.count).toBeGreaterThanOrEqual(threshold);
          const a = groupedAuc(groups.events, groups.nonEvents);
          expect(Math.abs(a.estimate - exactAuc(scores, y))).toBeLessThanOrEqual(a.tieBound + 1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('on a fine grid equals the exact AUC to 1e-3 and its DeLong SE is plausible', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const scores: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const event = rand() < 0.3 ? 1 : 0;
      scores.push(Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand()) + event);
      y.push(event);
    }
    const { e, ne } = histogram(scores, y, grid);
    const groups = mergeScoreBins(grid, e, ne, 1);
    const a = groupedAuc(groups.events, groups.nonEvents);
    expect(Math.abs(a.estimate - exactAuc(scores, y))).toBeLessThan(1e-3);
    // Hanley–McNeil's approximation of the SE for this AUC and these counts (about 0.01).
    expect(a.se).toBeGreaterThan(0.005);
    expect(a.se).toBeLessThan(0.02);
    expect(a.lower).toBeLessThan(a.estimate);
  });
});
