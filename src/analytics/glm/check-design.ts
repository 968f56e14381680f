import { DEFAULT_DOMINANCE } from '../../privacy/disclosure/disclosure-policy.ts';
import type { StationContext } from '../algorithm.ts';
import { checkRegression, disclosureRisk, dominated, dominatedAtAnyOrigin } from '../disclosure.ts';
import type { FeatureMatrix } from './feature-matrix.ts';

/**
 * Checks once per run that the design is safe to release sums over: enough patients, few parameters per
 * patient, no binary feature or outcome level held by fewer patients than the threshold (a small
 * cell would be readable from the Hessian), and no feature or count outcome that one patient dominates.
 */
export function checkDesign(ctx: StationContext, m: FeatureMatrix, binaryOutcome: boolean): void {
  checkRegression(m.n, m.p, ctx.disclosure, 'glm');
  const t = ctx.disclosure.threshold;
  const maxShare = ctx.disclosure.maxShare ?? DEFAULT_DOMINANCE;
  for (let j = 1; j < m.p; j++) {
    let ones = 0;
    let binary = true;
    for (let i = 0; i < m.n; i++) {
      const v = m.x[i * m.p + j]!;
      if (v === 1) ones++;
      else if (v !== 0) {
        binary = false;
        break;
      }
    }
    if (binary && ((ones > 0 && ones < t) || (m.n - ones > 0 && m.n - ones < t))) {
      throw disclosureRisk('a binary feature has a level below the minimum cell count', `features[${j - 1}]`);
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
  }
}
