import { beforeAll, describe, expect, it } from 'vitest';
import type { GlmPartial } from '../../src/analytics/algorithms/glm/definition.ts';
import type { Feature, PopulationSpec } from '../../src/analytics/features/feature-spec.ts';
import { featureSql } from '../../src/analytics/features/feature-sql.ts';
import type { Network, NetworkStation } from '../network/network-fixture.ts';
import { GLM, glmRoundZero, statusAt, withNetwork } from './attack-fixture.ts';

/**
 * The hub receives each station's information matrix X'WX every round. At round 0 (β = 0, logistic)
 * every weight is 1/4, so a feature's diagonal entry is a quarter of the sum of its squared values and its
 * entry beside the intercept a quarter of the sum of its values; the phantom patients
 * (`docs/decisions/model-statistics-noise.md`) blur them only by the feature's share of their rows.
 *
 * 1. **Differenced 1-sets.** A 0/1 feature (a condition) is fitted on two populations — everyone, and
 *    everyone below an age — which differ by at least the threshold's patients, so the release ledger
 *    admits both and the column ledger never compares the two feature columns (their sizes are far
 *    apart). Among the patients above the age only 1..threshold−1 have the condition: four times the
 *    difference of the two diagonal entries is their number, to within the phantoms' share.
 * 2. **A rare level.** A count feature with three values (0, 1, 2 outpatient contacts in 30 days) where
 *    only 1..threshold−1 patients have 2: (Σx² − Σx)/2 is the count of that level, and the sums are 4·H.
 *
 * 3. **A rare outcome level.** A Poisson fit on the number of unplanned admissions, where only
 *    1..threshold−1 patients had two: at β = 0 every μ is 1, the deviance is Σ 2·(y·log y − (y − 1)) and
 *    the intercept's gradient Σ (y − 1), so deviance + 2·gradient = 4·log 2 · (patients with two); the
 *    phantoms' event rows mostly carry one admission, which adds nothing to it.
 *
 * What must hold: no round's sums let the hub read a feature or outcome level of fewer than the
 * threshold's patients, directly or as the difference of two admitted fits.
 */
const THRESHOLD = 10;
const OUTCOME = { kind: 'unplanned-admission', days: 365 } as const;
const INDEX_DATE = '2025-01-01';
const CONDITIONS: Record<string, string> = {
  diabetes: '44054006',
  copd: '13645005',
  heartFailure: '84114007',
  ckd: '709044004',
  dementia: '52448006',
  hypertension: '38341003',
  asthma: '195967001',
};

interface Row {
  age: number;
  y: number;
  f: number[];
}

type BinaryOutcome = { kind: 'unplanned-admission'; days: number };

async function rowsAt(
  station: NetworkStation,
  features: Feature[],
  indexDate = INDEX_DATE,
  outcome: BinaryOutcome = OUTCOME,
): Promise<Row[]> {
  const q = featureSql(
    { population: { indexDate }, features, outcome },
    'research',
    station.node!.store.dialect,
  );
  return (await station.node!.store.query(q.sql, q.params)).map((r) => ({
    age: Number(r.age),
    y: Number(r.y),
    f: features.map((_, k) => Number(r[`f${k}`])),
  }));
}

const fittable = (rows: Row[], k: number) => {
  const ones = rows.filter((r) => r.f[k] === 1).length;
  const events = rows.filter((r) => r.y === 1).length;
  // Since glm 1.3.0 each cell of the feature × the outcome holds the threshold's patients or none.
  const cells = [0, 1].flatMap((f) =>
    [0, 1].map((y) => rows.filter((r) => r.f[k] === f && r.y === y).length),
  );
  return (
    ones >= THRESHOLD &&
    rows.length - ones >= THRESHOLD &&
    events >= THRESHOLD &&
    rows.length - events >= THRESHOLD &&
    cells.every((c) => c === 0 || c >= THRESHOLD)
  );
};

interface SetTarget {
  station: NetworkStation;
  feature: Feature;
  younger: PopulationSpec;
  whole: PopulationSpec;
  outcome: BinaryOutcome;
  /** Holders of the feature above the cut: what the attack must not learn. */
  oldHolders: number;
}

