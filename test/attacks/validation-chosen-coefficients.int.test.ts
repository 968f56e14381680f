import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../src/analytics/algorithms/validation/definition.ts';
import { featureSql } from '../../src/analytics/features/feature-sql.ts';
import type { Network, NetworkStation } from '../network/network-fixture.ts';
import { exactN, statusAt, VALIDATION, withNetwork } from './attack-fixture.ts';

/**
 * A GLM refuses coefficients the requester picks (they could weigh a few patients); validation takes
 * them by design. With one steep coefficient on age the predicted risk is 1 for the patients above an
 * age cut and 0 for everyone else, so one validation run on a large, admitted population releases:
 * - `observed` = events / n exactly, next to n rounded: the exact n (the one n ± 2 that makes it a fraction);
 * - `expected` = Σ p / n: times the exact n, the number of patients above the cut (here: 1, the oldest);
 * - `brier` = Σ (p − y)² / n: with p ∈ {0, 1}, (k − e_old) + (E − e_old), so e_old = whether the oldest
 *   patient was admitted within a year.
 * Nothing is differenced and nothing narrower than the whole population is asked.
 *
 * What must hold: a validation answer does not give a group of 1..threshold−1 patients' count or outcome.
 * A fix needs the released ratios (observed, expected, Brier, calibration-in-the-large) rounded or noised
 * so they do not pin n, and a rule against scores that single out a few patients (predicted risks a few
 * patients dominate, at any origin, like `checkDesign` does for features) — keeping in mind that two
 * runs whose scores differ only for a few patients can still be differenced unless the sums are noised.
 */
const INDEX = '2025-01-01';
const outcome = { kind: 'unplanned-admission', days: 365 } as const;

interface Target {
  station: NetworkStation;
  cut: number;
  truth: { n: number; k: number; eventsAbove: number };
}

async function findTarget(network: Network): Promise<Target | undefined> {
  for (const station of network.stations) {
    const q = featureSql(
      { population: { indexDate: INDEX }, features: [], outcome },
      'research',
      station.node!.store.dialect,
    );
    const rows = (await station.node!.store.query(q.sql, q.params))
      .map((r) => ({ age: Number(r.age), y: Number(r.y) }))
      .sort((a, b) => b.age - a.age);
    const events = rows.filter((r) => r.y === 1).length;
    if (events < 15 || rows.length - events < 15) continue;
    // The widest gap among the ten oldest: the cut leaves 1..9 patients above it, far from the cut.
    const gap = (i: number) => rows[i]!.age - rows[i + 1]!.age;
    let best = 0;
    for (let i = 1; i < 9 && i + 1 < rows.length; i++) if (gap(i) > gap(best)) best = i;
    if (gap(best) < 0.3) continue;
    const above = rows.slice(0, best + 1);
    return {
      station,
      cut: (rows[best]!.age + rows[best + 1]!.age) / 2,
      truth: { n: rows.length, k: above.length, eventsAbove: above.filter((r) => r.y === 1).length },
    };
  }
  return undefined;
}

describe('attack: validation of a model the requester chose to single out the oldest patients', () => {
  const net = withNetwork();
  let network: Network;
  let target: Target | undefined;
  beforeAll(async () => {
    network = net();
    target = await findTarget(network);
  });

  let derived: { n: number[]; k: number; eventsAbove: number } | undefined;
  it('validates a "model" whose predicted risk is 1 above an age cut and 0 below it', async () => {
    expect(target, 'a station with a small oldest group well apart from the rest').toBeDefined();
    const { station, cut } = target!;
    const permit = await network.permit({ stations: [station.stationId], algorithms: [VALIDATION] });
    const run = await network.run(permit, VALIDATION, {
      spec: {
        population: { indexDate: INDEX },
        features: [{ kind: 'age', name: 'ageDecades', centre: cut }],
        outcome,
      },
      // lp = 1000 · (age − cut) / 10: ±30 and more a third of a year from the cut.
      coefficients: [0, 1000],
      subgroups: [],
    });
    expect(statusAt(run, station), JSON.stringify(run.rounds.at(-1)?.stations)).toEqual({ status: 'done' });
    const m = (run.result as ValidationResult).perStation[station.stationId]!;
    expect(m.n % 5).toBe(0);
    const n = exactN(m.n, m.calibrationInTheLarge.observed);
    const exact = n[0] ?? m.n;
    const k = Math.round(m.calibrationInTheLarge.expected * exact);
    const events = Math.round(m.calibrationInTheLarge.observed * exact);
    derived = { n, k, eventsAbove: Math.round((k + events - m.brier * exact) / 2) };
  });

  // Recorded, not fixed: n comes out exact, k is the oldest group's size and eventsAbove their
  // admissions within a year.
  it.fails('the answer gives neither the exact n nor the oldest patients’ count and outcome', () => {
    expect(derived).toBeDefined();
    const { truth } = target!;
    const nExact = derived!.n.length === 1 && derived!.n[0] === truth.n;
    const group = derived!.k === truth.k && derived!.eventsAbove === truth.eventsAbove;
    expect({ nExact, group }).toEqual({ nExact: false, group: false });
  });
});
