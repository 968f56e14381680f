import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { unprocessable } from '../../common/app-error.ts';
import type { GlmStep } from './glm-family.ts';
import { twoSidedP, Z975 } from './normal.ts';

/** Sums the stations' steps: the pooled gradient and information are the sums (exactness). */
export function sumSteps(steps: readonly GlmStep[], p: number): GlmStep {
  const gradient = new Array<number>(p).fill(0);
  const hessian = new Array<number>(p * p).fill(0);
  let n = 0;
  let deviance = 0;
  for (const s of steps) {
    if (s.gradient.length !== p || s.hessian.length !== p * p) {
      throw unprocessable('a station returned a gradient or Hessian of the wrong size', 'partials');
    }
    n += s.n;
    deviance += s.deviance;
    for (let a = 0; a < p; a++) gradient[a]! += s.gradient[a]!;
    for (let k = 0; k < p * p; k++) hessian[k]! += s.hessian[k]!;
  }
  return { n, gradient, hessian, deviance };
}

export interface NewtonResult {
  beta: number[];
  /** Largest absolute change of a coefficient in this step. */
  maxChange: number;
  /** Inverse of the (penalised) information at the old coefficients: the covariance estimate. */
  covariance: number[][];
}

/**
 * One Newton–Raphson step with an optional ridge penalty `lambda` on every coefficient but the
 * intercept (index 0): beta' = beta + (H + lambda·D)^-1 (g - lambda·D·beta).
 */
export function newtonUpdate(step: GlmStep, beta: readonly number[], ridge = 0): NewtonResult {
  const p = beta.length;
  const h = new Matrix(p, p);
  const g = new Matrix(p, 1);
  for (let a = 0; a < p; a++) {
    const pen = a === 0 ? 0 : ridge;
    g.set(a, 0, step.gradient[a]! - pen * beta[a]!);
    for (let b = 0; b < p; b++) h.set(a, b, step.hessian[a * p + b]! + (a === b ? pen : 0));
  }
  const chol = new CholeskyDecomposition(h);
  if (!chol.isPositiveDefinite()) {
    throw unprocessable(
      'the information matrix is singular: a feature is constant or collinear, or the outcome is separated',
      'features',
    );
  }
  const delta = chol.solve(g);
  const next = beta.map((b, a) => b + delta.get(a, 0));
  const covariance = chol.solve(Matrix.eye(p, p)).to2DArray();
  const maxChange = Math.max(...Array.from({ length: p }, (_, a) => Math.abs(delta.get(a, 0))));
  return { beta: next, maxChange, covariance };
}

/** A coefficient with its standard error, 95% confidence interval and Wald p-value. */
export interface Coefficient {
  name: string;
  estimate: number;
  se: number;
  lower: number;
  upper: number;
  z: number;
  p: number;
}

export function coefficientTable(
  names: readonly string[],
  beta: readonly number[],
  covariance: number[][],
): Coefficient[] {
  return beta.map((estimate, a) => {
    const se = Math.sqrt(covariance[a]![a]!);
    const z = estimate / se;
    return {
      name: names[a] ?? `x${a}`,
      estimate,
      se,
      lower: estimate - Z975 * se,
      upper: estimate + Z975 * se,
      z,
      p: twoSidedP(z),
    };
  });
}
