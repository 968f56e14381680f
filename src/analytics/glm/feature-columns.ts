import type { LocalContext } from '../algorithm.ts';
import { canonicalColumn, featureTransform } from '../features/canonical-column.ts';
import type { FeatureSpec } from '../features/feature-spec.ts';
import { featureLevels, isIndicator, outcomeLevels } from './check-design.ts';
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

/**
 * The patients at each level of a feature with few values are numbers the sums release too: a 0/1
 * feature's information-matrix entry is, at round 0, a quarter of its holders (logistic), blurred only by
 * the phantom patients' share of it, and a count of three values gives each level's patients
 * (`checkDesign`). Each such set goes through the release guard as a set, checked against every set the
 * station released before: a 0/1 feature's holders, and a feature of two or three other values each level
 * but the most frequent (the population minus the others). The whole answer is refused when one may not
 * leave — two fits on populations a few holders apart (everyone, and everyone below an age with all but
 * a few of the holders) would otherwise give those holders' number as the difference of their sums.
 * With `countOutcome` (a Poisson fit) the same for a count outcome of at most three values, whose
 * levels the deviance counts.
 */
export function requireFeatureLevels(
  ctx: LocalContext,
  m: FeatureMatrix,
  spec: FeatureSpec,
  label: string,
  countOutcome = false,
): void {
  const ids = (rows: number[]) => rows.map((i) => m.ids[i]!);
  /** Each level but the most frequent, named by rank, not value: a refusal never states a value. */
  const rarer = (name: string, levels: [number, number[]][]) => {
    const byValue = [...levels].sort(([a], [b]) => a - b);
    for (const [value, rows] of levels.slice(1))
      ctx.release.require(
        `${label}:${name} level ${byValue.findIndex(([v]) => v === value) + 1} of ${levels.length}`,
        ids(rows),
      );
  };
  spec.features.forEach((f, k) => {
    const levels = featureLevels(m, k + 1);
    if (!levels || levels.length < 2) return;
    if (isIndicator(levels)) {
      const holders = levels.find(([v]) => v === 1)![1];
      ctx.release.require(`${label}:${f.name}=1`, ids(holders));
      return;
    }
    rarer(f.name, levels);
  });
  // A count outcome of a few values (a Poisson fit): its deviance counts each level's patients.
  if (countOutcome) {
    const levels = outcomeLevels(m);
    if (levels && levels.length >= 2) rarer('outcome', levels);
  }
}