/**
 * A 0/1 feature and an age cut: ≥ threshold patients above it, of whom 1..threshold−1 hold the feature.
 * Both fits pass the design rules of glm 1.3.0 (each cell of the feature × the outcome large or empty),
 * which on the small test stations needs a common feature and a longer follow-up.
 */
async function findSetTarget(network: Network): Promise<SetTarget | undefined> {
  const features: Feature[] = [
    ...Object.entries(CONDITIONS).map(
      ([name, code]): Feature => ({ kind: 'condition', name, codes: [code] }),
    ),
    { kind: 'sex', name: 'male', value: 'male' },
  ];
  const followUps: [string, BinaryOutcome][] = [
    [INDEX_DATE, OUTCOME],
    ['2023-01-01', { kind: 'unplanned-admission', days: 1095 }],
    ['2024-01-01', { kind: 'unplanned-admission', days: 730 }],
  ];
  for (const [indexDate, outcome] of followUps)
    for (const station of network.stations) {
      const rows = (await rowsAt(station, features, indexDate, outcome)).sort((a, b) => b.age - a.age);
      for (const [k, feature] of features.entries()) {
        if (!fittable(rows, k)) continue;
        for (let g = THRESHOLD; g < rows.length - 1; g++) {
          if (rows[g]!.age === rows[g - 1]!.age) continue;
          const old = rows.slice(0, g);
          const young = rows.slice(g);
          const oldHolders = old.filter((r) => r.f[k] === 1).length;
          if (oldHolders >= THRESHOLD) break;
          if (oldHolders === 0 || !fittable(young, k)) continue;
          return {
            station,
            feature,
            younger: { indexDate, maxAge: (rows[g - 1]!.age + rows[g]!.age) / 2 },
            whole: { indexDate },
            outcome,
            oldHolders,
          };
        }
      }
    }
  return undefined;
}

interface LevelTarget {
  station: NetworkStation;
  feature: Feature;
  /** The rare level's value and number of patients. */
  level: { value: number; n: number };
}

/** A count feature of values 0, 1, 2 whose level 2 holds 1..threshold−1 patients (level 1 at least the threshold). */
async function findLevelTarget(network: Network): Promise<LevelTarget | undefined> {
  const features: Feature[] = [];
  for (const setting of ['outpatient', 'inpatient', 'ed', 'virtual', 'gp'] as const)
    for (const days of [30, 90, 365])
      features.push({ kind: 'encounters', name: `${setting}${days}`, setting, days });
  for (const station of network.stations) {
    const rows = await rowsAt(station, features);
    const events = rows.filter((r) => r.y === 1).length;
    if (events < THRESHOLD || rows.length - events < THRESHOLD) continue;
    for (const [k, feature] of features.entries()) {
      const count = (v: number) => rows.filter((r) => r.f[k] === v).length;
      if (rows.some((r) => r.f[k]! > 2)) continue;
      const [n0, n1, n2] = [count(0), count(1), count(2)];
      if (n0 >= THRESHOLD && n1 >= THRESHOLD && n2 > 0 && n2 < THRESHOLD)
        return { station, feature, level: { value: 2, n: n2 } };
    }
  }
  return undefined;
}

/** The round-0 sums of a fit of one feature on `population` at `station`. */
function roundZero(
  network: Network,
  permit: string,
  station: NetworkStation,
  population: PopulationSpec,
  feature: Feature,
  outcome: BinaryOutcome = OUTCOME,
) {
  return glmRoundZero(network, permit, station, { population, features: [feature], outcome });
}

