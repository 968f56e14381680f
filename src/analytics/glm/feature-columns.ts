import type { LocalContext } from '../algorithm.ts';
import { canonicalColumn, featureTransform } from '../features/canonical-column.ts';
import type { FeatureSpec } from '../features/feature-spec.ts';
import type { FeatureMatrix } from './feature-matrix.ts';

/** One feature's values (column j of the design, 1-based: 0 is the intercept). */
export function featureValues(m: FeatureMatrix, j: number): Float64Array {
  const out = new Float64Array(m.n);
  for (let i = 0; i < m.n; i++) out[i] = m.x[i * m.p + j]!;
  return out;
}

/**
 * A regression's sums (gradient, Hessian) are sums of patient values: every feature and the outcome go
 * through the station's column ledger as canonical columns, and the whole answer is refused when one
 * differs from an earlier released column on 1 … threshold−1 patients (a fit on GP encounters in the 100
 * days after one in the 101 days would read the encounters of a few patients from the sums).
 */
export function requireColumns(ctx: LocalContext, m: FeatureMatrix, spec: FeatureSpec, label: string): void {
  spec.features.forEach((f, k) => {
    const canonical = canonicalColumn(featureValues(m, k + 1), featureTransform(f));
    ctx.release.requireColumn(`${label}:features[${k}]`, m.ids, canonical);
  });
  if (spec.outcome) ctx.release.requireColumn(`${label}:outcome`, m.ids, m.y);
}
