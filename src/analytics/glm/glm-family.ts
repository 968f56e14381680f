/** The GLM families the platform fits, with their canonical links. */
export const GlmFamilies = {
  logistic: 'binomial outcome, logit link',
  poisson: 'count outcome, log link',
} as const;
export type GlmFamily = keyof typeof GlmFamilies;

/** Sufficient statistics of one Newton step at one station (or on pooled data). */
export interface GlmStep {
  n: number;
  /** Score vector X'(y - mu), length p. */
  gradient: number[];
  /** Fisher information X'WX, p×p row-major. */
  hessian: number[];
  /** Deviance at the current coefficients. */
  deviance: number;
}

/** Clamp so exp() cannot overflow on extreme linear predictors (separation). */
const clampEta = (eta: number) => Math.max(-30, Math.min(30, eta));

/**
 * Gradient, information and deviance of a GLM at `beta` for a row-major design matrix `x` (n × p,
 * intercept column included by the caller).
 */
export function glmStep(
  family: GlmFamily,
  x: Float64Array,
  y: Float64Array,
  p: number,
  beta: readonly number[],
): GlmStep {
  const n = y.length;
  const g = new Float64Array(p);
  const h = new Float64Array(p * p);
  let deviance = 0;
  for (let i = 0; i < n; i++) {
    const off = i * p;
    let eta = 0;
    for (let a = 0; a < p; a++) eta += x[off + a]! * beta[a]!;
    const yi = y[i]!;
    let mu: number;
    let w: number;
    if (family === 'logistic') {
      const e = clampEta(eta);
      mu = 1 / (1 + Math.exp(-e));
      w = mu * (1 - mu);
      // -2 log-likelihood, in the stable form log(1 + e^eta) - y*eta.
      deviance += 2 * ((e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - yi * e);
    } else {
      mu = Math.exp(clampEta(eta));
      w = mu;
      deviance += 2 * ((yi > 0 ? yi * Math.log(yi / mu) : 0) - (yi - mu));
    }
    const r = yi - mu;
    for (let a = 0; a < p; a++) {
      const xa = x[off + a]!;
      if (xa === 0) continue;
      g[a]! += xa * r;
      const wa = w * xa;
      const row = a * p;
      for (let b = a; b < p; b++) h[row + b]! += wa * x[off + b]!;
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) h[a * p + b] = h[b * p + a]!;
  return { n, gradient: Array.from(g), hessian: Array.from(h), deviance };
}
