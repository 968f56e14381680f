import { inverse, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  ADMISSION_COEFFICIENTS,
  type AdmissionFeature,
  type AdmissionFeatures,
  admissionProbability,
} from './admission-model.ts';
import { simulatePatient } from './patient-generator.ts';
import { synthContext } from './synth-context.ts';

const FEATURES = Object.keys(ADMISSION_COEFFICIENTS).filter((k) => k !== 'intercept') as AdmissionFeature[];
/** χ² with 10 degrees of freedom, upper 0.1% point. */
const CHI2_10_999 = 29.588;

const ctx = synthContext({ patients: 3000, seed: 4242, region: 'Noord-Brabant' });
const planted: { x: AdmissionFeatures; p: number; y: number }[] = [];
for (let i = 0; i < ctx.patients; i++) {
  const a = simulatePatient(ctx, i).facts.admission;
  if (a) planted.push({ x: a.features, p: a.probability, y: a.outcome });
}

/**
 * Score statistic U' I⁻¹ U of the outcomes against a logistic model (intercept + the nine features) with
 * the given coefficients: χ² with 10 degrees of freedom when the outcomes were drawn from that model.
 */
function scoreStatistic(coefficients: Record<'intercept' | AdmissionFeature, number>): number {
  const u = new Array(FEATURES.length + 1).fill(0) as number[];
  const info = Matrix.zeros(u.length, u.length);
  for (const { x, y } of planted) {
    const row = [1, ...FEATURES.map((f) => x[f])];
    const eta = row.reduce((s, v, j) => s + v * coefficients[j === 0 ? 'intercept' : FEATURES[j - 1]!], 0);
    const p = 1 / (1 + Math.exp(-eta));
    for (let j = 0; j < row.length; j++) {
      u[j]! += row[j]! * (y - p);
      for (let k = 0; k < row.length; k++) info.set(j, k, info.get(j, k) + row[j]! * row[k]! * p * (1 - p));
    }
  }
  const uv = Matrix.columnVector(u);
  return uv.transpose().mmul(inverse(info)).mmul(uv).get(0, 0);
}

describe('the planted admission outcome', () => {
  it('states the probability of its own features', () => {
    for (const a of planted) expect(a.p).toBeCloseTo(admissionProbability(a.x), 12);
  });

  it('is drawn from the planted logistic model (score test, 0.1% level)', () => {
    expect(planted.length).toBeGreaterThan(2500);
    expect(scoreStatistic(ADMISSION_COEFFICIENTS)).toBeLessThan(CHI2_10_999);
  });

  it('the score test rejects a model that differs from the planted one', () => {
    // The same outcomes against a model without the age and ED effects.
    const wrong = { ...ADMISSION_COEFFICIENTS, edVisitsPriorYear: 0, ageDecadesCentred: 0 };
    expect(scoreStatistic(wrong)).toBeGreaterThan(CHI2_10_999);
  });
});
