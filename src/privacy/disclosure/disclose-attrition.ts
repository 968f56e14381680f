import { type DisclosedCount, type DisclosurePolicy, discloseCount } from './disclosure-policy.ts';

export interface DisclosedStep {
  readonly count: DisclosedCount;
  /**
   * The exact count the released value is based on. Equal to the step's exact count, except when the
   * step removed 1..threshold−1 patients: then the step repeats the step before (`adjusted`), so
   * consecutive released steps never differ by a small group.
   */
  readonly basis: number;
  readonly adjusted: boolean;
  /** The step whose exact count is the basis (this step unless adjusted). */
  readonly basisStep: number;
}

/**
 * Discloses an attrition table (exact counts per step, non-increasing). Any two released steps stand
 * for exact counts that are equal or differ by at least the threshold.
 */
export function discloseAttrition(exact: readonly number[], policy: DisclosurePolicy): DisclosedStep[] {
  let anchor: { n: number; step: number } | undefined;
  return exact.map((n, step) => {
    if (n < policy.threshold)
      return { count: discloseCount(n, policy), basis: n, adjusted: false, basisStep: step };
    if (anchor !== undefined && anchor.n - n > 0 && anchor.n - n < policy.threshold) {
      return {
        count: discloseCount(anchor.n, policy),
        basis: anchor.n,
        adjusted: true,
        basisStep: anchor.step,
      };
    }
    anchor = { n, step };
    return { count: discloseCount(n, policy), basis: n, adjusted: false, basisStep: step };
  });
}
