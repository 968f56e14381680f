import { DEFAULT_DOMINANCE } from '../../privacy/disclosure/disclosure-policy.ts';
import type { StationContext } from '../algorithm.ts';
import { checkRegression, disclosureRisk, dominated, dominatedAtAnyOrigin } from '../disclosure.ts';
import type { FeatureMatrix } from './feature-matrix.ts';

/**
 * A feature of at most this many distinct values gives away how many patients hold each value: at round 0
 * the information matrix carries n, Σx and Σx² (times the round's weight), and from them the counts of
 * up to three levels follow exactly (a 0/1 feature's holders are its Σx). With more values the sums no
 * longer pin the levels; a value a few patients hold is then an extreme the dominance rule judges.
 */
export const FEW_VALUES = 3;

/**
 * The rows at each value of column `j` (1-based: 0 is the intercept), most frequent first, when the
 * feature takes at most {@link FEW_VALUES} distinct values; undefined otherwise.
 */
export function featureLevels(m: FeatureMatrix, j: number): [value: number, rows: number[]][] | undefined {
  return valueLevels(m.n, (i) => m.x[i * m.p + j]!);
}

/**
 * The same for a count outcome: a Poisson fit's round-0 deviance plus twice its intercept gradient is
 * Σ 2·y·log y, which with n and Σy pins the patients at each of three levels (0, 1 and 2 admissions).
 */
export function outcomeLevels(m: FeatureMatrix): [value: number, rows: number[]][] | undefined {
  return valueLevels(m.n, (i) => m.y[i]!);
}

function valueLevels(n: number, value: (i: number) => number): [value: number, rows: number[]][] | undefined {
  const levels = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const v = value(i);
    let rows = levels.get(v);
    if (!rows) {
      if (levels.size === FEW_VALUES) return undefined;
      rows = [];
      levels.set(v, rows);
    }
    rows.push(i);
  }
  return [...levels.entries()].sort(([va, a], [vb, b]) => b.length - a.length || va - vb);
}

/** True when a feature's levels are 0 and 1 only (an indicator: a sex, a region, a condition). */
export function isIndicator(levels: readonly [number, number[]][]): boolean {
  return levels.every(([v]) => v === 0 || v === 1);
}

/**
 * Checks once per run that the design is safe to release sums over: enough patients, few parameters per
 * patient, no level of a feature with few values (a 0/1 feature's holders and non-holders, a count's
 * 0, 1 and 2), of a binary outcome or of a count outcome with few values held by fewer patients than the
 * threshold (a small cell would be readable from the Hessian or the deviance), and no feature or count
 * outcome that one patient dominates.
 */
export function checkDesign(ctx: StationContext, m: FeatureMatrix, binaryOutcome: boolean): void {
  checkRegression(m.n, m.p, ctx.disclosure, 'glm');
  const t = ctx.disclosure.threshold;
  const maxShare = ctx.disclosure.maxShare ?? DEFAULT_DOMINANCE;
  for (let j = 1; j < m.p; j++) {
    const levels = featureLevels(m, j);
    const binary = levels !== undefined && isIndicator(levels);
    if (levels?.some(([, rows]) => rows.length < t)) {
      throw disclosureRisk(
        binary
          ? 'a binary feature has a level below the minimum cell count'
          : 'a feature with few distinct values has a level below the minimum cell count',
        `features[${j - 1}]`,
      );
    }
    // A continuous feature one patient dominates (an extreme value) would be readable from its Hessian entry.
    if (!binary) {
      const squares = new Float64Array(m.n);
      for (let i = 0; i < m.n; i++) squares[i] = m.x[i * m.p + j]! ** 2;
      // The requester chooses a feature's origin (impute, centre): a two-valued feature coded other than
      // 0/1, or a constant shifted away from zero, is judged by the distances from its median as well.
      const column = new Float64Array(m.n);
      for (let i = 0; i < m.n; i++) column[i] = m.x[i * m.p + j]!;
      if (dominated(squares, maxShare, t) || dominatedAtAnyOrigin(column, maxShare, t))
        throw disclosureRisk('one patient dominates the sums of a feature', `features[${j - 1}]`);
    }
  }
  if (binaryOutcome) {
    let events = 0;
    for (let i = 0; i < m.n; i++) events += m.y[i]!;
    if (events < t || m.n - events < t)
      throw disclosureRisk('outcome events or non-events below the minimum cell count', 'outcome');
  } else if (dominated(m.y, maxShare, t)) {
    throw disclosureRisk('one patient dominates the sum of the outcome counts', 'outcome');
  } else if (outcomeLevels(m)?.some(([, rows]) => rows.length < t)) {
    throw disclosureRisk(
      'a count outcome with few distinct values has a level below the minimum cell count',
      'outcome',
    );
  }
}
