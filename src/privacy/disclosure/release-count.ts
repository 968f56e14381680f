import { type DisclosedCount, type DisclosurePolicy, roundTo, suppressed } from './disclosure-policy.ts';
import type { ReleaseGuard } from './release-ledger.ts';

/**
 * A count as it leaves the station: the number of `patients`, withheld when below the threshold or when
 * the ledger finds that, with earlier releases, it would reveal a small group; otherwise rounded. The
 * set is then recorded as released by the task.
 */
export function releaseCount(
  guard: ReleaseGuard,
  label: string,
  patients: readonly string[],
  policy: DisclosurePolicy,
): DisclosedCount {
  // Asked even when small, so the task has accounted for every number it considered.
  const admitted = guard.admit(label, patients);
  if (patients.length < policy.threshold) return suppressed('small');
  if (!admitted) return suppressed('differencing');
  return { value: roundTo(patients.length, Math.max(1, policy.rounding)), suppressed: false };
}
