import { normalCdf } from '../analytics/glm/normal.ts';

/** The standard normal quantile, by bisection on the CDF (to 1e-12). */
export function normalQuantile(p: number): number {
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The boundary of the two-sided group-sequential Wald rule: with `looks` monthly looks and an overall
 * false-alarm probability `alpha`, each look tests |z| against Φ⁻¹(1 − alpha / (2 · looks)). By
 * Bonferroni the chance of any false alarm in either direction over all looks is at most `alpha`
 * (conservative: consecutive looks share data, so the real rate is lower; README.md states both).
 */
export function sequentialBoundary(alpha: number, looks: number): number {
  return normalQuantile(1 - alpha / (2 * looks));
}

export type AlertKind = 'safety' | 'scale-up';

/** Which alert a z statistic raises, if any. */
export function alertOf(z: number, boundary: number, higherIsWorse: boolean): AlertKind | undefined {
  if (!Number.isFinite(z)) return undefined;
  if (z >= boundary) return higherIsWorse ? 'safety' : 'scale-up';
  if (z <= -boundary) return higherIsWorse ? 'scale-up' : 'safety';
  return undefined;
}
