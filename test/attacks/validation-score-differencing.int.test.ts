import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../src/analytics/algorithms/validation/definition.ts';
import { featureSql } from '../../src/analytics/features/feature-sql.ts';
import type { RunView } from '../../src/api/index.ts';
import type { Network, NetworkStation } from '../network/network-fixture.ts';
import { statusAt, VALIDATION, withNetwork } from './attack-fixture.ts';

/**
 * Two validation runs whose coefficient vectors differ so that the scores differ for a few patients: a
 * "model" whose risk is 1 above an age cut and 0 below it, asked once with the cut below the 40-odd oldest
 * patients and once with it moved down past three more. Each run alone has plenty of patients on either
 * side of its cut (no score a few patients dominate), yet the difference of the two answers is about the
 * three patients between the cuts: n × (expected₂ − expected₁) is their count, and the Brier sums'
 * difference their admissions within a year.
 *
 * What must hold: the second run is refused (its predicted-risk column differs from the first's on fewer
 * patients than the threshold), or its numbers differ from the first's by nothing exact.
 */
const INDEX = '2025-01-01';
const outcome = { kind: 'unplanned-admission', days: 365 } as const;
const STEEP = 1e5;

interface Target {
  station: NetworkStation;
  n: number;
  cuts: [number, number];
  between: { count: number; events: number };
}

/** A station with two cuts in gaps of at least 0.01 years among its oldest, 2..5 patients apart. */
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
    const gapAfter = (i: number) => i + 1 < rows.length && rows[i]!.age - rows[i + 1]!.age >= 0.01;
    const cutAfter = (i: number) => (rows[i]!.age + rows[i + 1]!.age) / 2;
    for (let i = 29; i < 60; i++) {
      if (!gapAfter(i)) continue;
      for (let j = i + 2; j <= i + 5; j++) {
        if (!gapAfter(j)) continue;
        const between = rows.slice(i + 1, j + 1);
        return {
          station,
          n: rows.length,
          cuts: [cutAfter(i), cutAfter(j)],
          between: { count: between.length, events: between.filter((r) => r.y === 1).length },
        };
      }
    }
  }
  return undefined;
}

describe('attack: two validation runs whose scores differ for a few patients', () => {
  const net = withNetwork();
  let network: Network;
  let target: Target | undefined;
  beforeAll(async () => {
    network = net();
    target = await findTarget(network);
  });

  const stepAt = async (cut: number, permit: string): Promise<RunView> =>
    network.run(permit, VALIDATION, {
      spec: {
        population: { indexDate: INDEX },
        // The same age column both times (its centre is undone before the column check).
        features: [{ kind: 'age', name: 'ageDecades', centre: target!.cuts[0] }],
        outcome,
      },
      // lp = 10⁵ · (age − cut) / 10: every patient at least 0.005 years from a cut has risk 0 or 1.
      coefficients: [(-STEEP * (cut - target!.cuts[0])) / 10, STEEP],
      subgroups: [],
    });

  it('the second run is refused, or the difference of the two answers is not the few patients’', async () => {
    expect(target, 'a station with two cuts a few patients apart among its oldest').toBeDefined();
    const { station, n, cuts, between } = target!;
    const permit = await network.permit({ stations: [station.stationId], algorithms: [VALIDATION] });
    const first = await stepAt(cuts[0], permit);
    expect(statusAt(first, station)).toEqual({ status: 'done' });
    const second = await stepAt(cuts[1], permit);
    const status = statusAt(second, station);
    if (status.status !== 'done') {
      expect(status).toEqual({ status: 'refused', reason: 'disclosure-risk' });
      return;
    }
    const a = (first.result as ValidationResult).perStation[station.stationId]!;
    const b = (second.result as ValidationResult).perStation[station.stationId]!;
    const count = n * (b.calibrationInTheLarge.expected - a.calibrationInTheLarge.expected);
    // Σ(p − y)² over a step is (above) + (events) − 2 (events above): the few patients' admissions.
    const events = (count - n * (b.brier - a.brier)) / 2;
    const whole = (v: number) => Math.abs(v - Math.round(v)) < 1e-6;
    expect({ count: whole(count), events: whole(events) }).toEqual({ count: false, events: false });
    expect(Math.round(count) === between.count && Math.round(events) === between.events && whole(count)).toBe(
      false,
    );
  });
});
