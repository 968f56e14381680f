import { badInput } from '../../common/app-error.ts';

/**
 * A station's disclosure rules: counts below `threshold` are never released; every released count is
 * rounded to a multiple of `rounding`. The station's own policy sets them, never the hub.
 */
export interface DisclosurePolicy {
  /** Minimum count of any released cell (table, histogram bin, group). */
  readonly threshold: number;
  /** Counts and rates are rounded to a multiple of this (1 = no rounding). */
  readonly rounding: number;
  /** Minimum number of patients behind a regression or a model evaluation (default: threshold). */
  readonly minRegressionN?: number;
  /** Maximum parameters / n for a regression (DataSHIELD uses 0.33). */
  readonly maxParamsPerN?: number;
  /**
   * Dominance rule for sums of patient values (means, SDs): no single patient may contribute more than
   * this share of the sum of absolute values (default {@link DEFAULT_DOMINANCE}).
   */
  readonly maxShare?: number;
}

/** The (1, 50%) dominance rule: one patient never makes up more than half of a released sum. */
export const DEFAULT_DOMINANCE = 0.5;

export const DEFAULT_DISCLOSURE: DisclosurePolicy = { threshold: 10, rounding: 5 };

/** Why a number was withheld (the faces explain them in Dutch and English). */
export const SuppressionReasons = {
  small: 'fewer patients than the station threshold',
  secondary: 'withheld so that a released total minus the released parts does not give a small group',
  differencing:
    'withheld because, together with a number released earlier (under any permit), it would reveal a group ' +
    'smaller than the threshold',
  dominance: 'withheld because a few patients make up most of the sum',
} as const;
export type SuppressionReason = keyof typeof SuppressionReasons;

/** A number as it leaves the station: the rounded value, or `null` with `suppressed: true`. */
export interface DisclosedCount {
  readonly value: number | null;
  readonly suppressed: boolean;
  readonly reason?: SuppressionReason;
}

/** Rejects a policy that could release small counts. */
export function checkPolicy(policy: DisclosurePolicy, where = 'disclosure'): DisclosurePolicy {
  if (!Number.isInteger(policy.threshold) || policy.threshold < 1) {
    throw badInput('threshold must be a positive integer', `${where}.threshold`);
  }
  if (!Number.isInteger(policy.rounding) || policy.rounding < 1) {
    throw badInput('rounding must be a positive integer', `${where}.rounding`);
  }
  return policy;
}

/** Nearest multiple of `base`, halves up. */
export function roundTo(n: number, base: number): number {
  return Math.floor(n / base + 0.5) * base;
}

/** Applies the threshold and rounding to one exact count. */
export function discloseCount(exact: number, policy: DisclosurePolicy): DisclosedCount {
  if (exact < policy.threshold) return { value: null, suppressed: true, reason: 'small' };
  return { value: roundTo(exact, policy.rounding), suppressed: false };
}

export const suppressed = (reason: SuppressionReason): DisclosedCount => ({
  value: null,
  suppressed: true,
  reason,
});

/** For people: `<10` for a small count, `withheld` for one withheld for another reason, the value otherwise. */
export function formatDisclosed(count: DisclosedCount, policy: DisclosurePolicy): string {
  if (count.value !== null) return String(count.value);
  return count.reason === undefined || count.reason === 'small' ? `<${policy.threshold}` : 'withheld';
}
