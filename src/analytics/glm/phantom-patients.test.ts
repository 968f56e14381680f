import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../features/feature-spec.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { glmStep } from './glm-family.ts';
import { newtonUpdate } from './newton-update.ts';
import { PHANTOMS_PER_KIND, phantomPatients, phantomStep } from './phantom-patients.ts';

const T = 10;
const BOUND = T / 2;

interface Patient {
  id: string;
  age: number;
  y: number;
}

/** The design: the intercept, and age in decades (or, with `binary`, whether the patient is 60 or older). */
function matrixOf(patients: readonly Patient[], withAge: boolean, binary = false): FeatureMatrix {
  const p = withAge ? 2 : 1;
  const x = new Float64Array(patients.length * p);
  patients.forEach((r, i) => {
    x[i * p] = 1;
    if (withAge) x[i * p + 1] = binary ? Number(r.age >= 60) : r.age / 10;
  });
  return {
    n: patients.length,
    p,
    names: withAge ? ['(intercept)', 'age'] : ['(intercept)'],
    x,
    y: Float64Array.from(patients, (r) => r.y),
    ids: patients.map((r) => r.id),
    sex: patients.map(() => 'female'),
    region: patients.map(() => 'Utrecht'),
    age: Float64Array.from(patients, (r) => r.age),
  };
}

const specOf = (withAge: boolean): FeatureSpec => ({
  population: { indexDate: '2025-01-01' },
  features: withAge ? [{ kind: 'age', name: 'age' }] : [],
  outcome: { kind: 'unplanned-admission', days: 365 },
});

/** What a station releases in one round at `beta`, with its phantom patients drawn under `key`. */
function released(
  patients: readonly Patient[],
  withAge: boolean,
  key: Uint8Array,
  beta: readonly number[],
  binary = false,
) {
  const m = matrixOf(patients, withAge, binary);
  const real = glmStep('logistic', m.x, m.y, m.p, beta);
  const blur = phantomStep('logistic', phantomPatients(m, specOf(withAge), key, BOUND), m.p, beta);
  return {
    gradient: real.gradient.map((g, a) => g + blur.gradient[a]!),
    hessian: real.hessian.map((h, k) => h + blur.hessian[k]!),
    deviance: real.deviance + blur.deviance,
  };
}

/** The attack: an intercept-only fit to convergence, and n = 1/(se²·p·(1−p)), e = n·p from its table. */
function countsFromFit(patients: readonly Patient[], key: Uint8Array): { n: number; events: number } {
  let beta = [0];
  let se = 0;
  for (let it = 0; it < 50; it++) {
    const s = released(patients, false, key, beta);
    const u = newtonUpdate({ n: 0, ...s }, beta);
    beta = u.beta;
    se = Math.sqrt(u.covariance[0]![0]!);
    if (u.maxChange < 1e-13) break;
  }
  const p = 1 / (1 + Math.exp(-beta[0]!));
  const n = 1 / (se ** 2 * p * (1 - p));
  return { n, events: n * p };
}

const patientsArb = fc
  .record({
    events: fc.integer({ min: T, max: 40 }),
    nonEvents: fc.integer({ min: T, max: 40 }),
    ages: fc.array(fc.integer({ min: 18, max: 95 }), { minLength: 80, maxLength: 80 }),
  })
  .map(({ events, nonEvents, ages }) =>
    Array.from({ length: events + nonEvents }, (_, i) => ({
      id: `p${(i * 7919) % 100003}`,
      age: ages[i % ages.length]!,
      y: i < events ? 1 : 0,
    })),
  );
const keyArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((k) => Uint8Array.from(k));

