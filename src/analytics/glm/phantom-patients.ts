import { createHash } from 'node:crypto';
import { quantise } from '../../privacy/disclosure/column-sketch.ts';
import { setSeededUniform, uniformNoise } from '../../privacy/disclosure/set-seeded-noise.ts';
import { canonicalColumn, featureTransform } from '../features/canonical-column.ts';
import type { FeatureSpec } from '../features/feature-spec.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { type GlmFamily, type GlmStep, glmStep } from './glm-family.ts';

/** Phantom patients of each kind: without an event (they blur n) and with one (they blur the events too). */
export const PHANTOMS_PER_KIND = 2;
/** Patients' values averaged into a phantom's value of a feature. */
export const PHANTOM_DRAWS = 10;

/** Weighted rows a station adds to its own before it computes a regression's sums. */
export interface PhantomPatients {
  /** Row-major rows × p, intercept first, like the design matrix. */
  x: Float64Array;
  y: Float64Array;
  /** Each row's weight, uniform in (−bound, bound): how many patients it adds (or takes away). */
  weights: Float64Array;
}

/** SHA-256 of a column's (quantised) values, rows in the order of `order`. */
function columnDigest(values: ArrayLike<number>, order: readonly number[]): string {
  const buf = new Float64Array(order.length);
  order.forEach((i, k) => {
    buf[k] = quantise(values[i]!);
  });
  return createHash('sha256').update(new Uint8Array(buf.buffer)).digest('hex');
}

/**
 * The phantom patients of a regression on the patients of `m` (`docs/decisions/model-statistics-noise.md`):
 * 2·{@link PHANTOMS_PER_KIND} weighted rows whose sums are added to the station's gradient, information
 * matrix and deviance in every round. Every statistic released is then exactly that of the station's
 * patients plus these rows, so the number of patients an attacker can compute from a fit is n + Σ weights,
 * and the number of events e + Σ (event rows' weight × outcome) — never n or e.
 *
 * What each part is seeded by (with the station's `key`) decides what an attacker can average away:
 * - the no-event rows' weights by the set of patients alone: every question about the same patients (any
 *   features, outcome, family, penalty, tolerance, round) carries the same blur of n;
 * - the event rows' weights and outcomes by the patients and the outcome column;
 * - a row's value of a feature, the mean of {@link PHANTOM_DRAWS} patients' values drawn at random, by
 *   the patients and that feature's canonical column (so no phantom row is a real patient's row).
 * The same patients asked about again get the same phantoms, so repeats and variants average nothing out.
 */
export function phantomPatients(
  m: FeatureMatrix,
  spec: FeatureSpec,
  key: Uint8Array,
  bound: number,
): PhantomPatients {
  const k = PHANTOMS_PER_KIND;
  const rows = 2 * k;
  const order = Array.from({ length: m.n }, (_, i) => i).sort((a, b) =>
    m.ids[a]! < m.ids[b]! ? -1 : m.ids[a]! > m.ids[b]! ? 1 : 0,
  );
  const x = new Float64Array(rows * m.p);
  const y = new Float64Array(rows);
  const weights = new Float64Array(rows);
  // Rows 0 … k−1: no event; weights seeded by the patients alone.
  const plain = setSeededUniform(key, 'glm:phantom-patients', m.ids);
  for (let r = 0; r < k; r++) weights[r] = uniformNoise(bound, plain);
  // Rows k … 2k−1: an event (a patient's positive outcome value); seeded by the patients and the outcome.
  const withEvents = order.filter((i) => m.y[i]! > 0);
  const events = setSeededUniform(key, `glm:phantom-events:${columnDigest(m.y, order)}`, m.ids);
  for (let r = k; r < rows; r++) {
    weights[r] = uniformNoise(bound, events);
    const u = events();
    y[r] = withEvents.length > 0 ? m.y[withEvents[Math.floor(u * withEvents.length)]!]! : 0;
  }
  // A phantom's value of a feature is the mean of a few patients' values drawn at random: near the
  // centre, where it moves the intercept (n and e) more than a slope, so the blur costs the coefficients
  // little (bench/model-noise.ts). Not the exact mean: the ratio of two sums would then still be an
  // exact fraction of n (a 0/1 feature's k/n pins n).
  for (let r = 0; r < rows; r++) x[r * m.p] = 1;
  for (let j = 1; j < m.p; j++) {
    const values = new Float64Array(m.n);
    for (let i = 0; i < m.n; i++) values[i] = m.x[i * m.p + j]!;
    const canonical = canonicalColumn(values, featureTransform(spec.features[j - 1]));
    const pick = setSeededUniform(key, `glm:phantom-feature:${columnDigest(canonical, order)}`, m.ids);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let d = 0; d < PHANTOM_DRAWS; d++) sum += values[order[Math.floor(pick() * m.n)]!]!;
      x[r * m.p + j] = sum / PHANTOM_DRAWS;
    }
  }
  return { x, y, weights };
}

/** The phantom patients' part of a round's sums: each row's gradient, information and deviance times its weight. */
export function phantomStep(
  family: GlmFamily,
  phantoms: PhantomPatients,
  p: number,
  beta: readonly number[],
): Omit<GlmStep, 'n'> {
  const gradient = new Array<number>(p).fill(0);
  const hessian = new Array<number>(p * p).fill(0);
  let deviance = 0;
  phantoms.weights.forEach((w, r) => {
    const row = glmStep(
      family,
      phantoms.x.subarray(r * p, (r + 1) * p),
      phantoms.y.subarray(r, r + 1),
      p,
      beta,
    );
    row.gradient.forEach((g, a) => {
      gradient[a]! += w * g;
    });
    row.hessian.forEach((h, k) => {
      hessian[k]! += w * h;
    });
    deviance += w * row.deviance;
  });
  return { gradient, hessian, deviance };
}
