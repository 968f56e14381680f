import { glmStep } from '../analytics/glm/glm-family.ts';
import { newtonUpdate } from '../analytics/glm/newton-update.ts';

/**
 * The logit of the propensity score of every patient: a logistic regression of exposure on the
 * covariates (standardised; constant columns dropped), fitted by Newton–Raphson with the platform's GLM
 * step. A small ridge keeps the fit finite when a covariate separates the groups.
 *
 * @param rows covariate values per patient (same length each)
 * @param exposed 1 for exposed, 0 for the comparison pool
 */
export function propensityLogits(
  rows: readonly (readonly number[])[],
  exposed: readonly number[],
): Float64Array {
  const n = rows.length;
  const width = rows[0]?.length ?? 0;
  const keep: { col: number; mean: number; sd: number }[] = [];
  for (let c = 0; c < width; c++) {
    let s = 0;
    let ss = 0;
    for (const r of rows) {
      s += r[c]!;
      ss += r[c]! * r[c]!;
    }
    const mean = s / Math.max(1, n);
    const sd = Math.sqrt(Math.max(0, ss / Math.max(1, n) - mean * mean));
    if (sd > 1e-12) keep.push({ col: c, mean, sd });
  }
  const p = keep.length + 1;
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i * p] = 1;
    keep.forEach((k, a) => {
      x[i * p + a + 1] = (rows[i]![k.col]! - k.mean) / k.sd;
    });
    y[i] = exposed[i]!;
  }
  let beta = new Array<number>(p).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const step = glmStep('logistic', x, y, p, beta);
    const next = newtonUpdate(step, beta, 1e-6 * n);
    beta = next.beta;
    if (next.maxChange < 1e-9) break;
  }
  const logits = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let a = 0; a < p; a++) eta += x[i * p + a]! * beta[a]!;
    logits[i] = eta;
  }
  return logits;
}

/**
 * The covariate rows extended for a second-stage propensity model (Rosenbaum & Rubin 1984: when a
 * covariate stays imbalanced after matching, add higher-order terms of it and re-fit): the square of
 * every continuous covariate, and the product of each `focus` covariate (those still imbalanced) with
 * every other covariate. Constant products are dropped by the fit.
 *
 * @param binary per column, whether it is a 0/1 indicator (its square is itself: not added)
 * @param focus column indexes whose interactions are added
 */
export function withInteractions(
  rows: readonly (readonly number[])[],
  binary: readonly boolean[],
  focus: readonly number[],
): number[][] {
  const width = binary.length;
  const squares = binary.flatMap((b, c) => (b ? [] : [c]));
  const pairs: [number, number][] = [];
  for (const f of focus)
    for (let c = 0; c < width; c++) if (c !== f && !(focus.includes(c) && c < f)) pairs.push([f, c]);
  return rows.map((r) => [
    ...r,
    ...squares.map((c) => r[c]! * r[c]!),
    ...pairs.map(([a, b]) => r[a]! * r[b]!),
  ]);
}

/** Standard deviation (population) of the values. */
export function sd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  let s = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    s += values[i]!;
    ss += values[i]! * values[i]!;
  }
  const mean = s / n;
  return Math.sqrt(Math.max(0, ss / n - mean * mean));
}
