import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BALANCE_SMD, driftedColumns, matchBalanced, matchingDesigns } from './balanced-matching.ts';
import { columnSmds, largestAbsSmd } from './covariate-balance.ts';
import { matchNearest } from './nearest-neighbour-matching.ts';

/** Greedy 1:k matching from the highest score down, by brute force (the reference). */
function reference(exposed: number[], controls: number[], k: number, caliper: number): Map<number, number[]> {
  const order = controls.map((_, i) => i).sort((a, b) => controls[a]! - controls[b]! || a - b);
  const rank = new Map(order.map((c, r) => [c, r]));
  const used = new Set<number>();
  const result = new Map<number, number[]>();
  const exposedOrder = exposed.map((_, i) => i).sort((a, b) => exposed[b]! - exposed[a]! || a - b);
  for (const e of exposedOrder) {
    const v = exposed[e]!;
    // The unused controls by distance; ties to the left (lower rank) first, as the matcher walks.
    const free = order.filter((c) => !used.has(c) && Math.abs(controls[c]! - v) <= caliper);
    free.sort((a, b) => {
      const da = Math.abs(controls[a]! - v);
      const db = Math.abs(controls[b]! - v);
      if (da !== db) return da - db;
      const la = controls[a]! < v ? 0 : 1;
      const lb = controls[b]! < v ? 0 : 1;
      if (la !== lb) return la - lb;
      return la === 0 ? rank.get(b)! - rank.get(a)! : rank.get(a)! - rank.get(b)!;
    });
    if (free.length < k) continue;
    const picked = free.slice(0, k);
    for (const c of picked) used.add(c);
    result.set(e, picked);
  }
  return result;
}

