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
}

/**
 * Discloses an attrition table (exact counts per step, non-increasing). Any two released steps stand
 * for exact counts that are equal or differ by at least the threshold.
 */
export function discloseAttrition(exact: readonly number[], policy: DisclosurePolicy): DisclosedStep[] {
  let anchor: number | undefined;
  return exact.map((n) => {
    if (n < policy.threshold) return { count: discloseCount(n, policy), basis: n, adjusted: false };
    if (anchor !== undefined && anchor - n > 0 && anchor - n < policy.threshold) {
      return { count: discloseCount(anchor, policy), basis: anchor, adjusted: true };
    }
    anchor = n;
    return { count: discloseCount(n, policy), basis: n, adjusted: false };
  });
}
