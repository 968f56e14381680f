/** Mean and variance of one covariate in one group. */
export interface GroupMoments {
  n: number;
  mean: number;
  variance: number;
}

export function moments(values: readonly number[]): GroupMoments {
  const n = values.length;
  if (n === 0) return { n: 0, mean: 0, variance: 0 };
  let s = 0;
  for (const v of values) s += v;
  const mean = s / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { n, mean, variance: n > 1 ? ss / (n - 1) : 0 };
}

/**
 * Standardised mean difference of a covariate between exposed and control: the difference of the means
 * over the square root of the mean of the two variances (Austin 2009; for a proportion p the variance is
 * its sample variance, ≈ p(1 − p)). 0 when both groups are constant and equal; null when both are
 * constant and differ (no scale to standardise by).
 */
export function standardisedMeanDifference(exposed: GroupMoments, control: GroupMoments): number | null {
  const pooled = Math.sqrt((exposed.variance + control.variance) / 2);
  const diff = exposed.mean - control.mean;
  if (pooled === 0) return diff === 0 ? 0 : null;
  return diff / pooled;
}

/**
 * The SMD of every column between two groups of covariate rows (see {@link standardisedMeanDifference}).
 *
 * @param width number of columns
 */
export function columnSmds(
  exposed: readonly (readonly number[])[],
  control: readonly (readonly number[])[],
  width: number,
): (number | null)[] {
  return Array.from({ length: width }, (_, c) =>
    standardisedMeanDifference(moments(exposed.map((r) => r[c]!)), moments(control.map((r) => r[c]!))),
  );
}

/** The largest |SMD| of the columns (a column without a scale, null, counts as imbalanced: ∞). */
export function largestAbsSmd(smds: readonly (number | null)[]): number {
  let worst = 0;
  for (const d of smds) worst = Math.max(worst, d === null ? Number.POSITIVE_INFINITY : Math.abs(d));
  return worst;
}