/** A seeded uniform generator (mulberry32), so the data sets below are the same every run. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('nearest-neighbour matching on the logit', () => {
  /** Exposed and control logits on a coarse grid (ties are common), the ratio k and the caliper. */
  const logit = fc.integer({ min: -40, max: 40 }).map((v) => v / 10);
  const matchingCase = [
    fc.array(logit, { maxLength: 30 }),
    fc.array(logit, { maxLength: 60 }),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 0, max: 10 }).map((c) => c / 10),
  ] as const;

  it('takes from the highest score down the k nearest unused controls within the caliper (as a brute-force greedy)', () => {
    fc.assert(
      fc.property(...matchingCase, (exposed, controls, k, caliper) => {
        const got = matchNearest(exposed, controls, k, caliper);
        const want = reference(exposed, controls, k, caliper);
        expect([...got.keys()].sort((a, b) => a - b)).toEqual([...want.keys()].sort((a, b) => a - b));
        for (const [e, cs] of got) {
          expect(new Set(cs)).toEqual(new Set(want.get(e)));
          for (const c of cs) expect(Math.abs(controls[c]! - exposed[e]!)).toBeLessThanOrEqual(caliper);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with the closest pairs first, never uses a control twice and gives every matched patient exactly k within the caliper', () => {
    fc.assert(
      fc.property(...matchingCase, (exposed, controls, k, caliper) => {
        const got = matchNearest(exposed, controls, k, caliper, { order: 'closest' });
        const all = [...got.values()].flat();
        expect(new Set(all).size).toBe(all.length);
        for (const [e, cs] of got) {
          expect(cs).toHaveLength(k);
          for (const c of cs) expect(Math.abs(controls[c]! - exposed[e]!)).toBeLessThanOrEqual(caliper);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with a resolution, keeps the caliper on the logits themselves, uses no control twice and gives k each', () => {
    fc.assert(
      fc.property(
        ...matchingCase,
        fc.constantFrom('largest' as const, 'closest' as const),
        (exposed, controls, k, caliper, order) => {
          const got = matchNearest(exposed, controls, k, caliper, { order, resolution: 0.3 });
          const all = [...got.values()].flat();
          expect(new Set(all).size).toBe(all.length);
          for (const [e, cs] of got) {
            expect(cs).toHaveLength(k);
            for (const c of cs) expect(Math.abs(controls[c]! - exposed[e]!)).toBeLessThanOrEqual(caliper);
          }
          // Every exposed patient left out has fewer than k unused controls within the caliper.
          if (order === 'largest')
            for (let e = 0; e < exposed.length; e++)
              if (!got.has(e)) {
                const free = controls.filter(
                  (v, c) => !all.includes(c) && Math.abs(v - exposed[e]!) <= caliper,
                ).length;
                expect(free).toBeLessThan(k);
              }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with scarce controls, the closest pairs first keeps the exposed patients that resemble them', () => {
    // Exposed at 0, 1, 2, 3; one control at 2.9: from the highest score down, 3 takes it; closest first, 3 too.
    // Controls at 0.95 and 2.05, exposed at 1 and 2.1 and 3: highest first, 3 finds nothing within 1,
    // 2.1 takes 2.05, 1 takes 0.95 — the same; with a caliper of 1.2, 3 takes 2.05 and 2.1 then takes 0.95.
    const exposed = [1, 2.1, 3];
    const controls = [0.95, 2.05];
    const largest = matchNearest(exposed, controls, 1, 1.2);
    expect(largest.get(2)).toEqual([1]);
    expect(largest.get(1)).toEqual([0]);
    const closest = matchNearest(exposed, controls, 1, 1.2, { order: 'closest' });
    expect(closest.get(1)).toEqual([1]);
    expect(closest.get(0)).toEqual([0]);
    expect(closest.has(2)).toBe(false);
  });
});

describe('matching with a balance check', () => {
  /** Exposed patients older and costlier than a pool smaller than them: the hard case for greedy matching. */
  const scarcePool = (seed: number) => {
    const r = uniform(seed);
    const row = (shift: number) => [
      75 + 20 * r() + shift,
      r() < 0.5 ? 1 : 0,
      Math.floor(3 * r() + shift / 3),
      r() < 0.3 + shift / 20 ? 1 : 0,
    ];
    return {
      exposed: Array.from({ length: 250 }, () => row(2)),
      pool: Array.from({ length: 160 }, () => row(0)),
    };
  };
  const binary = [false, true, false, true];

  it('tries the standard remedies when the first design leaves a covariate imbalanced, and balances every covariate', () => {
    let seen = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const { exposed, pool } = scarcePool(seed);
      const m = matchBalanced(exposed, pool, binary, 1, 0.2);
      const e = [...m.pairs.keys()].map((i) => exposed[i]!);
      const c = [...m.pairs.values()].flat().map((i) => pool[i]!);
      // The reported SMDs are those of the matched sets.
      expect(m.smdAfter).toEqual(columnSmds(e, c, binary.length));
      expect(m.largest).toBe(largestAbsSmd(m.smdAfter));
      expect(m.design).toEqual(matchingDesigns(0.2)[m.tried - 1]);
      if (m.tried > 1) seen++;
      expect(m.largest, `seed ${seed}`).toBeLessThan(BALANCE_SMD);
      expect(m.pairs.size).toBeGreaterThan(100);
    }
    // The data are hard enough that the monitor's own design alone is never enough here.
    expect(seen).toBe(10);
  });

  it('keeps the first design when it balances (a pool much larger than the exposed group)', () => {
    const r = uniform(7);
    const row = () => [75 + 20 * r(), r() < 0.5 ? 1 : 0, Math.floor(3 * r()), r() < 0.3 ? 1 : 0];
    const m = matchBalanced(
      Array.from({ length: 100 }, row),
      Array.from({ length: 1000 }, row),
      binary,
      2,
      0.2,
    );
    expect(m.tried).toBe(1);
    expect(m.design).toEqual(matchingDesigns(0.2)[0]);
    expect(m.largest).toBeLessThan(BALANCE_SMD);
    for (const cs of m.pairs.values()) expect(cs).toHaveLength(2);
  });
});

describe('matching when exposure is random and the covariates are counts', () => {
  /**
   * Exposure at random (as by municipality), covariates as the monitor's: age in whole months, sex,
   * prior ED visits, admissions and GP contacts (counts, mostly 0 or small), prior cost (a skewed sum of
   * them) and two conditions. Many patients share a covariate pattern, so many logits are identical.
   */
  const randomExposure = (seed: number, nExposed: number, nPool: number) => {
    const r = uniform(seed);
    const binomial = (m: number, p: number) => {
      let k = 0;
      for (let i = 0; i < m; i++) if (r() < p) k++;
      return k;
    };
    const row = () => {
      const ed = binomial(6, 0.06);
      const adm = binomial(2, 0.04);
      const gp = binomial(30, 0.12);
      const virtual = binomial(6, 0.06);
      return [
        75 + Math.floor(288 * r()) / 12,
        r() < 0.5 ? 1 : 0,
        ed,
        adm,
        gp,
        420 * ed + 2800 * adm + 35 * gp + 25 * virtual,
        r() < 0.69 ? 1 : 0,
        r() < 0.52 ? 1 : 0,
      ];
    };
    return { exposed: Array.from({ length: nExposed }, row), pool: Array.from({ length: nPool }, row) };
  };
  const countBinary = [false, true, false, false, false, false, true, true];

  it('leaves every covariate as balanced as before matching (no drift of the controls to low prior use)', () => {
    const { exposed, pool } = randomExposure(3, 30_000, 60_000);
    const before = columnSmds(exposed, pool, countBinary.length);
    const m = matchBalanced(exposed, pool, countBinary, 1, 0.2);
    expect(m.pairs.size).toBeGreaterThan(29_000);
    // The sampling error of an SMD between 30,000 and 30,000 patients is about 0.008: a covariate that
    // was balanced (|SMD| ≤ 0.014 here) stays within 0.02 of that.
    for (const [c, d] of m.smdAfter.entries())
      expect(Math.abs(d!), `column ${c}: before ${before[c]}, after ${d}`).toBeLessThanOrEqual(
        Math.abs(before[c]!) + 0.02,
      );
    expect(m.drifted).toEqual([]);
    expect(m.design.resolution).toBeGreaterThan(0);
    // The same score with logits compared exactly: a common pattern's nearest control is its identical
    // twin, a rare pattern's the nearest common one, and the controls drift to low prior use (the
    // balance check refuses that design here).
    const exact = matchNearest(m.logitsExposed, m.logitsPool, 1, m.caliper);
    const e = [...exact.keys()].map((i) => exposed[i]!);
    const c = [...exact.values()].flat().map((i) => pool[i]!);
    const twins = [...exact].filter(([x, cs]) => exposed[x]!.join() === pool[cs[0]!]!.join()).length;
    expect(twins / exact.size).toBeGreaterThan(0.3);
    const drifted = driftedColumns(before, columnSmds(e, c, countBinary.length), e.length, c.length);
    expect(drifted).toContain(2);
  });

  it('counts a covariate as drifted only beyond the sampling error of the matched groups', () => {
    // 30,000 pairs: 3 × √(2/30,000) = 0.0245.
    expect(driftedColumns([0.01, -0.01, 0.2, null], [0.03, -0.04, 0.05, 0.5], 30_000, 30_000)).toEqual([1]);
    // 150 pairs: 0.35, the 0.1 rule governs.
    expect(driftedColumns([0.01], [0.09], 150, 150)).toEqual([]);
    expect(driftedColumns([0.01], [0.09], 0, 0)).toEqual([]);
  });
});
