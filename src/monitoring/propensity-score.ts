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
