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
 * Now a station refuses a score that a few patients make differ from a constant (predicted risks judged
 * at any origin, like `checkDesign` for features), and every ratio comes from a noised sum: a step with
 * enough patients above the cut is answered, but neither its n nor its group's count and outcome come
 * out exact (`docs/decisions/validation-releases.md`; two runs whose scores differ for a few patients:
 * `validation-score-differencing.int.test.ts`).
 */
const INDEX = '2025-01-01';
const outcome = { kind: 'unplanned-admission', days: 365 } as const;

interface Target {
  station: NetworkStation;
  cut: number;
  truth: { n: number; k: number; eventsAbove: number };
}

/** The station's patients of the population, oldest first, with their outcome. */
async function agesAt(station: NetworkStation): Promise<{ age: number; y: number }[]> {
  const q = featureSql(
    { population: { indexDate: INDEX }, features: [], outcome },
    'research',
    station.node!.store.dialect,
  );
  return (await station.node!.store.query(q.sql, q.params))
    .map((r) => ({ age: Number(r.age), y: Number(r.y) }))
    .sort((a, b) => b.age - a.age);
}

async function findTarget(network: Network): Promise<Target | undefined> {
  for (const station of network.stations) {
    const rows = await agesAt(station);
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

/** What the attacker reads from a released answer, and whether the arithmetic comes out whole. */
function derive(m: ValidationResult['perStation'][string], nTrue: number) {
  const n = exactN(m.n, m.calibrationInTheLarge.observed);
  const exact = n[0] ?? m.n;
  const k = Math.round(m.calibrationInTheLarge.expected * exact);
  const events = Math.round(m.calibrationInTheLarge.observed * exact);
  // Whole numbers at the true n are what made the attacker certain.
  const whole = (v: number) => Math.abs(v * nTrue - Math.round(v * nTrue)) < 1e-6;
  return {
    n,
    k,
    eventsAbove: Math.round((k + events - m.brier * exact) / 2),
    expectedWhole: whole(m.calibrationInTheLarge.expected),
    brierWhole: whole(m.brier),
  };
}

type Derived = ReturnType<typeof derive>;

async function stepRun(network: Network, station: NetworkStation, cut: number) {
  const permit = await network.permit({ stations: [station.stationId], algorithms: [VALIDATION] });
  return network.run(permit, VALIDATION, {
    spec: {
      population: { indexDate: INDEX },
      features: [{ kind: 'age', name: 'ageDecades', centre: cut }],
      outcome,
    },
    // lp = 1000 · (age − cut) / 10: ±30 and more a third of a year from the cut.
    coefficients: [0, 1000],
    subgroups: [],
  });
}

describe('attack: validation of a model the requester chose to single out the oldest patients', () => {
  const net = withNetwork();
  let network: Network;
  let target: Target | undefined;
  beforeAll(async () => {
    network = net();
    target = await findTarget(network);
  });

  let outcomeOfRun: { refused: string } | { derived: Derived } | undefined;
  it('validates a "model" whose predicted risk is 1 above an age cut and 0 below it', async () => {
    expect(target, 'a station with a small oldest group well apart from the rest').toBeDefined();
    const { station, cut } = target!;
    const run = await stepRun(network, station, cut);
    const status = statusAt(run, station);
    if (status.status !== 'done') {
      outcomeOfRun = { refused: status.reason ?? status.status };
      return;
    }
    const m = (run.result as ValidationResult).perStation[station.stationId]!;
    expect(m.n % 5).toBe(0);
    outcomeOfRun = { derived: derive(m, target!.truth.n) };
  });

  it('the answer gives neither the exact n nor the oldest patients’ count and outcome', () => {
    expect(outcomeOfRun).toBeDefined();
    if ('refused' in outcomeOfRun!) {
      // The station refuses a score that a few patients make differ from a constant.
      expect(outcomeOfRun.refused).toBe('disclosure-risk');
      return;
    }
    const { truth } = target!;
    const d = outcomeOfRun!.derived;
    const nExact = d.n.length === 1 && d.n[0] === truth.n;
    const group = d.k === truth.k && d.eventsAbove === truth.eventsAbove && d.expectedWhole && d.brierWhole;
    expect({ nExact, group }).toEqual({ nExact: false, group: false });
  });

  it('a step with enough patients above the cut is answered, and its numbers are not exact', async () => {
    const { station } = target!;
    const rows = await agesAt(station);
    // A cut in a gap of at least 0.3 years with 30..80 patients above it.
    let at = -1;
    for (let i = 29; i < 80 && i + 1 < rows.length; i++)
      if (rows[i]!.age - rows[i + 1]!.age >= 0.3) {
        at = i;
        break;
      }
    expect(at, 'a gap among the 30th to 80th oldest').toBeGreaterThan(0);
    const cut = (rows[at]!.age + rows[at + 1]!.age) / 2;
    const run = await stepRun(network, station, cut);
    expect(statusAt(run, station)).toEqual({ status: 'done' });
    const m = (run.result as ValidationResult).perStation[station.stationId]!;
    const d = derive(m, rows.length);
    // The attacker's arithmetic no longer comes out whole: no n is singled out, and the group's size and
    // admissions (Σp and Σ(p − y)² at the true n) are not whole numbers.
    expect(d.n).not.toEqual([rows.length]);
    expect(d.expectedWhole).toBe(false);
    expect(d.brierWhole).toBe(false);
  });
});
