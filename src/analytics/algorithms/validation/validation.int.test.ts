import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFederated } from '../../federated-driver.ts';
import { type FeatureMatrix, loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { glmStep } from '../../glm/glm-family.ts';
import { newtonUpdate } from '../../glm/newton-update.ts';
import { composeAlgorithm } from '../../local-runner.ts';
import { referenceProvinces } from '../../reference-population.ts';
import { AGE_BANDS } from '../../subgroups.ts';
import { type MemoryStation, memoryStation } from '../../testing/memory-station.ts';
import { simulateStation, simulationSpec } from '../../testing/simulate-station.ts';
import { aucWithVariance } from '../../validation/exact-auc.ts';
import { central } from './central.ts';
import { definition } from './definition.ts';
import { local } from './local.ts';

const validation = composeAlgorithm(definition, local, central);
const BETA = [-4, 0.35, -0.3, 0.8, 0.1, 0.15];
// A slightly wrong model, so calibration is imperfect and measurable.
const MODEL = [-3.8, 0.3, -0.2, 0.9, 0.1, 0.12];
const spec = simulationSpec();
let stations: MemoryStation[] = [];
let matrices: FeatureMatrix[] = [];

beforeAll(async () => {
  stations = await Promise.all(['a', 'b', 'c'].map((id) => memoryStation(id)));
  for (const [k, s] of stations.entries()) {
    await simulateStation(s.connection, {
      patients: 3000 + 1000 * k,
      seed: 70 + k,
      prefix: `v${k}-`,
      beta: BETA,
      ageShift: 3 * k,
    });
  }
  matrices = await Promise.all(stations.map((s) => loadFeatureMatrix(s.context(), spec)));
});
afterAll(() => {
  for (const s of stations) s.close();
});

/** Metrics computed directly on rows (what a pooled analysis would do). */
function direct(ms: FeatureMatrix[], keep: (m: FeatureMatrix, i: number) => boolean = () => true) {
  const lp: number[] = [];
  const y: number[] = [];
  for (const m of ms) {
    for (let i = 0; i < m.n; i++) {
      if (!keep(m, i)) continue;
      let s = 0;
      for (let j = 0; j < m.p; j++) s += m.x[i * m.p + j]! * MODEL[j]!;
      lp.push(s);
      y.push(m.y[i]!);
    }
  }
  const p = lp.map((v) => 1 / (1 + Math.exp(-v)));
  const n = y.length;
  const brier = p.reduce((a, v, i) => a + (v - y[i]!) ** 2, 0) / n;
  const citl = y.reduce((a, v) => a + v, 0) / n - p.reduce((a, v) => a + v, 0) / n;
  const x = new Float64Array(n * 2);
  lp.forEach((v, i) => {
    x[2 * i] = 1;
    x[2 * i + 1] = v;
  });
  let ab = [0, 1];
  for (let it = 0; it < 30; it++)
    ab = newtonUpdate(glmStep('logistic', x, Float64Array.from(y), 2, ab), ab).beta;
  return {
    auc: aucWithVariance(lp, y).auc,
    brier,
    citl,
    slope: ab[1]!,
    n,
    events: y.filter((v) => v === 1).length,
  };
}

/** The AUC over pairs of an event and a non-event within the same station (what the pooled AUC is). */
function withinStations(ms: FeatureMatrix[], keep?: (m: FeatureMatrix, i: number) => boolean): number {
  const parts = ms.map((m) => direct([m], keep));
  const pairs = parts.map((p) => p.events * (p.n - p.events));
  const all = pairs.reduce((a, p) => a + p, 0);
  return parts.reduce((a, p, k) => a + (pairs[k]! / all) * p.auc, 0);
}

/** The most a noised AUC may be off at one station: rounding/2 patients' parts (1 / the smaller class). */
function aucBound(ms: FeatureMatrix[], rounding: number): number {
  return Math.max(
    ...ms.map((m) => {
      const e = direct([m]).events;
      return Math.max(1, rounding) / 2 / Math.min(e, m.n - e);
    }),
  );
}

describe('external validation', () => {
  it('pooled, per-station and subgroup metrics are a direct computation on the rows within the noise bounds', async () => {
    const run = await runFederated(
      validation,
      stations.map((s) => s.context()),
      { spec, coefficients: MODEL },
    );
    const r = run.result;
    const d = direct(matrices);
    // The test stations round to 1: noise of at most half a patient's largest part on every sum.
    const minN = Math.min(...matrices.map((m) => m.n));
    expect(r.pooled.n).toBe(d.n);
    const auc = withinStations(matrices);
    expect(Math.abs(r.pooled.auc.estimate - auc)).toBeLessThanOrEqual(aucBound(matrices, 1));
    expect(r.pooled.auc.estimate).not.toBe(auc);
    // Pairs within stations, against all pairs of the pooled rows: close, as the stations are alike.
    expect(Math.abs(r.pooled.auc.estimate - d.auc)).toBeLessThan(0.01);
    expect(Math.abs(r.pooled.brier - d.brier)).toBeLessThanOrEqual(0.5 / minN);
    expect(Math.abs(r.pooled.calibrationInTheLarge.difference - d.citl)).toBeLessThanOrEqual(1 / minN);
    // Each station's own fit, pooled by inverse variance: close to the fit on the pooled rows.
    expect(Math.abs(r.pooled.calibrationSlope.slope - d.slope)).toBeLessThan(0.02);
    expect(r.pooled.auc.lower).toBeLessThan(r.pooled.auc.estimate);
    expect(run.rounds).toBe(1);

    const b = direct([matrices[1]!]);
    expect(Math.abs(r.perStation.b!.auc.estimate - b.auc)).toBeLessThanOrEqual(aucBound([matrices[1]!], 1));
    expect(Math.abs(r.perStation.b!.calibrationSlope.slope - b.slope)).toBeLessThan(0.02);

    const female = r.subgroups.find((s) => s.key === 'sex' && s.group === 'female')!;
    const isFemale = (m: FeatureMatrix, i: number) => m.sex[i] === 'female';
    const df = direct(matrices, isFemale);
    expect(female.stations).toEqual(['a', 'b', 'c']);
    expect(Math.abs(female.metrics.auc.estimate - withinStations(matrices, isFemale))).toBeLessThan(0.01);
    expect(Math.abs(female.metrics.brier - df.brier)).toBeLessThan(0.001);
    expect(Math.abs(female.metrics.calibrationSlope.slope - df.slope)).toBeLessThan(0.03);
    // Calibration bins are on the same edges everywhere, and each released one holds at least the threshold.
    expect(r.pooled.calibration.map((c) => c.from)).toEqual(
      [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((x) => expect.closeTo(x, 12)),
    );
    for (const c of r.pooled.calibration) expect(c.n === 0 || c.n >= 10).toBe(true);
  });

  it('asked again, the same model gets the same answer: the noise is the data’s, not the request’s', async () => {
    const ctx = () => stations.map((s) => s.context());
    const once = await runFederated(validation, ctx(), { spec, coefficients: MODEL, subgroups: [] });
    const same = await runFederated(validation, ctx(), { spec, coefficients: MODEL, subgroups: [] });
    expect(same.result.pooled).toEqual(once.result.pooled);
    // The linear predictor doubled: the AUC (ranks) cannot change and the calibration slope halves. Asking
    // a rescaled model does not draw fresh noise on them, so averaging many rescalings gains nothing.
    const doubled = MODEL.map((c) => 2 * c);
    const twice = await runFederated(validation, ctx(), { spec, coefficients: doubled, subgroups: [] });
    expect(twice.result.pooled.auc.estimate).toBe(once.result.pooled.auc.estimate);
    for (const id of ['a', 'b', 'c'])
      expect(twice.result.perStation[id]!.calibrationSlope.slope).toBeCloseTo(
        once.result.perStation[id]!.calibrationSlope.slope / 2,
        9,
      );
  });

  it('at rounding 5, what the noise costs stays within its bounds (the costs are in the decision record)', async () => {
    const policy = { threshold: 10, rounding: 5, maxParamsPerN: 0.33 };
    const run = await runFederated(
      validation,
      stations.map((s) => s.context({ disclosure: policy })),
      { spec, coefficients: MODEL, subgroups: [] },
    );
    const r = run.result;
    const d = direct(matrices);
    const auc = withinStations(matrices);
    const cost = {
      auc: Math.abs(r.pooled.auc.estimate - auc),
      brier: Math.abs(r.pooled.brier - d.brier),
      citl: Math.abs(r.pooled.calibrationInTheLarge.difference - d.citl),
      slope: Math.abs(r.pooled.calibrationSlope.slope - d.slope),
    };
    console.info('validation noise cost at rounding 5', {
      exact: { ...d, aucWithinStations: auc },
      released: r.pooled,
      cost,
    });
    expect(cost.auc).toBeLessThanOrEqual(aucBound(matrices, 5));
    expect(cost.slope).toBeLessThan(0.05);
    // Rounded counts weigh the stations: at most 2 patients off per station on top of the noise.
    expect(cost.brier).toBeLessThan(0.002);
    expect(cost.citl).toBeLessThan(0.004);
  });

  it('flags subgroup gaps above the limit and not below it', async () => {
    const strict = await runFederated(
      validation,
      stations.map((s) => s.context()),
      {
        spec,
        coefficients: MODEL,
        limits: { auc: 1e-6, citl: 1e-6, brier: 1e-6 },
      },
    );
    expect(strict.result.gaps.length).toBeGreaterThan(0);
    expect(strict.result.gaps.every((g) => g.flagged)).toBe(true);
    const lax = await runFederated(
      validation,
      stations.map((s) => s.context()),
      {
        spec,
        coefficients: MODEL,
        limits: { auc: 1, citl: 1, brier: 1 },
      },
    );
    expect(lax.result.gaps.some((g) => g.flagged)).toBe(false);
  });

  it('names every sex, age band and province, held or not: naming a group never says it holds someone', async () => {
    const out = await validation.local(stations[0]!.context(), { spec, coefficients: MODEL }, 0);
    const named = (key: string) =>
      [...out.segments, ...out.suppressed].filter((s) => s.key === key).map((s) => s.group);
    expect(named('sex')).toEqual(expect.arrayContaining(['female', 'male']));
    expect(named('ageBand')).toEqual(expect.arrayContaining([...AGE_BANDS]));
    expect(named('region')).toEqual(expect.arrayContaining([...referenceProvinces()]));
    // An empty group is reported like a small one.
    const empty = out.suppressed.filter((s) => s.key === 'ageBand' && s.group === '0-9');
    for (const s of empty) expect(s.reason).toBe('small');
  });

  it('refuses a constant score: no calibration fit exists, and nothing is released without one', async () => {
    const zeros = MODEL.map(() => 0);
    await expect(
      validation.local(stations[0]!.context(), { spec, coefficients: zeros }, 0),
    ).rejects.toMatchObject({
      code: 'forbidden',
      details: { reason: 'disclosure-risk' },
      where: 'coefficients',
    });
  });

  it('suppresses subgroups below the threshold instead of releasing them', async () => {
    const ctx = stations[0]!.context({ disclosure: { threshold: 100, rounding: 1 } });
    const out = await validation.local(ctx, { spec, coefficients: MODEL }, 0);
    expect(out.suppressed.length).toBeGreaterThan(0);
    for (const s of out.segments) {
      expect(s.events).toBeGreaterThanOrEqual(100);
      for (const c of s.calibration) expect(c.n === null || c.n === 0 || c.n >= 100).toBe(true);
    }
  });

  // Coefficients the requester chooses can make the predicted risk a feature's indicator (a steep
  // coefficient on diabetes), and the mean risk then counts its holders. Two validations on populations
  // at least the threshold apart but a few diabetics apart gave those diabetics' number: each asked set
  // passed, and the risk columns are too far apart in size for the column ledger to compare.
  it('refuses a validation whose feature holders differ from an earlier released set by a few patients', async () => {
    const st = await memoryStation('holders');
    try {
      await simulateStation(st.connection, { patients: 3000, seed: 71, prefix: 'h-', beta: BETA });
      const m = await loadFeatureMatrix(st.context(), spec);
      const d = spec.features.findIndex((f) => f.name === 'diabetes') + 1;
      const f = spec.features.findIndex((x) => x.name === 'female') + 1;
      const rows = Array.from({ length: m.n }, (_, i) => ({
        age: m.age[i]!,
        diabetes: m.x[i * m.p + d]!,
        female: m.x[i * m.p + f]!,
        y: m.y[i]!,
      }));
      rows.sort((a, b) => b.age - a.age);
      // The oldest patients: 1..9 with diabetes, and every other set the validation releases about them
      // (events, non-events, women) at least the threshold, so only the diabetics are a small group.
      const small = (n: number) => n > 0 && n < 10;
      let g = 10;
      for (; g < rows.length; g++) {
        if (rows[g]!.age === rows[g - 1]!.age) continue;
        const old = rows.slice(0, g);
        const count = (k: 'diabetes' | 'female' | 'y') => old.filter((r) => r[k] === 1).length;
        if (count('diabetes') >= 10) g = rows.length;
        else if (
          small(count('diabetes')) &&
          count('y') >= 10 &&
          g - count('y') >= 10 &&
          !small(count('female'))
        )
          break;
      }
      expect(g, 'an oldest group with 1..9 diabetics and ≥ 10 events').toBeLessThan(rows.length);
      const younger = { ...spec.population, maxAge: (rows[g - 1]!.age + rows[g]!.age) / 2 };
      const ctx = st.context({ noise: { secret: new Uint8Array(32).fill(3), dataVersion: 'v1' } });
      await validation.local(ctx, { spec: { ...spec, population: younger }, coefficients: MODEL }, 0);
      await expect(validation.local(ctx, { spec, coefficients: MODEL }, 0)).rejects.toThrow(
        /validation:diabetes=1/,
      );
    } finally {
      st.close();
    }
  });
});
