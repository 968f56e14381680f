import { describe, expect, it } from 'vitest';
import { Prng } from '../synth/prng.ts';
import { type ArmTotals, lengthOfStayDid, type StationCells } from './combine-monitor.ts';

/** One arm's totals: each patient's admissions ~ Poisson(rate), each stay 1 + Poisson(meanDays − 1) days × effect. */
function arm(rng: Prng, persons: number, rate: number, meanDays: number, effect = 1): ArmTotals {
  let events = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < persons; i++) {
    const a = rng.poisson(rate);
    let d = 0;
    for (let k = 0; k < a; k++) d += (1 + rng.poisson(meanDays - 1)) * effect;
    events += a;
    sum += d;
    sumSq += d * d;
  }
  return { events, sum, sumSq, persons, personMonths: persons * 12 };
}

function stations(rng: Prng, effect: number): Record<string, StationCells> {
  const out: Record<string, StationCells> = {};
  for (const [k, n] of [150, 200, 170].entries()) {
    out[`s${k}`] = {
      asOf: '2025-12',
      pre: { exposed: arm(rng, n, 0.4, 6), control: arm(rng, 2 * n, 0.4, 5) },
      post: { exposed: arm(rng, n, 0.4, 6, effect), control: arm(rng, 2 * n, 0.4, 5) },
    };
  }
  return out;
}

describe('length of stay: difference in differences with an interval', () => {
  it('covers the true ratio at least 95% of the time (the interval is conservative)', () => {
    const rng = new Prng(42);
    let covered = 0;
    const runs = 300;
    for (let r = 0; r < runs; r++) {
      const p = lengthOfStayDid(stations(rng, 1)).pooled!;
      if (p.lower <= 1 && p.upper >= 1) covered++;
    }
    expect(covered / runs).toBeGreaterThanOrEqual(0.94);
  });

  it('finds a planted shorter stay', () => {
    const p = lengthOfStayDid(stations(new Prng(7), 0.6)).pooled!;
    expect(p.estimate).toBeGreaterThan(0.5);
    expect(p.estimate).toBeLessThan(0.7);
    expect(p.upper).toBeLessThan(1);
  });

  it('gives no estimate for a station without admissions in an arm', () => {
    const cells = stations(new Prng(3), 1);
    cells.s0!.post.exposed = { ...cells.s0!.post.exposed, events: 0, sum: 0 };
    const r = lengthOfStayDid(cells);
    expect(r.stations.s0).toBeNull();
    expect(r.stations.s1).not.toBeNull();
  });
});