describe('attack: a rare feature level read from the information matrix the hub receives', () => {
  const net = withNetwork();
  let network: Network;
  beforeAll(() => {
    network = net();
  });

  // Before the fix both fits were answered, and 4·(H_jj(whole) − H_jj(younger)) rounded to the number
  // of the oldest patients with the condition.
  it('two admitted populations do not give the feature’s holders among the patients between them', async () => {
    const target = await findSetTarget(network);
    expect(target, 'a 0/1 feature with 1..9 holders above an age cut').toBeDefined();
    const { station, feature } = target!;
    const permit = await network.permit({ stations: [station.stationId], algorithms: [GLM] });
    const younger = await roundZero(network, permit, station, target!.younger, feature, target!.outcome);
    expect(younger.status).toEqual({ status: 'done' });
    const whole = await roundZero(network, permit, station, target!.whole, feature, target!.outcome);
    // H is row-major 2 × 2: [intercept, feature]; the feature's diagonal entry is H[3].
    const count = (p: GlmPartial | undefined) => (p ? 4 * p.hessian[3]! : undefined);
    const a = count(younger.partial);
    const b = count(whole.partial);
    const recovered = a !== undefined && b !== undefined ? b - a : undefined;
    expect(
      recovered !== undefined && Math.abs(recovered - target!.oldHolders) < 0.5,
      JSON.stringify({ recovered, truth: target!.oldHolders, whole: whole.status }),
    ).toBe(false);
    // The station says why: the feature's holders differ from an earlier released set by a small group.
    expect(whole.status).toEqual({ status: 'refused', reason: 'disclosure-risk' });
  });

  // Before the fix the fit was answered and 2·(H_jj − H_0j) rounded to the count of patients at level 2.
  it('a count feature does not give the number of patients at a rare level', async () => {
    const target = await findLevelTarget(network);
    expect(target, 'a count feature with a level of 1..9 patients').toBeDefined();
    const { station, feature } = target!;
    const permit = await network.permit({ stations: [station.stationId], algorithms: [GLM] });
    const fit = await roundZero(network, permit, station, { indexDate: INDEX_DATE }, feature);
    const recovered = fit.partial ? 2 * (fit.partial.hessian[3]! - fit.partial.hessian[1]!) : undefined;
    expect(
      recovered !== undefined && Math.abs(recovered - target!.level.n) < 0.5,
      JSON.stringify({ recovered, truth: target!.level, status: fit.status }),
    ).toBe(false);
    expect(fit.status).toEqual({ status: 'refused', reason: 'disclosure-risk' });
  });

  // Before the fix the fit was answered and (deviance + 2·gradient₀) / (4·log 2) rounded to the number of
  // patients with two admissions.
  it('a count outcome does not give the number of patients at a rare level', async () => {
    type CountOutcome = { kind: 'unplanned-admission'; days: number; count: true };
    let target: { station: NetworkStation; indexDate: string; outcome: CountOutcome; n: number } | undefined;
    search: for (const indexDate of ['2024-01-01', '2023-01-01', '2022-01-01'])
      for (const days of [730, 1095, 1825])
        for (const station of network.stations) {
          const outcome: CountOutcome = { kind: 'unplanned-admission', days, count: true };
          const q = featureSql(
            { population: { indexDate }, features: [], outcome },
            'research',
            station.node!.store.dialect,
          );
          const y = (await station.node!.store.query(q.sql, q.params)).map((r) => Number(r.y));
          const count = (v: number) => y.filter((x) => x === v).length;
          if (y.some((x) => x > 2)) continue;
          if (count(0) >= THRESHOLD && count(1) >= THRESHOLD && count(2) > 0 && count(2) < THRESHOLD) {
            target = { station, indexDate, outcome, n: count(2) };
            break search;
          }
        }
    expect(target, 'a station where 1..9 patients had two admissions').toBeDefined();
    const { station } = target!;
    const permit = await network.permit({ stations: [station.stationId], algorithms: [GLM] });
    let partial: GlmPartial | undefined;
    station.beforeSubmit = async (r) => {
      if (r.status === 'done' && partial === undefined) partial = r.output as GlmPartial;
    };
    let status: { status: string; reason?: string };
    try {
      const run = await network.run(permit, GLM, {
        spec: { population: { indexDate: target!.indexDate }, features: [], outcome: target!.outcome },
        family: 'poisson',
      });
      status = statusAt(run, station);
    } finally {
      station.beforeSubmit = undefined;
    }
    const recovered = partial ? (partial.deviance + 2 * partial.gradient[0]!) / (4 * Math.log(2)) : undefined;
    expect(
      recovered !== undefined && Math.abs(recovered - target!.n) < 0.5,
      JSON.stringify({ recovered, truth: target!.n, status }),
    ).toBe(false);
    expect(status).toEqual({ status: 'refused', reason: 'disclosure-risk' });
  });
});
