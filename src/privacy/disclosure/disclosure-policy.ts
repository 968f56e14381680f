import { badInput } from '../../common/app-error.ts';

/**
 * A station's disclosure rules: counts below `threshold` are never released; every released count is
 * rounded to a multiple of `rounding`. The station's own policy sets them, never the hub.
 */
export interface DisclosurePolicy {
  readonly threshold: number;
  readonly rounding: number;
}

export const DEFAULT_DISCLOSURE: DisclosurePolicy = { threshold: 10, rounding: 5 };

/**
 * Why a number was withheld: `small` below the threshold; `secondary` withheld so that a released
 * total minus the released parts does not give a small group; `complement` the group's complement
 * within the cohort is small.
 */
export type SuppressionReason = 'small' | 'secondary' | 'complement';

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

/** For people: `<10` for a suppressed count, the rounded value otherwise. */
export function formatDisclosed(count: DisclosedCount, policy: DisclosurePolicy): string {
  return count.value === null ? `<${policy.threshold}` : String(count.value);
}
