import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeAlgorithm } from '../../local-runner.ts';
import { runFederated } from '../../federated-driver.ts';
import { type FeatureMatrix, loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { glmStep } from '../../glm/glm-family.ts';
import { newtonUpdate } from '../../glm/newton-update.ts';
import { type MemoryStation, memoryStation } from '../../testing/memory-station.ts';
import { simulateStation, simulationSpec } from '../../testing/simulate-station.ts';
import { exactAuc } from '../../validation/grouped-auc.ts';
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
  return { auc: exactAuc(lp, y), brier, citl, slope: ab[1]!, n };
}

describe('external validation', () => {
  it('pooled, per-station and subgroup metrics equal a direct computation on the rows', async () => {
    const run = await runFederated(
      validation,
      stations.map((s) => s.context()),
      { spec, coefficients: MODEL },
    );
    const r = run.result;
    const d = direct(matrices);
    expect(r.pooled.n).toBe(d.n);
    expect(Math.abs(r.pooled.auc.estimate - d.auc)).toBeLessThanOrEqual(r.pooled.auc.tieBound + 1e-12);
    expect(r.pooled.auc.tieBound).toBeLessThan(0.01);
    expect(r.pooled.brier).toBeCloseTo(d.brier, 12);
    expect(r.pooled.calibrationInTheLarge.difference).toBeCloseTo(d.citl, 12);
    expect(r.pooled.calibrationSlope.slope).toBeCloseTo(d.slope, 6);
    expect(r.pooled.auc.lower).toBeLessThan(r.pooled.auc.estimate);
    expect(run.rounds).toBeLessThanOrEqual(10);

    const b = direct([matrices[1]!]);
    expect(Math.abs(r.perStation.b!.auc.estimate - b.auc)).toBeLessThanOrEqual(
      r.perStation.b!.auc.tieBound + 1e-12,
    );
    expect(r.perStation.b!.calibrationSlope.slope).toBeCloseTo(b.slope, 6);

    const female = r.subgroups.find((s) => s.key === 'sex' && s.group === 'female')!;
    const df = direct(matrices, (m, i) => m.sex[i] === 'female');
    expect(female.stations).toEqual(['a', 'b', 'c']);
    expect(Math.abs(female.metrics.auc.estimate - df.auc)).toBeLessThanOrEqual(
      female.metrics.auc.tieBound + 1e-12,
    );
    expect(female.metrics.brier).toBeCloseTo(df.brier, 12);
    expect(female.metrics.calibrationSlope.slope).toBeCloseTo(df.slope, 6);
    // Calibration bins hold at least the threshold of patients each.
    for (const c of r.pooled.calibration) expect(c.n).toBeGreaterThanOrEqual(10);
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

  it('suppresses subgroups below the threshold instead of releasing them', async () => {
    const ctx = stations[0]!.context({ disclosure: { threshold: 100, rounding: 1 } });
    const out = await validation.local(ctx, { spec, coefficients: MODEL }, 0);
    expect(out.suppressed.length).toBeGreaterThan(0);
    for (const s of out.segments) {
      expect(s.events).toBeGreaterThanOrEqual(100);
      for (const g of [...s.eventScores, ...s.nonEventScores]) expect(g.count).toBeGreaterThanOrEqual(100);
    }
  });
});