describe('phantom patients', () => {
  it('released GLM sums never determine a station’s n or events, and stay within the bound (property)', () => {
    fc.assert(
      fc.property(patientsArb, keyArb, (patients, key) => {
        const n = patients.length;
        const e = patients.filter((r) => r.y === 1).length;
        // Round 0 (β = 0): the information of the intercept is n/4 and its gradient e − n/2 — blurred.
        const round0 = released(patients, true, key, [0, 0]);
        const n0 = 4 * round0.hessian[0]!;
        expect(Math.abs(n0 - n)).toBeGreaterThan(1e-6);
        expect(Math.abs(round0.gradient[0]! + n0 / 2 - e)).toBeGreaterThan(1e-6);
        // The deviance at β = 0 is 2·log 2 per patient: it gives the same blurred n, not the exact one.
        expect(round0.deviance / (2 * Math.LN2)).toBeCloseTo(n0, 6);
        // Nor is a 0/1 feature's share an exact fraction k/n (which would pin n by its denominator).
        const old = patients.filter((r) => r.age >= 60).length;
        const binary = released(patients, true, key, [0, 0], true);
        expect(Math.abs(binary.hessian[1]! / binary.hessian[0]! - old / n)).toBeGreaterThan(1e-9);
        // The attack's intercept-only fit gives n and e plus the phantoms' weights, within the bound.
        const m = matrixOf(patients, false);
        const ph = phantomPatients(m, specOf(false), key, BOUND);
        const weight = ph.weights.reduce((a, w) => a + w, 0);
        const eventWeight = ph.weights.reduce((a, w, r) => a + w * ph.y[r]!, 0);
        const fit = countsFromFit(patients, key);
        expect(fit.n - n).toBeCloseTo(weight, 4);
        expect(fit.events - e).toBeCloseTo(eventWeight, 4);
        expect(Math.abs(fit.n - n)).toBeLessThan(2 * PHANTOMS_PER_KIND * BOUND);
        expect(Math.abs(fit.n - n)).toBeGreaterThan(1e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('the same patients get the same phantom weights whatever the question, order or feature set (property)', () => {
    fc.assert(
      fc.property(patientsArb, keyArb, (patients, key) => {
        const weights = (ps: readonly Patient[], withAge: boolean) =>
          Array.from(phantomPatients(matrixOf(ps, withAge), specOf(withAge), key, BOUND).weights);
        const base = weights(patients, true);
        expect(weights([...patients].reverse(), true)).toEqual(base);
        // Another design on the same patients and outcome: the same blur of n and events.
        expect(weights(patients, false)).toEqual(base);
        // Another set of patients: other weights.
        expect(weights(patients.slice(1), true)).not.toEqual(base);
      }),
      { numRuns: 40 },
    );
  });

  it('what an attacker is left with: several patients of error on one fit, more on a four-fit difference', () => {
    // 180 patients in three age bands of 60 and a group of 4 above them (2 admitted); the attack of
    // test/attacks/glm-exact-n.int.test.ts, with n and e read from each fit as the property above shows.
    const patients: Patient[] = Array.from({ length: 184 }, (_, i) => ({
      id: `q${i}`,
      age: i < 180 ? 20 + Math.floor(i / 60) * 20 + (i % 20) : 95,
      y: i < 180 ? (i % 3 === 0 ? 1 : 0) : i % 2,
    }));
    const bands = [0, 1, 2].map((b) => patients.slice(b * 60, b * 60 + 60));
    const group = patients.slice(180);
    const truth = { n: group.length, events: group.filter((r) => r.y === 1).length };
    const blurOf = (ps: readonly Patient[], key: Uint8Array) => {
      const ph = phantomPatients(matrixOf(ps, false), specOf(false), key, BOUND);
      return {
        n: ph.weights.reduce((a, w) => a + w, 0),
        events: ph.weights.reduce((a, w, r) => a + w * ph.y[r]!, 0),
      };
    };
    const keys = 2000;
    const single: number[] = [];
    const diffN: number[] = [];
    const diffE: number[] = [];
    let singleRight = 0;
    let groupRight = 0;
    for (let k = 0; k < keys; k++) {
      const key = createHash('sha256').update(`station ${k}`).digest();
      const whole = blurOf(patients, key);
      const parts = bands.map((b) => blurOf(b, key));
      single.push(whole.n);
      if (Math.round(patients.length + whole.n) === patients.length) singleRight++;
      const n = truth.n + whole.n - parts.reduce((a, p) => a + p.n, 0);
      const events = truth.events + whole.events - parts.reduce((a, p) => a + p.events, 0);
      diffN.push(n - truth.n);
      diffE.push(events - truth.events);
      if (Math.round(n) === truth.n && Math.round(events) === truth.events) groupRight++;
    }
    const sd = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0) / v.length);
    // One fit: four weights uniform in ±T/2, SD T/2·√(4/3) ≈ 0.58·T; rounding it gives the truth < 10%.
    expect(sd(single)).toBeGreaterThan(0.5 * T);
    expect(sd(single)).toBeLessThan(0.65 * T);
    expect(singleRight / keys).toBeLessThan(0.1);
    // Four fits differenced: SD ≈ 1.15·T patients and ≈ 0.8·T events; both right by rounding < 1% of the time.
    expect(sd(diffN)).toBeGreaterThan(T);
    expect(sd(diffE)).toBeGreaterThan(0.7 * T);
    expect(groupRight / keys).toBeLessThan(0.01);
  });
});
